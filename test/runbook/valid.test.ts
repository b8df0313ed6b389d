import {createHash} from 'node:crypto';
import {readdirSync, readFileSync} from 'node:fs';
import {join} from 'node:path';
import {fileURLToPath} from 'node:url';
import {describe, expect, test} from 'vitest';
import {loadRunbookFile, loadRunbookText} from '../../source/runbook/load.js';
import type {LoadedRunbook, Runbook, Step, StepOfKind} from '../../source/runbook/types.js';
import type {StepKind} from '../../source/runbook/schema.js';

const directory = fileURLToPath(new URL('../fixtures/valid/', import.meta.url));
const fixtures = readdirSync(directory)
	.filter(name => name.endsWith('.yaml'))
	.sort();

async function load(name: string): Promise<LoadedRunbook> {
	const result = await loadRunbookFile(join(directory, name));
	if (!result.ok) {
		const lines = result.problems.map(problem => `${problem.line}:${problem.column}: ${problem.message}`);
		throw new Error(`${name} is invalid:\n${lines.join('\n')}`);
	}
	return result.loaded;
}

/** Every step, nested ones included, by id. */
function stepsById(runbook: Runbook): Map<string, Step> {
	const all = new Map<string, Step>();
	const add = (steps: readonly Step[]): void => {
		for (const step of steps) {
			all.set(step.id, step);
			if (step.kind === 'foreach') add(step.foreach.steps);
		}
	};
	add(runbook.steps);
	return all;
}

function stepOf<K extends StepKind>(runbook: Runbook, id: string, kind: K): StepOfKind<K> {
	const step = stepsById(runbook).get(id);
	expect(step, `no step '${id}'`).toBeDefined();
	expect(step!.kind).toBe(kind);
	return step as StepOfKind<K>;
}

/** The 1-based line of the first line of `text` that contains `needle`. */
function lineOf(text: string, needle: string): number {
	const index = text.split('\n').findIndex(line => line.includes(needle));
	expect(index, `'${needle}' is not in the fixture`).toBeGreaterThanOrEqual(0);
	return index + 1;
}

describe('valid runbooks', () => {
	test('there is at least one valid fixture', () => {
		expect(fixtures.length).toBeGreaterThanOrEqual(3);
	});

	test.each(fixtures)('%s loads without problems', async name => {
		const loaded = await load(name);
		expect(loaded.path).toBe(join(directory, name));
		const text = readFileSync(join(directory, name), 'utf8');
		expect(loaded.source).toBe(text);
		expect(loaded.sha256).toBe(createHash('sha256').update(text).digest('hex'));
	});
});

