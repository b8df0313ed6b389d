/**
 * No stack traces (hardening class 7): a damaged journal and a state dir belay cannot use each end
 * with one line naming the cause and the next action, the documented exit code, and nothing run.
 * The runbook, YAML and flag cases are in no-traces-input.test.ts, the shell steps that cannot
 * start in shell-start.test.ts.
 */
import {chmodSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {describe, expect, it} from 'vitest';
import {belay, describeExit, tempDir, writeRunbook} from '../cli/belay.js';
import {expectClean, unprivileged} from './clean-exit.js';

type Place = {dir: string; file: string; canary: string; state: string};

/** A folder with a runbook whose second step makes a canary file: a gate, then the canary. */
async function place(name: string): Promise<Place> {
	const dir = await tempDir(`traces-${name}`);
	const canary = join(dir, 'canary');
	const file = await writeRunbook(dir, 'canary.yaml', {
		version: 1,
		name: 'canary',
		title: 'Canary',
		steps: [
			{id: 'gate', title: 'Gate', manual: 'Go?'},
			{id: 'act', title: 'Act', shell: `touch "${canary}"`},
		],
	});
	return {dir, file, canary, state: join(dir, 'state')};
}

/** A run paused at the gate: the canary step is next. */
async function pausedRun(where: Place, runId: string): Promise<string> {
	const exit = await belay(['run', where.file, '--run-id', runId, '--state-dir', where.state, '--non-interactive']);
	expect(exit.code, describeExit(exit)).toBe(3);
	return join(where.state, 'runs', runId, 'journal.jsonl');
}

/** Replaces line `number` (1-based) of a file. */
function replaceLine(path: string, number: number, text: string): void {
	const lines = readFileSync(path, 'utf8').split('\n');
	lines[number - 1] = text;
	writeFileSync(path, lines.join('\n'));
}

describe('a journal damaged in the middle', () => {
	it.each([
		['half an event', '{"type":"vars-computed","at":"20'],
		['JSON that is no event', '42'],
		['an event belay never writes', '{"type":"bogus","at":"2026-01-01T00:00:00.000Z"}'],
	])('with %s on line 2: resume, show and report name the file and the line, and nothing runs', async (_name, text) => {
		const where = await place('journal');
		const journal = await pausedRun(where, 'hurt');
		replaceLine(journal, 2, text);
		for (const args of [['resume', 'hurt', '--yes', '--non-interactive'], ['show', 'hurt'], ['show', 'hurt', '--json'], ['report', 'hurt']]) {
			const exit = await belay([...args, '--state-dir', where.state]);
			const stderr = expectClean(exit, 1, {canary: where.canary});
			expect(stderr).toContain(`belay: ${journal}:2: the journal is damaged`);
			expect(stderr).toContain('restore the file from a backup or repair line 2');
		}
	});

	it('runs lists the other runs and marks the damaged one', async () => {
		const where = await place('runs');
		await pausedRun(where, 'fine');
		const journal = await pausedRun(where, 'hurt');
		replaceLine(journal, 2, 'garbage');
		const text = await belay(['runs', '--state-dir', where.state]);
		expectClean(text, 0, {lines: 0});
		expect(text.stdout).toMatch(/^fine +canary +- +paused /m);
		expect(text.stdout).toMatch(/^hurt +\? +\? +damaged /m);
		expect(text.stdout).toContain(`damaged: hurt: ${journal}:2; see: belay show hurt`);
		const json = await belay(['runs', '--json', '--state-dir', where.state]);
		expectClean(json, 0, {lines: 0});
		const rows = JSON.parse(json.stdout) as {id: string; status: string; line?: number; journal?: string}[];
		expect(rows.map(row => [row.id, row.status])).toEqual([['fine', 'paused'], ['hurt', 'damaged']]);
		expect(rows[1]).toMatchObject({journal, line: 2});
	});

	it('a journal that is a directory cannot be read: show says so in one line', async () => {
		const where = await place('jdir');
		mkdirSync(join(where.state, 'runs', 'odd', 'journal.jsonl'), {recursive: true});
		const exit = await belay(['show', 'odd', '--state-dir', where.state]);
		expect(expectClean(exit, 1)).toContain('the journal cannot be read (it is a directory, not a file)');
	});
});

describe('a state dir belay cannot use', () => {
	it('under a regular file: exit 2, naming the file, nothing ran', async () => {
		const where = await place('file');
		const blocker = join(where.dir, 'blocker');
		writeFileSync(blocker, 'not a folder');
		const exit = await belay(['run', where.file, '--state-dir', join(blocker, 'state'), '--yes', '--non-interactive']);
		expect(expectClean(exit, 2, {canary: where.canary})).toContain(`${blocker} is a file, not a folder, so ${join(blocker, 'state')} cannot be made`);
	});

	it.skipIf(!existsSync('/proc/self'))('under /proc, where mkdir fails although the parent exists: exit 2 at once (no endless mkdir)', async () => {
		const where = await place('proc');
		const state = `/proc/belay-${process.pid}/state`;
		const exit = await belay(['run', where.file, '--state-dir', state, '--yes', '--non-interactive']);
		expect(expectClean(exit, 2, {canary: where.canary})).toContain(`/proc/belay-${process.pid} cannot be created`);
		expect(exit.ms).toBeLessThan(10_000);
	});

	it.skipIf(!existsSync('/proc/self'))('/proc itself is refused and left as it was', async () => {
		const where = await place('proc-root');
		const mode = statSync('/proc').mode;
		const exit = await belay(['run', where.file, '--state-dir', '/proc', '--yes', '--non-interactive']);
		expect(expectClean(exit, 2, {canary: where.canary})).toContain('/proc holds other files and no runs');
		expect(statSync('/proc').mode).toBe(mode);
	});

	it('a read-only state dir is refused and left as it was', async () => {
		const where = await place('readonly');
		mkdirSync(where.state, {mode: 0o555});
		chmodSync(where.state, 0o555);
		const exit = await belay(['run', where.file, '--state-dir', where.state, '--yes', '--non-interactive']);
		expect(expectClean(exit, 2, {canary: where.canary})).toContain(`${where.state} is read-only (mode 0555): make it writable (chmod u+w ${where.state})`);
		expect(statSync(where.state).mode & 0o777).toBe(0o555);
	});

	it('a parent folder this user cannot write: exit 2, permission denied', async () => {
		const where = await place('noperm');
		const parent = join(where.dir, 'locked');
		mkdirSync(parent, {mode: 0o555});
		chmodSync(where.file, 0o644);
		const exit = await belay(['run', where.file, '--state-dir', join(parent, 'a', 'state'), '--yes', '--non-interactive'], unprivileged(where.dir));
		expect(expectClean(exit, 2, {canary: where.canary})).toContain(`${join(parent, 'a')} cannot be created (permission denied)`);
	});

	it('a folder of other files is refused, not closed to others', async () => {
		const where = await place('project');
		const project = join(where.dir, 'project');
		mkdirSync(project, {mode: 0o755});
		chmodSync(project, 0o755);
		writeFileSync(join(project, 'README.md'), '# a project\n');
		const exit = await belay(['run', where.file, '--state-dir', project, '--yes', '--non-interactive']);
		expect(expectClean(exit, 2, {canary: where.canary})).toContain(`${project} holds other files and no runs`);
		expect(statSync(project).mode & 0o777).toBe(0o755);
	});
});
