/**
 * A select's `default`: an expression over `options` naming the usual choice. `--yes` takes it, the
 * interface starts on it, and a headless run paused at the select prints every option (and which is
 * the default), as `show` does. Run through the real CLI.
 */
import {rm} from 'node:fs/promises';
import {join} from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {belay, describeExit, show, stepOf, tempDir, writeRunbook} from '../cli/belay.js';

let dir: string;

beforeAll(async () => {
	dir = await tempDir('select-default');
});

afterAll(async () => {
	await rm(dir, {recursive: true, force: true});
});

const runbook = (fallback: string) => ({
	version: 1,
	name: 'snapshots',
	title: 'Pick a snapshot',
	steps: [
		{
			id: 'snapshot',
			title: 'Which snapshot',
			select: {
				options: [
					{label: 'nightly', value: 'snap-1'},
					{label: 'newest', value: 'snap-9'},
					{label: 'manual', value: 'snap-5'},
				],
				default: fallback,
			},
		},
		{id: 'use', title: 'Use it', shell: 'echo "restoring ${{ steps.snapshot.value }}"'},
	],
});

describe('select default', () => {
	it('is taken by --yes', async () => {
		const file = await writeRunbook(dir, 'yes.yaml', runbook("$sort(options, function($a, $b) { $a.value < $b.value })[0]"));
		const run = await belay(['run', file, '--run-id', 'yes', '--state-dir', join(dir, 'state'), '--non-interactive', '--yes']);
		expect(run.code, describeExit(run)).toBe(0);
		expect(run.stdout).toContain('use | restoring snap-9');
	});

	it('is shown, with every option, where a headless run pauses and in show', async () => {
		const state = join(dir, 'state');
		const file = await writeRunbook(dir, 'paused.yaml', runbook("options[label = 'manual']"));
		const run = await belay(['run', file, '--run-id', 'paused', '--state-dir', state, '--non-interactive']);
		expect(run.code, describeExit(run)).toBe(3);
		expect(run.stdout).toContain('1. nightly → "snap-1"');
		expect(run.stdout).toContain('3. manual → "snap-5" (default)');
		const shown = await belay(['show', 'paused', '--state-dir', state]);
		expect(shown.stdout).toContain('2. newest → "snap-9"');
		expect(shown.stdout).toContain('3. manual → "snap-5" (default)');
		const document = (await show(state, 'paused')) as unknown as {pausedOn: {options: unknown[]; default: unknown}};
		expect(document.pausedOn.options).toHaveLength(3);
		expect(document.pausedOn.default).toBe('snap-5');
	});

	it('that names no option fails the step, saying so', async () => {
		const file = await writeRunbook(dir, 'none.yaml', runbook("'snap-0'"));
		const run = await belay(['run', file, '--run-id', 'none', '--state-dir', join(dir, 'state'), '--non-interactive', '--yes']);
		expect(run.code, describeExit(run)).toBe(1);
		expect(run.stdout + run.stderr).toContain('default: "snap-0" is none of the 3 options');
		expect(stepOf(await show(join(dir, 'state'), 'none'), 'use').status).toBe('pending');
	});
});