describe('restore-table.yaml: every step kind, pairing required', () => {
	test('top level: pairing, environments, inputs and vars', async () => {
		const {runbook} = await load('restore-table.yaml');
		expect(runbook.version).toBe(1);
		expect(runbook.name).toBe('restore-table');
		expect(runbook.title).toBe('Restore a DynamoDB table from AWS Backup');
		expect(runbook.description).toContain('Restores **one table**');
		expect(runbook.pairing).toBe('required');

		expect(Object.keys(runbook.environments)).toEqual(['development', 'production']);
		expect(runbook.environments['development']).toEqual({
			name: 'development',
			account: '111111111111',
			region: 'eu-west-1',
			profile: 'dev',
			protected: false,
			sandbox: false,
			vars: {vault: 'eu-west-1-development-backup-vault'},
			endpoints: {},
		});
		expect(runbook.environments['production']).toMatchObject({
			account: '222222222222',
			roleArn: 'arn:aws:iam::222222222222:role/breakglass',
			protected: true,
		});

		expect(runbook.inputs['table']).toEqual({
			name: 'table',
			description: 'Table to restore',
			default: 'Lpas',
			pattern: '^[A-Za-z0-9_.-]{3,255}$',
			type: 'string',
			required: true,
			secret: false,
		});
		expect(runbook.inputs['copies']).toMatchObject({type: 'number', default: 2, required: false});
		expect(runbook.inputs['stage']).toMatchObject({enum: ['blue', 'green'], default: 'blue'});
		expect(runbook.inputs['apiKey']).toMatchObject({secret: true, required: true, type: 'string'});
		expect(runbook.inputs['apiKey']).not.toHaveProperty('default');

		// Vars are kept as written: they are computed when a run starts.
		expect(runbook.vars).toEqual({
			restoredName: "${{ inputs.table & '-' & $date('YYYYMMDD') }}",
			label: 'restore of ${{ inputs.table }} into ${{ vars.restoredName }}',
		});
	});

	test('steps keep their order and kind', async () => {
		const {runbook} = await load('restore-table.yaml');
		expect(runbook.steps.map(step => [step.id, step.kind])).toEqual([
			['maintenance-on', 'manual'],
			['describe', 'aws'],
			['recovery-point', 'select'],
			['colour', 'select'],
			['ticket', 'input'],
			['start-restore', 'aws'],
			['wait-restore', 'wait'],
			['smoke-test', 'shell'],
			['list', 'shell'],
			['plan-reviewed', 'approve'],
			['ops-approval', 'approve'],
			['point-app', 'edit'],
			['each-index', 'foreach'],
			['each-copy', 'foreach'],
			['maintenance-off', 'manual'],
		]);
	});

	test('each step knows where it starts in the file', async () => {
		const {runbook, source} = await load('restore-table.yaml');
		expect(stepOf(runbook, 'describe', 'aws').position).toEqual({line: lineOf(source, '- id: describe'), column: 5});
		expect(stepOf(runbook, 'index-check', 'manual').position).toEqual({
			line: lineOf(source, '- id: index-check'),
			column: 11,
		});
	});

	test('common fields get their defaults', async () => {
		const {runbook} = await load('restore-table.yaml');
		const list = stepOf(runbook, 'list', 'shell');
		expect(list.idempotent).toBe(false);
		expect(list.secret).toBe(false);
		expect(list.outputs).toEqual({});
		for (const field of ['when', 'confirm', 'confirmText', 'readOnly', 'timeoutMs', 'retry', 'onFailure']) {
			expect(list, field).not.toHaveProperty(field);
		}
	});

	test('manual steps: checklist beside the text, or inside the body', async () => {
		const {runbook} = await load('restore-table.yaml');
		expect(stepOf(runbook, 'maintenance-on', 'manual').manual).toEqual({
			text: 'Switch the maintenance page on for ${{ env.name }}.\n',
			checklist: ['Banner shows on the home page', 'Writes are refused'],
		});
		expect(stepOf(runbook, 'maintenance-off', 'manual').manual).toEqual({
			text: 'Switch the maintenance page off.',
			checklist: ['Banner gone'],
		});
		expect(stepOf(runbook, 'index-check', 'manual').manual.checklist).toEqual([]);
	});

	test('aws step: command name normalized, timeout, retry and outputs', async () => {
		const {runbook} = await load('restore-table.yaml');
		const describe = stepOf(runbook, 'describe', 'aws');
		expect(describe.aws).toEqual({
			service: 'dynamodb',
			command: 'DescribeTable',
			input: {TableName: '${{ inputs.table }}'},
			paginate: false,
		});
		expect(describe.timeoutMs).toBe(90_000);
		expect(describe.retry).toEqual({attempts: 3, delayMs: 10_000, backoff: 2});
		expect(describe.outputs).toEqual({arn: 'result.Table.TableArn', status: '${{ result.Table.TableStatus }}'});

		const start = stepOf(runbook, 'start-restore', 'aws');
		expect(start.confirm).toBe('Start restoring ${{ inputs.table }} to ${{ vars.restoredName }}?');
		expect(start.idempotent).toBe(true);
		expect(start.onFailure).toBe('abort');
		expect(start.aws.region).toBe('${{ env.region }}');
		expect(start.aws.input).toEqual({
			RecoveryPointArn: '${{ steps.`recovery-point`.value }}',
			Metadata: {targetTableName: '${{ vars.restoredName }}'},
		});
	});

	test('select steps: from an AWS call, and from static options', async () => {
		const {runbook} = await load('restore-table.yaml');
		expect(stepOf(runbook, 'recovery-point', 'select').select).toEqual({
			prompt: 'Which recovery point?',
			from: {
				service: 'backup',
				command: 'ListRecoveryPointsByResource',
				input: {ResourceArn: '${{ steps.describe.outputs.arn }}'},
				paginate: true,
			},
			items: 'result.RecoveryPoints',
			label: "item.CreationDate & ' ' & item.Status",
			value: 'item.RecoveryPointArn',
		});
		expect(stepOf(runbook, 'colour', 'select').select).toEqual({
			options: [
				{label: 'Blue', value: 'blue'},
				{label: 'Green', value: 'green'},
			],
		});
	});

	test('input step: type, required and secret default', async () => {
		const {runbook} = await load('restore-table.yaml');
		expect(stepOf(runbook, 'ticket', 'input').input).toEqual({
			prompt: 'Ticket number?',
			pattern: '^CHG[0-9]+$',
			default: 'CHG0',
			type: 'string',
			required: true,
			secret: false,
		});
	});

	test('wait step: interval defaults to 30s, its own timeout wins', async () => {
		const {runbook} = await load('restore-table.yaml');
		const wait = stepOf(runbook, 'wait-restore', 'wait').wait;
		expect(wait.intervalMs).toBe(30_000);
		expect(wait.timeoutMs).toBe(8 * 3_600_000);
		expect(wait.aws).toEqual({
			service: 'backup',
			command: 'DescribeRestoreJob',
			input: {RestoreJobId: '${{ steps.`start-restore`.outputs.job }}'},
			paginate: false,
		});
		expect(wait.until).toBe("result.Status = 'COMPLETED'");
		expect(wait.failWhen).toBe("result.Status in ['ABORTED', 'FAILED']");
		expect(wait.progress).toBe('result.PercentDone');
		expect(wait.message).toBe('Restore is ${{ result.Status }}');
	});

	test('shell steps: an object with run, cwd and env; a plain command line', async () => {
		const {runbook} = await load('restore-table.yaml');
		const smoke = stepOf(runbook, 'smoke-test', 'shell');
		expect(smoke.shell).toEqual({
			run: './smoke-test.sh ${{ vars.restoredName }}',
			cwd: 'scripts',
			env: {API_KEY: '${{ inputs.apiKey }}', RETRIES: 3},
		});
		expect(smoke.secret).toBe(true);
		expect(smoke.when).toBe('${{ inputs.copies > 1 }}');
		expect(stepOf(runbook, 'list', 'shell').shell).toEqual({run: 'aws dynamodb list-tables --output json', env: {}});
	});

	test('approve steps: by the pair by default when pairing is required; a list of names', async () => {
		const {runbook} = await load('restore-table.yaml');
		expect(stepOf(runbook, 'plan-reviewed', 'approve').approve).toEqual({
			prompt: 'The plan shows only the table ${{ vars.restoredName }}',
			by: 'pair',
		});
		expect(stepOf(runbook, 'ops-approval', 'approve').approve).toEqual({prompt: 'Operations agree?', by: ['alice', 'bob']});
	});

	test('edit step: json inferred from the file name; confirmText kept', async () => {
		const {runbook} = await load('restore-table.yaml');
		const edit = stepOf(runbook, 'point-app', 'edit');
		expect(edit.edit).toEqual({file: 'config/app.json', format: 'json', set: {'dynamodb.table': '${{ vars.restoredName }}'}});
		expect(edit.confirmText).toBe('${{ env.name }}-${{ inputs.table }}');
	});

	test('foreach steps: as, concurrency, nested steps; defaults item and 1', async () => {
		const {runbook} = await load('restore-table.yaml');
		const each = stepOf(runbook, 'each-index', 'foreach');
		expect(each.foreach.items).toBe('${{ steps.describe.result.Table.GlobalSecondaryIndexes }}');
		expect(each.foreach.as).toBe('gsi');
		expect(each.foreach.concurrency).toBe(2);
		expect(each.foreach.steps.map(step => [step.id, step.kind])).toEqual([
			['index-status', 'shell'],
			['index-check', 'manual'],
		]);
		expect(stepOf(runbook, 'index-check', 'manual').when).toBe('steps.`index-status`.result.exitCode = 0');

		const copies = stepOf(runbook, 'each-copy', 'foreach');
		expect(copies.foreach.items).toEqual(['one', 'two']);
		expect(copies.foreach.as).toBe('item');
		expect(copies.foreach.concurrency).toBe(1);
		expect(stepOf(runbook, 'tag-copy', 'shell').shell.run).toBe('echo ${{ item }} ${{ index }} ${{ steps.`each-index`.result }}');
	});
});

