import {fileURLToPath} from 'node:url';
import YAML from 'yaml';
import {beforeAll, describe, expect, it} from 'vitest';
import {renderDocs} from '../../source/runbook/docs.js';
import {loadRunbookFile, loadRunbookText} from '../../source/runbook/load.js';
import type {LoadedRunbook, Step} from '../../source/runbook/types.js';

const fixture = fileURLToPath(new URL('../fixtures/docs/every-kind.yaml', import.meta.url));

let loaded: LoadedRunbook;
let markdown: string;

beforeAll(async () => {
	const result = await loadRunbookFile(fixture);
	if (!result.ok) throw new Error(`fixture does not load: ${JSON.stringify(result.problems)}`);
	loaded = result.loaded;
	markdown = renderDocs(loaded);
});

/** The steps in document order with the number a reader sees: 1, 2, ... 12.1, 12.2 ... */
function numbered(steps: readonly Step[], prefix = ''): {number: string; step: Step}[] {
	return steps.flatMap((step, index) => {
		const number = `${prefix}${index + 1}`;
		return [{number, step}, ...(step.kind === 'foreach' ? numbered(step.foreach.steps, `${number}.`) : [])];
	});
}

/** The section of a step: its heading line up to the next heading. */
function section(id: string): string {
	const lines = markdown.split('\n');
	const marker = lines.findIndex(line => line.startsWith(`Step \`${id}\` `));
	expect(marker, `no section for step ${id}`).toBeGreaterThan(0);
	let start = marker;
	while (start > 0 && !lines[start]!.startsWith('#')) start--;
	let end = marker + 1;
	let inFence = false;
	while (end < lines.length) {
		if (lines[end]!.startsWith('```')) inFence = !inFence;
		if (!inFence && lines[end]!.startsWith('#')) break;
		end++;
	}
	return lines.slice(start, end).join('\n');
}

/** Cells of the table row whose first cell is `first` (pipes inside cells are escaped). */
function row(text: string, first: string): string[] {
	const rows = text
		.split('\n')
		.filter(line => line.startsWith('|'))
		.map(line =>
			line
				.slice(1, -1)
				.split(/(?<!\\)\|/)
				.map(cell => cell.trim().replace(/\\\|/g, '|')),
		);
	const found = rows.find(cells => cells[0] === first);
	expect(found, `no table row starting with ${first}`).toBeDefined();
	return found!;
}

