/**
 * Signals in the Ink interface (hardening class 6), in a real terminal (tmux, 80×24): SIGTERM,
 * SIGHUP (the terminal closing) and SIGINT sent to belay's pid end the run within 5 s with exit 130,
 * run-interrupted journaled (with the signal's name), the step's process group stopped, and the
 * terminal given back as it was (cursor shown, typed keys echoed). Before a run is opened, a signal
 * leaves with exit 130 and nothing run.
 *
 * Needs tmux (CI installs it: .ci/run); without it the suite is skipped, saying so.
 */
import {existsSync, readFileSync} from 'node:fs';
import {mkdir, mkdtemp, rm, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {isAlive} from '../../source/store/lock.js';
import {belayShellCommand, frame, hasTmux, sleep, type Terminal, TmuxServer} from './tmux.js';

if (!hasTmux) console.warn('test/e2e/signals-ui.test.ts: tmux is not installed, so the real-terminal signal tests are skipped (CI installs it: .ci/run)');

const signals = ['SIGTERM', 'SIGHUP', 'SIGINT'] as const;

describe.skipIf(!hasTmux)('signals in the interface (tmux 80×24)', {timeout: 60_000}, () => {
	const tmux = new TmuxServer();
	let root = '';
	let count = 0;

	beforeAll(async () => {
		root = await mkdtemp(join(tmpdir(), 'belay-signals-ui-'));
	});

	afterAll(async () => {
		tmux.kill();
		if (root) await rm(root, {recursive: true, force: true});
	});

	type Place = {dir: string; state: string; canary: string; pids: string; file: string};

	/** A folder with a runbook: a confirmation before a canary (`gate`), or a long shell step (`long`). */
	async function place(kind: 'gate' | 'long'): Promise<Place> {
		const dir = join(root, `case-${++count}`);
		const canary = join(dir, 'canary');
		const pids = join(dir, 'pids');
		const step =
			kind === 'gate'
				? `  - id: gate\n    title: Gate\n    confirm: Go on?\n    shell: touch "${canary}"\n`
				: `  - id: long\n    title: Long\n    shell: sleep 30 & echo "$$ $!" > "${pids}"; echo started; wait\n`;
		await mkdir(dir, {recursive: true});
		const file = join(dir, `${kind}.yaml`);
		await writeFile(file, `version: 1\nname: ${kind}\ntitle: ${kind}\npairing: none\nsteps:\n${step}`, 'utf8');
		return {dir, state: join(dir, 'state'), canary, pids, file};
	}

	function open(where: Place, runId: string): Terminal {
		const args = ['run', where.file, '--run-id', runId, '--operator', 'alice'];
		return tmux.open(belayShellCommand({args, env: {BELAY_STATE_DIR: where.state, BELAY_CONFIG_DIR: join(where.dir, 'config')}}), {cwd: where.dir});
	}

	function journal(where: Place, runId: string): {type: string; signal?: string}[] {
		const path = join(where.state, 'runs', runId, 'journal.jsonl');
		return readFileSync(path, 'utf8')
			.split('\n')
			.filter(line => line !== '')
			.map(line => JSON.parse(line) as {type: string; signal?: string});
	}

	/** Sends the signal to belay and waits for it to end: its exit code, how long it took, the screen it left. */
	async function signalBelay(term: Terminal, signal: NodeJS.Signals): Promise<{code: number; ms: number; screen: string}> {
		const pid = term.childPid();
		expect(pid, frame(term.screen())).toBeDefined();
		const sent = Date.now();
		process.kill(pid!, signal);
		const {code, screen} = await term.exit(10_000);
		return {code, ms: Date.now() - sent, screen};
	}

	/** The terminal is a terminal again: the cursor shows, and what is typed is echoed. */
	async function expectRestored(term: Terminal): Promise<void> {
		expect(term.cursorVisible(), frame(term.screen())).toBe(true);
		await term.type('echoed');
		await term.waitFor('echoed', {timeoutMs: 3000});
	}

	it.each(signals)('%s at a question: exit 130 within 5 s, run-interrupted journaled, nothing run', async signal => {
		const where = await place('gate');
		const runId = `ask-${signal.toLowerCase()}`;
		const term = open(where, runId);
		await term.waitFor('Start now?');
		await term.press('y');
		await term.waitFor('Go on? [y/N]');
		const {code, ms, screen} = await signalBelay(term, signal);
		expect(code, frame(screen)).toBe(130);
		expect(ms).toBeLessThan(5000);
		expect(screen).toContain('Run interrupted.');
		expect(screen).toContain(`belay: run ${runId} interrupted; nothing is lost. Continue with: belay resume ${runId}`);
		expect(journal(where, runId).at(-1)).toMatchObject({type: 'run-interrupted', signal});
		expect(existsSync(where.canary)).toBe(false);
		await expectRestored(term);
	});

	it('SIGTERM before the run is opened: exit 130, nothing started', async () => {
		const where = await place('gate');
		const term = open(where, 'never');
		await term.waitFor('Start now?');
		const {code, ms, screen} = await signalBelay(term, 'SIGTERM');
		expect(code, frame(screen)).toBe(130);
		expect(ms).toBeLessThan(5000);
		expect(screen).toContain('belay: stopped by SIGTERM; nothing ran');
		expect(existsSync(join(where.state, 'runs', 'never'))).toBe(false);
		await expectRestored(term);
	});

	it.each(['SIGTERM', 'SIGHUP'] as const)('%s during a shell step: exit 130 within 5 s, its process group gone', async signal => {
		const where = await place('long');
		const runId = `long-${signal.toLowerCase()}`;
		const term = open(where, runId);
		await term.waitFor('Start now?');
		await term.press('y');
		await term.waitFor(() => existsSync(where.pids) && readFileSync(where.pids, 'utf8').endsWith('\n'));
		const group = readFileSync(where.pids, 'utf8').trim().split(' ').map(Number);
		expect(group.every(pid => isAlive(pid))).toBe(true);
		const {code, ms, screen} = await signalBelay(term, signal);
		expect(code, frame(screen)).toBe(130);
		expect(ms).toBeLessThan(5000);
		expect(journal(where, runId).at(-1)).toMatchObject({type: 'run-interrupted', signal});
		const deadline = Date.now() + 3000;
		while (group.some(pid => isAlive(pid)) && Date.now() < deadline) await sleep(50);
		expect(group.filter(pid => isAlive(pid))).toEqual([]);
		await expectRestored(term);
	});
});
