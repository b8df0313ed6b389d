/**
 * A shell step's env value whose expression has no value (an optional input left out) fails the
 * step before anything runs, naming the variable, instead of an internal TypeError. Run through the
 * real CLI.
 */
import {rm} from 'node:fs/promises';
import {join} from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {belay, describeExit, show, stepOf, tempDir, writeRunbook} from '../cli/belay.js';

let dir: string;

beforeAll(async () => {
	dir = await tempDir('shell-env');
});

afterAll(async () => {
	await rm(dir, {recursive: true, force: true});
});

describe('shell env', () => {
	it('with no value fails the step, naming the variable, and runs nothing', async () => {
		const file = await writeRunbook(dir, 'env.yaml', {
			version: 1,
			name: 'env',
			title: 'An optional password',
			inputs: {password: {secret: true, required: false}},
			steps: [{id: 'connect', title: 'Connect', shell: {run: 'touch ran', env: {PGPASSWORD: '${{ inputs.password }}'}}}],
		});
		const run = await belay(['run', file, '--run-id', 'env', '--state-dir', join(dir, 'state'), '--non-interactive'], {cwd: dir});
		expect(run.code, describeExit(run)).toBe(1);
		expect(stepOf(await show(join(dir, 'state'), 'env'), 'connect').error?.message).toBe(
			'env.PGPASSWORD: its expression has no value, so the command cannot be run (an optional input not given?)',
		);
		expect(run.stderr + run.stdout).not.toContain('TypeError');
		await expect(rm(join(dir, 'ran'))).rejects.toThrow(/ENOENT/);
	});
});
