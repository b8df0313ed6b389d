/**
 * `resolveRequest`: what each kind of step will do with every value in place, as the operator is
 * shown it and the journal keeps it. Steps come from a small runbook loaded as a file would be.
 */
import {describe, expect, it} from 'vitest';
import {resolveRequest} from '../../source/engine/request.js';
import type {Scope} from '../../source/expressions/evaluate.js';
import {loadRunbookText} from '../../source/runbook/load.js';
import type {Step} from '../../source/runbook/types.js';

const runbookText = `version: 1
name: requests
title: Requests
environments:
  production: {account: "333333333333", region: eu-west-2}
inputs:
  table: {default: Lpas}
  copies: {type: number, default: 2}
vars:
  restored: \${{ inputs.table & '-restored' }}
steps:
  - id: check
    title: Check \${{ inputs.table }}
    manual: Look at \${{ vars.restored }} in \${{ env.name }}.
    checklist: ["Rows of \${{ inputs.table }} counted", "\${{ inputs.copies }} copies made"]
  - id: name
    title: Name of the restored table
    input: {default: "\${{ vars.restored }}"}
  - id: count
    title: How many?
    input: {prompt: "Copies of \${{ inputs.table }}?", type: number, default: "\${{ inputs.copies * 2 }}"}
  - id: free
    title: Free text
    input: {required: false}
  - id: colour
    title: Colour
    select:
      prompt: Which colour for \${{ inputs.table }}?
      options:
        - {label: "Blue \${{ inputs.table }}", value: "\${{ inputs.copies }}"}
        - {label: Green, value: {colour: green, table: "\${{ inputs.table }}"}}
  - id: point
    title: Recovery point
    select:
      from:
        service: backup
        command: ListRecoveryPointsByBackupVault
        input: {BackupVaultName: "\${{ vars.restored }}-vault"}
        paginate: true
      items: result.RecoveryPoints
      label: item.CreationDate
      value: item.RecoveryPointArn
  - id: restore
    title: Restore
    aws:
      service: backup
      command: StartRestoreJob
      region: \${{ env.region }}
      input:
        RecoveryPointArn: arn:aws:backup:eu-west-2:333333333333:recovery-point:1
        Metadata: {targetTableName: "\${{ vars.restored }}"}
  - id: restore-own-token
    title: Restore with its own token
    aws:
      service: backup
      command: StartRestoreJob
      input: {RecoveryPointArn: x, IdempotencyToken: "mine-\${{ inputs.table }}"}
  - id: describe
    title: Describe
    aws:
      service: dynamodb
      command: DescribeTableCommand
      input: {TableName: "\${{ inputs.table }}"}
  - id: wait-active
    title: Wait for \${{ vars.restored }}
    wait:
      aws:
        service: dynamodb
        command: DescribeTable
        input: {TableName: "\${{ vars.restored }}"}
      until: result.Table.TableStatus = 'ACTIVE'
      interval: 10s
  - id: import
    title: Import
    shell:
      run: terraform import "aws_dynamodb_table.\${{ inputs.table }}" \${{ vars.restored }} '\${{ inputs.copies }}'
      cwd: terraform/\${{ env.name }}
      env: {TABLE: "\${{ inputs.table }}", RETRIES: 3, LABEL: "copy of \${{ inputs.table }}"}
  - id: plain
    title: Plain
    shell: echo done
  - id: later
    title: Uses a later value
    shell: echo \${{ steps.name.value }}
  - id: sign-off
    title: Sign off \${{ inputs.table }}
    approve: {prompt: "Restore \${{ vars.restored }}?", by: [carol, dave]}
  - id: by-pair
    title: By the pair
    approve: {by: pair}
  - id: delete
    title: Delete \${{ inputs.table }}
    confirmText: \${{ env.name & '-' & inputs.table }}
    confirm: Really delete \${{ inputs.table }}?
    shell: echo delete
  - id: point-app
    title: Point the app
    edit:
      file: config/\${{ env.name }}.json
      set: {dynamodb.table: "\${{ vars.restored }}", dynamodb.copies: "\${{ inputs.copies }}", fixed: 1}
  - id: point-absolute
    title: Point the app, absolute
    edit:
      file: /etc/app/\${{ env.name }}.yaml
      set: {table: "\${{ vars.restored }}"}
  - id: loop
    title: Loop over \${{ inputs.table }}
    foreach:
      items: [a, b]
      steps:
        - {id: inner, title: Inner, shell: "echo \${{ item }}"}
`;

