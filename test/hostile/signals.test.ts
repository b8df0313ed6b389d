import {existsSync, readFileSync} from 'node:fs';
import {join} from 'node:path';
import {describe, expect, it} from 'vitest';
import {isAlive} from '../../source/store/lock.js';
import {readJournal} from '../../source/store/journal.js';
import {describeExit, start, tempDir, writeRunbook} from '../cli/belay.js';

const until = async (check: () => boolean, ms: number): Promise<boolean> => {
	const end = Date.now() + ms;
	while (Date.now() < end) {
		if (check()) return true;
		await new Promise(resolve => setTimeout(resolve, 50));
	}
	return check();
};

describe('a signal at any moment', () => {
	it.each(['SIGHUP', 'SIGINT', 'SIGTERM'] as const)('%s during a shell step: exit 130 within 5 s, run-interrupted journaled, the command stopped', async signal => {
		const dir = await tempDir(`signal-${signal}`);
		const pids = join(dir, 'pids');
		const file = await writeRunbook(dir, 'long.yaml', {
			version: 1,
			name: 'long',
			title: 'Long',
			steps: [{id: 'long', title: 'Long', shell: `sleep 30 & echo "$$ $!" > "${pids}"; wait`}],
		});
		const state = join(dir, 'state');
		const running = start(['run', file, '--run-id', 'sig', '--state-dir', state, '--non-interactive']);
		expect(await until(() => existsSync(pids) && readFileSync(pids, 'utf8').includes('\n'), 15_000)).toBe(true);
		const group = readFileSync(pids, 'utf8').trim().split(' ').map(Number);
		const signalled = Date.now();
		running.child.kill(signal);
		const exit = await running.exited;
		expect(exit.code, describeExit(exit)).toBe(130);
		expect(Date.now() - signalled).toBeLessThan(5000);
		const events = readJournal(join(state, 'runs', 'sig', 'journal.jsonl')).events;
		expect(events.at(-1)).toMatchObject({type: 'run-interrupted', signal});
		expect(await until(() => group.every(pid => !isAlive(pid)), 3000)).toBe(true);
	});

	it('SIGTERM while a question waits on standard input: exit 130 at once, run-interrupted journaled', async () => {
		const dir = await tempDir('signal-prompt');
		const file = await writeRunbook(dir, 'gate.yaml', {version: 1, name: 'gate', title: 'Gate', steps: [{id: 'gate', title: 'Gate', manual: 'Ready?'}]});
		const state = join(dir, 'state');
		// Standard input is a pipe left open: the line front end asks and waits.
		const running = start(['run', file, '--run-id', 'ask', '--state-dir', state], {env: {BELAY_NO_STDIN: '0'}, stdin: 'pipe'});
		expect(await until(() => existsSync(join(state, 'runs', 'ask', 'journal.jsonl')) && readFileSync(join(state, 'runs', 'ask', 'journal.jsonl'), 'utf8').includes('question-asked'), 15_000)).toBe(true);
		running.child.kill('SIGTERM');
		const exit = await running.exited;
		expect(exit.code, describeExit(exit)).toBe(130);
		expect(readJournal(join(state, 'runs', 'ask', 'journal.jsonl')).events.at(-1)).toMatchObject({type: 'run-interrupted', signal: 'SIGTERM'});
	});

	it('SIGTERM while an expression is evaluated: exit 130 within 5 s, the step left as it was (not failed), nothing run', async () => {
		const dir = await tempDir('signal-expression');
		const canary = join(dir, 'canary');
		// An expression that runs until its 3 s budget stops it: the signal lands while it runs.
		const file = await writeRunbook(dir, 'slow.yaml', {
			version: 1,
			name: 'slow',
			title: 'Slow',
			steps: [{id: 'slow', title: 'Slow', shell: `touch "${canary}"; echo \${{ $count([1..9999999].($ * 2)) }}`}],
		});
		const state = join(dir, 'state');
		const journal = join(state, 'runs', 'expr', 'journal.jsonl');
		const running = start(['run', file, '--run-id', 'expr', '--state-dir', state, '--non-interactive']);
		expect(await until(() => existsSync(journal) && readFileSync(journal, 'utf8').includes('vars-computed'), 15_000)).toBe(true);
		await new Promise(resolve => setTimeout(resolve, 300));
		const signalled = Date.now();
		running.child.kill('SIGTERM');
		const exit = await running.exited;
		expect(exit.code, describeExit(exit)).toBe(130);
		expect(Date.now() - signalled).toBeLessThan(5000);
		const types = readJournal(journal).events.map(event => event.type);
		expect(types).not.toContain('step-failed');
		expect(types.at(-1)).toBe('run-interrupted');
		expect(existsSync(canary)).toBe(false);
	});
});
