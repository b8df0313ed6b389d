import {readFile, writeFile} from 'node:fs/promises';
import {existsSync} from 'node:fs';
import {join} from 'node:path';
import {describe, expect, it} from 'vitest';
import {belay, describeExit, isAlive, journalEvents, show, start, stepOf, tempDir, until, writeAnswers, writeRunbook, filesUnder} from './belay.js';

describe('resuming safely', () => {
	it('does not start a command again while the one from the killed run is still running', async () => {
		const dir = await tempDir('belay-still-running-');
		const state = join(dir, 'state');
		const file = await writeRunbook(dir, 'slow.yaml', {
			version: 1,
			name: 'slow',
			title: 'Slow',
			pairing: 'none',
			steps: [{id: 'apply', title: 'Apply', shell: `sleep 3 && echo applied >> ${join(dir, 'marks')}`}],
		});
		const running = start(['run', file, '--state-dir', state, '--non-interactive', '--run-id', 'slow-1'], {cwd: dir});
		const journal = join(state, 'runs', 'slow-1', 'journal.jsonl');
		const spawned = await until(async () => existsSync(journal) && (await journalEvents(journal)).some(event => event['type'] === 'step-process'), 10_000);
		expect(spawned).toBe(true);
		const pid = (await journalEvents(journal)).find(event => event['type'] === 'step-process')!['pid'] as number;
		running.child.kill('SIGKILL');
		await running.exited;
		expect(isAlive(pid)).toBe(true);

		const answers = await writeAnswers(dir, 'answers.yaml', {steps: {apply: {resume: 'retry'}}});
		const refused = await belay(['resume', 'slow-1', '--state-dir', state, '--non-interactive', '--answers', answers], {cwd: dir});
		expect(refused.code, describeExit(refused)).toBe(3);
		expect(refused.stdout + refused.stderr).toContain(`still running (process group ${pid})`);
		expect(refused.stdout + refused.stderr).toContain(`kill -TERM -${pid}`);

		// Once the old command has ended, the retry runs it once more.
		expect(await until(() => !isAlive(pid), 10_000)).toBe(true);
		const resumed = await belay(['resume', 'slow-1', '--state-dir', state, '--non-interactive', '--answers', answers], {cwd: dir});
		expect(resumed.code, describeExit(resumed)).toBe(0);
		expect((await readFile(join(dir, 'marks'), 'utf8')).trim().split('\n')).toEqual(['applied', 'applied']);
	}, 40_000);

	it('asks a secret input step again on resume, and never writes its value', async () => {
		const dir = await tempDir('belay-secret-step-');
		const state = join(dir, 'state');
		const file = await writeRunbook(dir, 'secret.yaml', {
			version: 1,
			name: 'secret-step',
			title: 'Secret step',
			pairing: 'none',
			steps: [
				{id: 'password', title: 'Database password', input: {prompt: 'Password', secret: true}},
				{id: 'ready', title: 'Ready?', manual: 'Check'},
				{id: 'use', title: 'Use it', shell: `test \${{ steps.password.value }} = hunter2-zz && echo ok >> ${join(dir, 'marks')}`},
			],
		});
		const first = await writeAnswers(dir, 'first.yaml', {steps: {password: 'hunter2-zz'}});
		const paused = await belay(['run', file, '--state-dir', state, '--non-interactive', '--run-id', 's-1', '--answers', first], {cwd: dir});
		expect(paused.code, describeExit(paused)).toBe(3);
		expect(stepOf(await show(state, 's-1'), 'password').status).toBe('succeeded');

		// Without the secret, the resume stops at the secret step again.
		const onlyReady = await writeAnswers(dir, 'ready.yaml', {steps: {ready: true}});
		const again = await belay(['resume', 's-1', '--state-dir', state, '--non-interactive', '--answers', onlyReady], {cwd: dir});
		expect(again.code, describeExit(again)).toBe(3);
		const document = await show(state, 's-1');
		expect(document.pausedOn?.key ?? '').toBe('password');

		const both = await writeAnswers(dir, 'both.yaml', {steps: {ready: true, password: 'hunter2-zz'}});
		const done = await belay(['resume', 's-1', '--state-dir', state, '--non-interactive', '--answers', both], {cwd: dir});
		expect(done.code, describeExit(done)).toBe(0);
		expect(await readFile(join(dir, 'marks'), 'utf8')).toBe('ok\n');
		for (const path of await filesUnder(state)) expect(await readFile(path, 'utf8'), path).not.toContain('hunter2-zz');
	}, 30_000);

	it('keeps the output of a failing secret step out of the journal', async () => {
		const dir = await tempDir('belay-secret-fail-');
		const state = join(dir, 'state');
		const file = await writeRunbook(dir, 'leak.yaml', {
			version: 1,
			name: 'leak',
			title: 'Leak',
			pairing: 'none',
			steps: [{id: 'token', title: 'Get a token', secret: true, shell: "printf 'tok-%s\\n' 3141592; exit 4"}],
		});
		const failed = await belay(['run', file, '--state-dir', state, '--non-interactive', '--run-id', 'l-1'], {cwd: dir});
		expect(failed.code, describeExit(failed)).toBe(1);
		expect(failed.stdout + failed.stderr).toContain('output hidden: the step is secret');
		expect(failed.stdout + failed.stderr).not.toContain('tok-3141592');
		for (const path of await filesUnder(state)) expect(await readFile(path, 'utf8'), path).not.toContain('tok-3141592');
	});

	it('names a change to the inputs as drift, not only changes to steps', async () => {
		const dir = await tempDir('belay-drift-settings-');
		const state = join(dir, 'state');
		const runbook = {
			version: 1,
			name: 'drifty',
			title: 'Drifty',
			pairing: 'none',
			inputs: {table: {default: 'Lpas'}},
			steps: [{id: 'ready', title: 'Ready?', manual: 'Check ${{ inputs.table }}'}],
		};
		const file = await writeRunbook(dir, 'drifty.yaml', runbook);
		const paused = await belay(['run', file, '--state-dir', state, '--non-interactive', '--run-id', 'd-1'], {cwd: dir});
		expect(paused.code, describeExit(paused)).toBe(3);
		await writeFile(file, (await readFile(file, 'utf8')).replace('Lpas', 'Actors'));
		const refused = await belay(['resume', 'd-1', '--state-dir', state, '--non-interactive'], {cwd: dir});
		expect(refused.code, describeExit(refused)).toBe(2);
		expect(refused.stderr).toContain('(inputs, vars, environments or other settings) (changed)');
		expect(refused.stderr).toContain('--accept-changes');
	});
});