function load(): Record<string, Step> {
	const result = loadRunbookText(runbookText, 'requests.yaml');
	if (!result.ok) throw new Error(result.problems.map(problem => `${problem.line}:${problem.column} ${problem.message}`).join('\n'));
	const steps: Record<string, Step> = {};
	const visit = (list: readonly Step[]): void => {
		for (const step of list) {
			steps[step.id] = step;
			if (step.kind === 'foreach') visit(step.foreach.steps);
		}
	};
	visit(result.loaded.runbook.steps);
	return steps;
}

const steps = load();

function stepNamed(id: string): Step {
	const step = steps[id];
	if (!step) throw new Error(`no step ${id}`);
	return step;
}

/** What the run would read: a table name that a shell would take apart if it were pasted in. */
const scope: Scope = {
	inputs: {table: `Lpas's "x" $(touch pwned)`, copies: 3},
	vars: {restored: 'Lpas-restored'},
	env: {name: 'production', region: 'eu-west-2'},
	run: {id: 'run-1'},
	steps: {name: {status: 'pending', outputs: {}}},
};
const cleanScope: Scope = {...scope, inputs: {table: 'Lpas', copies: 3}};

const cwd = '/work/restore';

function resolve(id: string, over: Scope = cleanScope, key = id, runId = 'run-1'): Promise<Record<string, unknown>> {
	return resolveRequest(stepNamed(id), over, {now: new Date('2026-11-21T10:00:00Z'), cwd, runId, key});
}