describe('tidy-config.yaml: pairing optional, edit formats, wait defaults', () => {
	test('no pairing, no environments, no inputs: the defaults', async () => {
		const {runbook} = await load('tidy-config.yaml');
		expect(runbook.pairing).toBe('optional');
		expect(runbook.environments).toEqual({});
		expect(runbook.inputs).toEqual({});
		expect(runbook.vars).toEqual({});
		expect(runbook).not.toHaveProperty('description');
	});

	test('approve defaults to anyone when pairing is not required', async () => {
		const {runbook} = await load('tidy-config.yaml');
		expect(stepOf(runbook, 'sign-off', 'approve').approve).toEqual({prompt: 'Go ahead?', by: 'any'});
		expect(stepOf(runbook, 'sign-off-again', 'approve').approve).toEqual({prompt: 'Really?', by: 'any'});
	});

	test('edit format: .yml and .yaml are yaml; an explicit format wins over the name', async () => {
		const {runbook} = await load('tidy-config.yaml');
		expect(stepOf(runbook, 'set-table', 'edit').edit).toEqual({
			file: 'deploy/values.yml',
			format: 'yaml',
			set: {'app.table': '${{ steps.`table-name`.value }}', 'app.replicas': 2},
		});
		expect(stepOf(runbook, 'yaml-file', 'edit').edit.format).toBe('yaml');
		expect(stepOf(runbook, 'set-flags', 'edit').edit).toEqual({file: 'flags.txt', format: 'json', set: {enabled: true}});
	});

	test('input step with an enum', async () => {
		const {runbook} = await load('tidy-config.yaml');
		expect(stepOf(runbook, 'table-name', 'input').input).toEqual({
			prompt: 'Which table?',
			type: 'string',
			enum: ['Lpas', 'Users'],
			required: true,
			secret: false,
		});
	});

	test('wait: interval 1m30s; without one, 30s, and the step timeout applies', async () => {
		const {runbook} = await load('tidy-config.yaml');
		const given = stepOf(runbook, 'wait-table', 'wait');
		expect(given.wait.intervalMs).toBe(90_000);
		expect(given.wait).not.toHaveProperty('timeoutMs');

		const defaults = stepOf(runbook, 'wait-default', 'wait');
		expect(defaults.wait.intervalMs).toBe(30_000);
		expect(defaults.timeoutMs).toBe(15 * 60_000);
		expect(defaults.wait.timeoutMs).toBe(15 * 60_000);
		expect(defaults.wait.aws).toEqual({service: 'sts', command: 'GetCallerIdentity', input: {}, paginate: false});
	});

	test('retry: delay 5s and backoff 1 unless given', async () => {
		const {runbook} = await load('tidy-config.yaml');
		expect(stepOf(runbook, 'wait-default', 'wait').retry).toEqual({attempts: 2, delayMs: 5000, backoff: 1});
	});
});

