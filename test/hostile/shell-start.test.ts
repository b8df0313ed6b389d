/**
 * A shell step whose command cannot start (hardening class 7): a value too big for a command line
 * or an environment variable, no bash on the PATH, a missing directory. The step fails before
 * anything runs, with one message naming the cause and what to do; the run is saved (exit 1) and
 * `belay resume` runs the step again once the cause is fixed.
 */
import {existsSync} from 'node:fs';
import {join} from 'node:path';
import {describe, expect, it} from 'vitest';
import {belay, journalEvents, tempDir, writeAnswers, writeRunbook} from '../cli/belay.js';
import {expectClean} from './clean-exit.js';

const kib = 1024;

type Case = {dir: string; canary: string; state: string; file: string};

/** A runbook with one shell step, `plan`, that makes the canary when it runs. */
async function shellCase(name: string, shell: (canary: string) => unknown, inputs: Record<string, unknown> = {}): Promise<Case> {
	const dir = await tempDir(`start-${name}`);
	const canary = join(dir, 'canary');
	const file = await writeRunbook(dir, 'plan.yaml', {version: 1, name: 'plan', title: 'Plan', inputs, steps: [{id: 'plan', title: 'Plan', shell: shell(canary)}]});
	return {dir, canary, state: join(dir, 'state'), file};
}

/** Runs the case (with a big input from an answers file), expects the clean step failure, and returns its message. */
async function expectCannotStart(where: Case, {big, env}: {big?: number; env?: Record<string, string>} = {}): Promise<string> {
	const answers = big === undefined ? [] : ['--answers', await writeAnswers(where.dir, 'answers.yaml', {inputs: {big: 'x'.repeat(big)}})];
	const exit = await belay(['run', where.file, '--run-id', 'start', ...answers, '--state-dir', where.state, '--yes', '--non-interactive'], env ? {env} : {});
	const stderr = expectClean(exit, 1, {lines: 2, canary: where.canary});
	expect(stderr).toContain('belay: run start stopped: step plan failed: cannot start the command: ');
	expect(stderr).toContain('Fix the cause, then run: belay resume start (the failed step runs again)');
	const events = await journalEvents(join(where.state, 'runs', 'start', 'journal.jsonl'));
	expect(events.find(event => event['type'] === 'step-failed')).toMatchObject({key: 'plan', error: {code: 'CannotStart'}});
	return stderr;
}

describe('a shell step that cannot start fails cleanly before anything runs', () => {
	it('a ${{ }} value over 128 KiB names the expression and the way round', async () => {
		const where = await shellCase('arg', canary => `touch "${canary}"; echo \${{ inputs.big }} > /dev/null`, {big: {}});
		const stderr = await expectCannotStart(where, {big: 200 * kib});
		expect(stderr).toContain(
			'the value passed as ${{ inputs.big }} is 200 KiB; a command argument can hold at most 128 KiB — write it to a file (edit step) and pass the path',
		);
	});

	it('an env: value over 128 KiB names the variable', async () => {
		const where = await shellCase('env', canary => ({run: `touch "${canary}"`, env: {BIG: '${{ inputs.big }}'}}), {big: {}});
		const stderr = await expectCannotStart(where, {big: 200 * kib});
		expect(stderr).toContain("the value of BIG (env: of step 'plan') is 200 KiB; an environment variable can hold at most 128 KiB — write it to a file (edit step) and pass the path");
	});

	it('values that each fit but together pass the system limit (E2BIG from spawn) fail the same way', async () => {
		const env = Object.fromEntries(Array.from({length: 24}, (_, index) => [`V${index}`, '${{ inputs.big }}']));
		const where = await shellCase('e2big', canary => ({run: `touch "${canary}"`, env}), {big: {}});
		const stderr = await expectCannotStart(where, {big: 120 * kib});
		expect(stderr).toContain('the arguments and environment of the command are too big for the system (E2BIG)');
	});

	it('no bash on the PATH', async () => {
		const where = await shellCase('bash', canary => `touch "${canary}"`);
		const stderr = await expectCannotStart(where, {env: {PATH: join(where.dir, 'no-such-bin')}});
		expect(stderr).toContain(`bash was not found on the PATH (${join(where.dir, 'no-such-bin')}): install bash, or set PATH in the step's env:`);
	});

	it('a cwd that does not exist', async () => {
		const where = await shellCase('cwd', canary => ({run: `touch "${canary}"`, cwd: '/nonexistent/belay/plan'}));
		const stderr = await expectCannotStart(where);
		expect(stderr).toContain("the directory /nonexistent/belay/plan does not exist (cwd of step 'plan')");
	});

	it('a value just under the limit still runs', async () => {
		const where = await shellCase('fits', canary => `echo \${{ inputs.big }} | wc -c > "${canary}"`, {big: {}});
		const answers = await writeAnswers(where.dir, 'answers.yaml', {inputs: {big: 'x'.repeat(100 * kib)}});
		const exit = await belay(['run', where.file, '--answers', answers, '--state-dir', where.state, '--yes', '--non-interactive']);
		expectClean(exit, 0, {lines: exit.stderr.split('\n').filter(Boolean).length});
		expect(existsSync(where.canary)).toBe(true);
	});
});