/** Fenced code blocks: language and body. */
function fences(text: string): {language: string; body: string}[] {
	return [...text.matchAll(/^(`{3,})(\w*)\n([\s\S]*?)\n\1$/gm)].map(match => ({language: match[2]!, body: match[3]!}));
}

describe('belay docs: the runbook', () => {
	it('starts with the title, the name and the description', () => {
		expect(markdown.split('\n')[0]).toBe('# Rehearse a table restore');
		expect(markdown).toContain('`every-kind`');
		expect(markdown).toContain("Copies a table's backup into a **new** table and points the service at it.");
	});

	it('says pairing is required', () => {
		expect(markdown).toMatch(/\*\*Pairing:\*\* required\b/);
	});

	it('lists every environment with account, region, profile, roleArn and protected', () => {
		expect(row(markdown, 'environment')).toEqual(['environment', 'account', 'region', 'profile', 'roleArn', 'protected']);
		expect(row(markdown, '`development`')).toEqual(['`development`', '`111111111111`', '`eu-west-1`', '`dev`', '—', 'no']);
		expect(row(markdown, '`production`')).toEqual([
			'`production`',
			'`333333333333`',
			'`eu-west-2`',
			'—',
			'`arn:aws:iam::333333333333:role/breakglass`',
			'**yes**',
		]);
	});

	it('shows the vars of each environment', () => {
		expect(row(markdown, '`vault`')).toEqual([
			'`vault`',
			'`eu-west-1-development-backup-vault`',
			'`eu-west-2-production-backup-vault`',
		]);
		expect(row(markdown, '`alarmTopic`')).toEqual(['`alarmTopic`', '—', '`ops-alarms`']);
	});

	it('lists every input with type, default, required, pattern or enum, and secret', () => {
		expect(row(markdown, 'input')).toEqual(['input', 'type', 'default', 'required', 'allowed', 'secret', 'description']);
		expect(row(markdown, '`table`')).toEqual([
			'`table`',
			'string',
			'`Lpas`',
			'yes',
			'pattern `^[A-Za-z0-9_.-]{3,255}$`',
			'no',
			'Table to restore',
		]);
		expect(row(markdown, '`mode`').slice(0, 5)).toEqual(['`mode`', 'string', '`copy`', 'yes', 'one of `copy`, `replace`']);
		expect(row(markdown, '`batchSize`').slice(0, 4)).toEqual(['`batchSize`', 'number', '`25`', 'no']);
		expect(row(markdown, '`apiToken`').slice(3, 6)).toEqual(['no', '—', '**yes**']);
	});

	it('shows vars as written, without evaluating them', () => {
		expect(row(markdown, '`restoredName`')).toEqual(['`restoredName`', "`${{ inputs.table & '-' & $date('YYYYMMDD') }}`"]);
		expect(row(markdown, '`tables`')).toEqual(['`tables`', "`${{ ['Lpas', 'Actors'] }}`"]);
	});
});

describe('belay docs: the steps', () => {
	it('numbers every step in order, nested foreach steps as 12.1, 12.2 ...', () => {
		const steps = numbered(loaded.runbook.steps);
		expect(steps.map(entry => entry.number)).toContain('12.3');
		let last = -1;
		for (const {number, step} of steps) {
			const nested = number.includes('.');
			const heading = `${nested ? '####' : '###'} ${nested ? number : `${number}.`} ${step.title}`;
			const at = markdown.indexOf(`\n${heading}\n`);
			expect(at, heading).toBeGreaterThan(last);
			last = at;
		}
	});

	it('gives each step its id and kind, and whether it is read-only or mutating', () => {
		const effects: Record<string, string> = {
			'pre-flight': 'manual · mutating',
			ticket: 'input · read-only',
			strategy: 'select · read-only',
			'recovery-point': 'select · read-only',
			'describe-table': 'aws · read-only',
			'start-restore': 'aws · mutating',
			'restore-done': 'wait · read-only',
			'terraform-plan': 'shell · mutating',
			'list-buckets': 'shell · read-only',
			'plan-reviewed': 'approve · read-only',
			tfvars: 'edit · mutating',
			'each-table': 'foreach · mutating',
			'table-status': 'aws · read-only',
			'table-note': 'manual · mutating',
			'table-delete': 'aws · mutating',
		};
		expect(Object.keys(effects).sort()).toEqual(numbered(loaded.runbook.steps).map(entry => entry.step.id).sort());
		for (const [id, effect] of Object.entries(effects)) {
			const [kind, label] = effect.split(' · ');
			expect(section(id)).toContain(`Step \`${id}\` · **${kind}** · ${label}`);
		}
		expect(section('list-buckets')).toMatch(/read-only \(marked `readOnly`\)/);
	});

	it('has a table of contents with every step number, id, kind and side effect', () => {
		expect(row(markdown, '#')).toEqual(['#', 'step', 'id', 'kind', 'side effect']);
		expect(row(markdown, '5')).toEqual(['5', 'Read the table', '`describe-table`', 'aws', 'read-only']);
		expect(row(markdown, '12.3')).toEqual(['12.3', 'Delete the old copy of ${{ tableName }}', '`table-delete`', 'aws', 'mutating']);
	});

	it('shows manual text and every checklist item as a box to tick', () => {
		const text = section('pre-flight');
		expect(text).toContain('Make sure nothing else is changing.');
		expect(text).toContain('Restoring `${{ inputs.table }}` into `${{ vars.restoredName }}`.');
		expect(text).toContain('- [ ] The service is in maintenance mode\n- [ ] A change freeze is announced');
		expect(text).toContain('Is your pair watching?');
	});

	it('shows an input prompt and its constraints', () => {
		const text = section('ticket');
		expect(text).toContain('The change ticket number');
		expect(text).toContain('`^CHG[0-9]+$`');
		expect(text).toContain('`steps.ticket.value`');
	});

	it('shows select options, or the AWS call a select lists from', () => {
		const options = section('strategy');
		expect(options).toContain('How should the old table be handled?');
		expect(row(options, 'Keep it for a week')).toEqual(['Keep it for a week', '`keep`']);
		expect(row(options, 'Delete it at the end')).toEqual(['Delete it at the end', '`delete`']);
		const from = section('recovery-point');
		expect(from).toMatch(/service `backup`, command `ListRecoveryPointsByBackupVault`/);
		expect(from).toContain('`result.RecoveryPoints`');
		expect(from).toContain('`item.RecoveryPointArn`');
	});

	it('shows an AWS call as service, command and its input as written', () => {
		const text = section('start-restore');
		expect(text).toMatch(/service `backup`, command `StartRestoreJob`, region `eu-west-1`/);
		const yaml = fences(text).filter(block => block.language === 'yaml');
		expect(yaml).toHaveLength(1);
		const step = loaded.runbook.steps.find(candidate => candidate.id === 'start-restore');
		expect(step?.kind).toBe('aws');
		expect(YAML.parse(yaml[0]!.body)).toEqual(step?.kind === 'aws' ? step.aws.input : undefined);
		expect(yaml[0]!.body).toContain('RecoveryPointArn: ${{ steps.`recovery-point`.value }}');
	});

	it('shows when, confirmText, retry, timeout, onFailure and idempotent', () => {
		const text = section('start-restore');
		expect(text).toContain("`${{ inputs.mode = 'copy' }}`");
		expect(text).toContain('type `restore ${{ inputs.table }}` to proceed');
		expect(text).toMatch(/Retry:\*\* up to 3 attempts, 10s apart, the delay growing ×2/);
		expect(text).toMatch(/Timeout:\*\* 5m/);
		expect(text).toMatch(/On failure:\*\* `abort`/);
		expect(text).toMatch(/Idempotent/);
	});

	it('shows outputs with their expressions', () => {
		expect(row(section('start-restore'), '`jobId`')).toEqual(['`jobId`', '`result.RestoreJobId`']);
		expect(row(section('describe-table'), '`arn`')).toEqual(['`arn`', '`result.Table.TableArn`']);
	});

	it('shows what a wait polls, until when, how often and for how long', () => {
		const text = section('restore-done');
		expect(text).toMatch(/service `backup`, command `DescribeRestoreJob`/);
		expect(text).toContain("`result.Status = 'COMPLETED'`");
		expect(text).toContain("`result.Status in ['ABORTED', 'FAILED']`");
		expect(text).toMatch(/Polls every:\*\* 1m/);
		expect(text).toMatch(/Gives up after:\*\* 12h/);
		expect(text).toContain("`$number($replace(result.PercentDone, '%', ''))`");
		expect(text).toContain('`Restore job ${{ result.Status }}`');
	});

	it('shows a shell command in a sh code block, with its directory and environment', () => {
		const plan = section('terraform-plan');
		expect(fences(plan)).toContainEqual({
			language: 'sh',
			body: 'terraform plan -out=restore.tfplan -var table=${{ vars.restoredName }}',
		});
		expect(plan).toContain('`terraform/environment`');
		expect(plan).toContain('`TF_VAR_default_role=operator`');
		expect(plan).toContain('`TF_IN_AUTOMATION=true`');
		expect(fences(section('list-buckets'))).toContainEqual({language: 'sh', body: 'aws s3 ls | grep backup'});
	});

	it('shows an approval prompt and who approves', () => {
		const text = section('plan-reviewed');
		expect(text).toContain('The plan only changes the table name');
		expect(text).toMatch(/Approved by:\*\* one of `alice`, `bob`/);
	});

	it('shows the file an edit changes and each path with its new value', () => {
		const text = section('tfvars');
		expect(text).toContain('`terraform/environment/terraform.tfvars.json` (json)');
		expect(row(text, '`dynamodb.table_name`')).toEqual(['`dynamodb.table_name`', '`${{ vars.restoredName }}`']);
		expect(row(text, '`dynamodb.retain_days`')).toEqual(['`dynamodb.retain_days`', '`7`']);
	});

	it('shows what a foreach loops over, the item name and the concurrency', () => {
		const text = section('each-table');
		expect(text).toContain('`${{ vars.tables }}`');
		expect(text).toContain('named `tableName`');
		expect(text).toContain('2 items at a time');
	});
});