describe('resolveRequest', () => {
	it('manual: title, text and every checklist item resolved', async () => {
		expect(await resolve('check')).toEqual({
			title: 'Check Lpas',
			text: 'Look at Lpas-restored in production.',
			checklist: ['Rows of Lpas counted', '3 copies made'],
		});
	});

	it('input: the prompt is the title unless given; the default is resolved and keeps its type', async () => {
		expect(await resolve('name')).toEqual({title: 'Name of the restored table', prompt: 'Name of the restored table', default: 'Lpas-restored'});
		expect(await resolve('count')).toEqual({title: 'How many?', prompt: 'Copies of Lpas?', default: 6});
	});

	it('input: no default, no default key', async () => {
		const request = await resolve('free');
		expect(request).toEqual({title: 'Free text', prompt: 'Free text'});
		expect('default' in request).toBe(false);
	});

	it('select with options: labels and values resolved, a lone expression keeps its type', async () => {
		expect(await resolve('colour')).toEqual({
			title: 'Colour',
			prompt: 'Which colour for Lpas?',
			options: [
				{label: 'Blue Lpas', value: 3},
				{label: 'Green', value: {colour: 'green', table: 'Lpas'}},
			],
		});
	});

	it('select from an AWS call: the call resolved, the prompt is the title', async () => {
		expect(await resolve('point')).toEqual({
			title: 'Recovery point',
			prompt: 'Recovery point',
			from: {
				service: 'backup',
				command: 'ListRecoveryPointsByBackupVault',
				input: {BackupVaultName: 'Lpas-restored-vault'},
				paginate: true,
			},
		});
	});

	it('aws: the input resolved, the region resolved, and an idempotency token from the run and the step instance', async () => {
		const request = await resolve('restore');
		expect(request).toMatchObject({
			title: 'Restore',
			service: 'backup',
			command: 'StartRestoreJob',
			region: 'eu-west-2',
			input: {
				RecoveryPointArn: 'arn:aws:backup:eu-west-2:333333333333:recovery-point:1',
				Metadata: {targetTableName: 'Lpas-restored'},
			},
		});
		expect('paginate' in request).toBe(false);
		const token = (request['input'] as Record<string, unknown>)['IdempotencyToken'];
		expect(token).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-a[0-9a-f]{3}-[0-9a-f]{12}$/);
		// The same run and step instance give the same token (a resumed call is not repeated) ...
		expect(((await resolve('restore')) ['input'] as Record<string, unknown>)['IdempotencyToken']).toBe(token);
		// ... another run, or another foreach item, another one.
		expect(((await resolve('restore', cleanScope, 'restore', 'run-2'))['input'] as Record<string, unknown>)['IdempotencyToken']).not.toBe(token);
		expect(((await resolve('restore', cleanScope, 'loop[1].restore'))['input'] as Record<string, unknown>)['IdempotencyToken']).not.toBe(token);
	});

	it("aws: a token the step sets is kept; a command that takes none gets none, and the SDK's Command suffix is dropped", async () => {
		expect((await resolve('restore-own-token'))['input']).toEqual({RecoveryPointArn: 'x', IdempotencyToken: 'mine-Lpas'});
		expect(await resolve('describe')).toEqual({title: 'Describe', service: 'dynamodb', command: 'DescribeTable', input: {TableName: 'Lpas'}});
	});

	it('wait: the poll call resolved, without a token', async () => {
		expect(await resolve('wait-active')).toEqual({
			title: 'Wait for Lpas-restored',
			service: 'dynamodb',
			command: 'DescribeTable',
			input: {TableName: 'Lpas-restored'},
		});
	});

	it('shell: every value becomes a positional parameter, shown quoted, with cwd made absolute and env resolved', async () => {
		const request = await resolve('import', scope);
		const table = `Lpas's "x" $(touch pwned)`;
		expect(request).toEqual({
			title: 'Import',
			script: `terraform import "aws_dynamodb_table.\${1}" "\${2}" ''"\${3}"''`,
			args: [table, 'Lpas-restored', '3'],
			command: `terraform import "aws_dynamodb_table.Lpas's \\"x\\" \\$(touch pwned)" Lpas-restored '3'`,
			cwd: '/work/restore/terraform/production',
			env: {TABLE: table, RETRIES: '3', LABEL: `copy of ${table}`},
		});
		expect(request['script']).not.toContain('touch');
	});

	it('shell: a command without values runs as written, in the working folder', async () => {
		expect(await resolve('plain')).toEqual({title: 'Plain', script: 'echo done', args: [], command: 'echo done', cwd, env: {}});
	});

	it('shell: a value that is not there yet stops the step, naming the expression', async () => {
		await expect(resolve('later')).rejects.toThrow("expression 'steps.name.value' has no value, so the command cannot be run");
	});

	it('approve: the prompt and who may approve', async () => {
		expect(await resolve('sign-off')).toEqual({title: 'Sign off Lpas', prompt: 'Restore Lpas-restored?', by: ['carol', 'dave']});
		expect(await resolve('by-pair')).toEqual({title: 'By the pair', prompt: 'By the pair', by: 'pair'});
	});

	it('confirmText and a confirm message are resolved with any kind', async () => {
		expect(await resolve('delete')).toMatchObject({
			title: 'Delete Lpas',
			confirmText: 'production-Lpas',
			confirm: 'Really delete Lpas?',
			command: 'echo delete',
		});
	});

	it('edit: a relative file made absolute from the working folder, the values set resolved with their types', async () => {
		expect(await resolve('point-app')).toEqual({
			title: 'Point the app',
			file: '/work/restore/config/production.json',
			format: 'json',
			set: {'dynamodb.table': 'Lpas-restored', 'dynamodb.copies': 3, fixed: 1},
		});
	});

	it('edit: an absolute file is kept as it is', async () => {
		expect(await resolve('point-absolute')).toEqual({
			title: 'Point the app, absolute',
			file: '/etc/app/production.yaml',
			format: 'yaml',
			set: {table: 'Lpas-restored'},
		});
	});

	it('foreach: only the title, resolved', async () => {
		expect(await resolve('loop')).toEqual({title: 'Loop over Lpas'});
	});
});
