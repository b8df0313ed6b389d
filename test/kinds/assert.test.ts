/**
 * The assert step: `{that, message}` checks a fact the procedure depends on ("the restored table has
 * point-in-time recovery on"); it fails with its message when the fact does not hold, and it is
 * read-only, so a dry run checks it too. Run through the real CLI.
 */
import {rm} from 'node:fs/promises';
import {join} from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {belay, describeExit, show, stepOf, tempDir, writeRunbook} from '../cli/belay.js';

let dir: string;

beforeAll(async () => {
	dir = await tempDir('assert');
});

afterAll(async () => {
	await rm(dir, {recursive: true, force: true});
});

const runbook = (expected: number) => ({
	version: 1,
	name: 'asserts',
	title: 'Asserts',
	steps: [
		{id: 'count', title: 'Count', readOnly: true, shell: 'echo 3', outputs: {n: '${{ $number($trim(result.stdout)) }}'}},
		{id: 'short', title: 'Short form', assert: 'steps.count.outputs.n > 0'},
		{
			id: 'exact',
			title: 'The count is right',
			assert: {that: `steps.count.outputs.n = ${expected}`, message: 'expected ' + expected + ' items, found ${{ steps.count.outputs.n }}'},
		},
		{id: 'after', title: 'After', shell: 'echo after'},
	],
});

describe('assert steps', () => {
	it('go on when the condition holds, and fail with the message when it does not', async () => {
		const state = join(dir, 'state');
		const good = await writeRunbook(dir, 'good.yaml', runbook(3));
		const ok = await belay(['run', good, '--run-id', 'good', '--state-dir', state, '--non-interactive']);
		expect(ok.code, describeExit(ok)).toBe(0);
		expect(stepOf(await show(state, 'good'), 'exact').status).toBe('succeeded');

		const bad = await writeRunbook(dir, 'bad.yaml', runbook(4));
		const failed = await belay(['run', bad, '--run-id', 'bad', '--state-dir', state, '--non-interactive']);
		expect(failed.code, describeExit(failed)).toBe(1);
		expect(failed.stdout + failed.stderr).toContain('expected 4 items, found 3');
		const document = await show(state, 'bad');
		expect(stepOf(document, 'exact').status).toBe('failed');
		expect(stepOf(document, 'after').status).toBe('pending');
	});

	it('are checked in a dry run, being read-only', async () => {
		const bad = await writeRunbook(dir, 'dry.yaml', runbook(5));
		const dry = await belay(['run', bad, '--run-id', 'dry', '--state-dir', join(dir, 'state'), '--non-interactive', '--dry-run']);
		expect(dry.code, describeExit(dry)).toBe(1);
		expect(dry.stdout + dry.stderr).toContain('expected 5 items, found 3');
	});

	it('are validated: a condition that does not parse or reads an unknown step is located', async () => {
		const file = await writeRunbook(dir, 'invalid.yaml', {
			version: 1,
			name: 'invalid',
			title: 'Invalid',
			steps: [
				{id: 'one', title: 'One', assert: 'steps.nope.outputs.n = 1'},
				{id: 'two', title: 'Two', assert: {that: '(', message: 'x'}},
			],
		});
		const exit = await belay(['validate', file]);
		expect(exit.code, describeExit(exit)).toBe(2);
		expect(exit.stderr).toMatch(/invalid\.yaml:\d+:\d+: .*unknown step 'nope'/);
		expect(exit.stderr).toMatch(/invalid\.yaml:\d+:\d+: .*does not parse/);
	});
});