describe('belay docs: other runbooks', () => {
	const minimal = (steps: string, top = ''): string => {
		const result = loadRunbookText(`version: 1\nname: minimal\ntitle: Minimal\n${top}steps:\n${steps}`, 'minimal.yaml');
		if (!result.ok) throw new Error(JSON.stringify(result.problems));
		return renderDocs(result.loaded);
	};

	it('says when no environment is declared and leaves out empty sections', () => {
		const text = minimal('  - id: hello\n    title: Say hello\n    shell: echo hello\n', 'pairing: none\n');
		expect(text).toMatch(/## Environments\n\nNone declared/);
		expect(text).not.toContain('## Inputs');
		expect(text).not.toContain('## Variables');
		expect(text).toMatch(/\*\*Pairing:\*\* none\b/);
		expect(text).toContain('### 1. Say hello');
	});

	it('marks a foreach whose steps only read as read-only', () => {
		const text = minimal(
			[
				'  - id: each',
				'    title: Each table',
				'    foreach:',
				'      items: [a, b]',
				'      steps:',
				'        - id: read',
				'          title: Read it',
				'          aws: {service: dynamodb, command: DescribeTable, input: {TableName: "${{ item }}"}}',
				'',
			].join('\n'),
		);
		expect(text).toContain('Step `each` · **foreach** · read-only');
		expect(text).toContain('#### 1.1 Read it');
		expect(text).toContain('`a`, `b`');
	});

	it('keeps a table intact when a value holds a pipe or backticks', () => {
		const text = minimal(
			'  - id: hello\n    title: Say hello\n    shell: echo hello\n',
			"inputs:\n  filter:\n    description: 'a | b, see `grep`'\n    default: 'x|y'\n",
		);
		const cells = row(text, '`filter`');
		expect(cells).toHaveLength(7);
		expect(cells[2]).toBe('`x|y`');
		expect(cells[6]).toBe('a | b, see `grep`');
	});

	it('keeps a command holding backticks inside its code block', () => {
		const text = minimal('  - id: hello\n    title: Say hello\n    shell: |\n      echo "```"\n      echo done\n');
		expect(fences(text)).toContainEqual({language: 'sh', body: 'echo "```"\necho done'});
	});
});
