/**
 * A select whose options are computed when it runs (one `${{ }}` over an earlier step's outputs):
 * the bundled postgres-restore lists the archives of a directory this way. `--yes` takes the
 * default; an expression that gives nothing to choose from fails the step, saying so. Run through
 * the real CLI.
 */
import {readFileSync, writeFileSync} from 'node:fs';
import {rm} from 'node:fs/promises';
import {join} from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {belay, describeExit, show, stepOf, tempDir, writeRunbook} from '../cli/belay.js';

let dir: string;

beforeAll(async () => {
	dir = await tempDir('select-options');
});

afterAll(async () => {
	await rm(dir, {recursive: true, force: true});
});

const runbook = (listing: string) => ({
	version: 1,
	name: 'archives',
	title: 'Pick an archive',
	steps: [
		{id: 'list', title: 'List the archives', readOnly: true, shell: listing, outputs: {names: '$split(result.stdout, "\\n")[$ != ""]'}},
		{
			id: 'archive',
			title: 'Which archive',
			select: {options: '${{ [steps.list.outputs.names^(>$)].{"label": $, "value": $} }}', default: 'options[0]'},
		},
		{id: 'use', title: 'Use it', shell: 'echo "restoring ${{ steps.archive.value }}"'},
	],
});

describe('select options computed when the step runs', () => {
	it('lists what the earlier step found, and --yes takes the default', async () => {
		const file = await writeRunbook(dir, 'computed.yaml', runbook("printf 'db-20240101.tar.gz\\ndb-20240301.tar.gz\\ndb-20240201.tar.gz\\n'"));
		const run = await belay(['run', file, '--run-id', 'computed', '--state-dir', join(dir, 'state'), '--non-interactive', '--yes']);
		expect(run.code, describeExit(run)).toBe(0);
		expect(run.stdout).toContain('use | restoring db-20240301.tar.gz');
	});

	it('with nothing to choose from fails the step, saying so', async () => {
		const file = await writeRunbook(dir, 'empty.yaml', runbook('true'));
		const run = await belay(['run', file, '--run-id', 'empty', '--state-dir', join(dir, 'state'), '--non-interactive', '--yes']);
		expect(run.code, describeExit(run)).toBe(1);
		expect(run.stdout + run.stderr).toContain('options: there is nothing to choose from');
		expect(stepOf(await show(join(dir, 'state'), 'empty'), 'use').status).toBe('pending');
	});

	it('that are neither a list nor an expression are refused by validate', async () => {
		const file = await writeRunbook(dir, 'invalid.yaml', runbook('true'));
		writeFileSync(file, readFileSync(file, 'utf8').replace(/options: .*$/m, 'options: not a list'));
		const run = await belay(['validate', file]);
		expect(run.code, describeExit(run)).toBe(2);
		expect(run.stderr).toContain('one ${{ }} expression that gives such a list');
	});
});