describe('quoting.yaml: expressions in every scalar style', () => {
	test('values are read as YAML reads them', async () => {
		const {runbook} = await load('quoting.yaml');
		expect(runbook.title).toBe('Expressions in quoted, folded and literal scalars');
		expect(stepOf(runbook, 'plain', 'manual').manual.text).toBe(
			'Restore ${{ inputs.table }} now and check ${{ inputs.table }} after',
		);
		expect(stepOf(runbook, 'double', 'manual').manual.text).toBe('Restore "${{ inputs.table }}" now');
		expect(stepOf(runbook, 'single', 'manual').manual.text).toBe("It's ${{ inputs.table }}");
		expect(stepOf(runbook, 'literal', 'shell').shell.run).toBe(
			'set -e\necho ${{ inputs.table }}\n  echo "${{ $uppercase(inputs.table) }}"\n',
		);
		expect(stepOf(runbook, 'folded', 'manual').manual.text).toBe('Restore ${{ inputs.table }} and wait.\n');
	});

	test('an expression that holds `}}` (a nested object) is one expression', async () => {
		const {runbook} = await load('quoting.yaml');
		const nested = stepOf(runbook, 'nested', 'aws');
		expect(nested.aws.command).toBe('GetCallerIdentity');
		expect(nested.outputs).toEqual({who: "${{ {'account': result.Account, 'arn': result.Arn} }}"});
	});
});

describe('approve defaults by pairing', () => {
	const runbook = (pairing: string): string => `version: 1
name: approvals
title: Approvals
pairing: ${pairing}
steps:
  - id: sign-off
    title: Sign off
    approve: Go ahead?
`;

	test.each([
		['required', 'pair'],
		['optional', 'any'],
		['none', 'any'],
	])('pairing %s: by %s', (pairing, by) => {
		const result = loadRunbookText(runbook(pairing), 'approvals.yaml');
		expect(result.ok).toBe(true);
		if (!result.ok) return;
		expect(result.loaded.runbook.pairing).toBe(pairing);
		expect(stepOf(result.loaded.runbook, 'sign-off', 'approve').approve.by).toBe(by);
	});
});
