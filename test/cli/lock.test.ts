/**
 * One process drives a run at a time: a second one is refused (exit 4) with the holder's host, pid
 * and start time; a lock whose process is gone on this host is taken over.
 */
import {existsSync, readFileSync} from 'node:fs';
import {readdir, rm, writeFile} from 'node:fs/promises';
import {hostname} from 'node:os';
import {join} from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {belay, deadPid, describeExit, show, start, tempDir, until, writeRunbook} from './belay.js';

let dir: string;
let runbookPath: string;

beforeAll(async () => {
	dir = await tempDir('lock');
	runbookPath = await writeRunbook(dir, 'slow.yaml', {
		version: 1,
		name: 'slow-step',
		title: 'A gate, then a slow step',
		inputs: {marks: {}},
		steps: [
			{id: 'gate', title: 'Open the gate', manual: 'Go on when ready.'},
			{id: 'slow', title: 'Take two seconds', shell: 'sleep 2; echo slow >> "${{ inputs.marks }}"'},
		],
	});
});

afterAll(async () => {
	await rm(dir, {recursive: true, force: true});
});

/** A run paused at its manual gate; returns its state dir and marks file. */
async function pausedRun(runId: string): Promise<{state: string; marks: string}> {
	const state = join(dir, `state-${runId}`);
	const marks = join(dir, `marks-${runId}`);
	const run = await belay(['run', runbookPath, '--run-id', runId, '--input', `marks=${marks}`, '--state-dir', state, '--non-interactive']);
	expect(run.code, describeExit(run)).toBe(3);
	return {state, marks};
}

describe('the run lock', () => {
	it('refuses a second process while the first drives the run, naming host, pid and start time', async () => {
		const {state, marks} = await pausedRun('twice');
		const args = ['resume', 'twice', '--state-dir', state, '--non-interactive', '--yes'];
		const first = start(args);
		const second = start(args);
		const exits = await Promise.all([first.exited, second.exited]);
		const codes = exits.map(exit => exit.code);
		expect([...codes].sort(), exits.map(describeExit).join('\n')).toEqual([0, 4]);
		const loser = codes[0] === 4 ? 0 : 1;
		const winnerPid = [first, second][1 - loser]!.pid;
		const refused = exits[loser]!;
		expect(refused.stderr).toContain(`pid ${winnerPid}`);
		expect(refused.stderr).toContain(hostname());
		const since = /since (\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?Z)/.exec(refused.stderr);
		expect(since, refused.stderr).not.toBeNull();
		expect(Math.abs(Date.parse(since![1]!) - Date.now())).toBeLessThan(60_000);
		expect(refused.stderr).toContain('belay resume twice');
		// The refused process changed nothing: the step ran once, the lock is gone with its holder.
		expect(refused.ms).toBeLessThan(exits[1 - loser]!.ms);
		expect(readFileSync(marks, 'utf8')).toBe('slow\n');
		expect((await show(state, 'twice')).status).toBe('succeeded');
		expect(existsSync(join(state, 'runs', 'twice', 'lock'))).toBe(false);
	});

	it('takes over a lock left by a process that is gone', async () => {
		const {state, marks} = await pausedRun('stale');
		const lock = join(state, 'runs', 'stale', 'lock');
		const pid = deadPid();
		await writeFile(lock, JSON.stringify({host: hostname(), pid, startedAt: '2020-01-01T00:00:00.000Z'}), {mode: 0o600});
		const resumed = await belay(['resume', 'stale', '--state-dir', state, '--non-interactive', '--yes']);
		expect(resumed.code, describeExit(resumed)).toBe(0);
		expect(readFileSync(marks, 'utf8')).toBe('slow\n');
		expect(existsSync(lock)).toBe(false);
		// Nothing of the takeover is left lying about.
		expect((await readdir(join(state, 'runs', 'stale'))).sort()).toEqual(['journal.jsonl', 'output.log']);
	});

	it('takes over a stale lock even when the last process was killed in the middle of a takeover', async () => {
		const {state, marks} = await pausedRun('half-taken');
		const lock = join(state, 'runs', 'half-taken', 'lock');
		const startedAt = new Date().toISOString();
		await writeFile(lock, JSON.stringify({host: hostname(), pid: deadPid(), startedAt}), {mode: 0o600});
		await writeFile(`${lock}.takeover`, JSON.stringify({host: hostname(), pid: deadPid(), startedAt}), {mode: 0o600});
		const resumed = await belay(['resume', 'half-taken', '--state-dir', state, '--non-interactive', '--yes']);
		expect(resumed.code, describeExit(resumed)).toBe(0);
		expect(readFileSync(marks, 'utf8')).toBe('slow\n');
		expect((await readdir(join(state, 'runs', 'half-taken'))).sort()).toEqual(['journal.jsonl', 'output.log']);
	});

	it('refuses a lock held on another host, which it cannot check', async () => {
		const {state, marks} = await pausedRun('remote');
		const lock = join(state, 'runs', 'remote', 'lock');
		await writeFile(lock, JSON.stringify({host: 'build-box-7', pid: 4242, startedAt: '2030-05-06T07:08:09.000Z'}), {mode: 0o600});
		const resumed = await belay(['resume', 'remote', '--state-dir', state, '--non-interactive', '--yes']);
		expect(resumed.code, describeExit(resumed)).toBe(4);
		expect(resumed.stderr).toContain('pid 4242 on build-box-7 since 2030-05-06T07:08:09.000Z');
		expect(existsSync(marks)).toBe(false);
		expect(readFileSync(lock, 'utf8')).toContain('build-box-7');
	});

	it('belay unlock refuses a lock whose holder still runs on this host, naming it, and takes one whose holder is gone', async () => {
		const state = join(dir, 'state-unlock');
		const file = await writeRunbook(dir, 'long.yaml', {version: 1, name: 'long', title: 'Long', steps: [{id: 'slow', title: 'Slow', shell: 'echo slow-started $$; sleep 60'}]});
		const driver = start(['run', file, '--run-id', 'held', '--state-dir', state, '--non-interactive']);
		const lines: string[] = [];
		driver.onLine(line => lines.push(line));
		// The command's own output (`slow-started PID`), not the line that shows the command before it runs.
		const started = (): RegExpExecArray | null => /slow-started (\d+)/.exec(lines.join('\n'));
		expect(await until(() => started() !== null, 20_000), lines.join('\n')).toBe(true);
		const lock = join(state, 'runs', 'held', 'lock');

		const refused = await belay(['unlock', 'held', '--yes', '--state-dir', state]);
		expect(refused.code, describeExit(refused)).toBe(4);
		expect(refused.stderr).toContain(`run held is held by pid ${driver.pid} on this host (${hostname()})`);
		expect(refused.stderr).toContain(`kill ${driver.pid}`);
		expect(existsSync(lock)).toBe(true);

		driver.child.kill('SIGKILL');
		await driver.exited;
		process.kill(-Number(started()![1]), 'SIGKILL');
		const unlocked = await belay(['unlock', 'held', '--yes', '--state-dir', state]);
		expect(unlocked.code, describeExit(unlocked)).toBe(0);
		expect(unlocked.stdout).toContain(`unlocked run held (held by pid ${driver.pid} on ${hostname()}`);
		expect(existsSync(lock)).toBe(false);
	}, 40_000);
});
