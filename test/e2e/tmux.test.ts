/**
 * belay in a real terminal (tmux, 80×24), driven the way a pair of operators drives it at night: keys
 * one at a time, the screen read back. The main scenario starts a run from the home screen, quits in
 * the middle of a shell step, starts belay again, retries the interrupted step and has the pair
 * approve; the shorter ones check the line front end on a terminal (--plain), NO_COLOR and resizing.
 *
 * Needs tmux (CI installs it: .ci/run); without it the suite is skipped, saying so.
 */
import {spawn, spawnSync} from 'node:child_process';
import {existsSync, readFileSync} from 'node:fs';
import {mkdir, mkdtemp, rm, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {belayBin, belayShellCommand, frame, hasTmux, sleep, type Terminal, TmuxServer} from './tmux.js';

if (!hasTmux) console.warn('test/e2e/tmux.test.ts: tmux is not installed, so the real-terminal tests are skipped (CI installs it: .ci/run)');

/** How many lines the long shell step prints, one every 0.2 s. */
const batches = 50;

const nightRestore = `version: 1
name: night-restore
title: Night restore rehearsal
pairing: required
environments:
  staging: {region: eu-west-1, description: the rehearsal account}
inputs:
  table:
    description: The table to restore
    default: Lpas
    pattern: '^[A-Za-z]{3,20}$'
steps:
  - id: prep
    title: Prepare
    manual: Check before you start.
    checklist: [My pair is with me, The service is in maintenance mode]
  - id: copy
    title: Copy the table
    shell: |
      for i in $(seq 1 ${batches}); do echo "copied batch $i of \${{ inputs.table }}"; echo "$i" >> marker.txt; sleep 0.2; done
  - id: check
    title: The copy looks right
    approve: {by: pair}
  - id: finish
    title: Bring the copy into service
    shell: echo "in service"
`;

const plainCheck = `version: 1
name: plain-check
title: Plain check
pairing: none
steps:
  - id: ready
    title: Ready to go
    confirm: Is the service in maintenance mode?
    shell: echo going
`;

const failingImport = `version: 1
name: failing-import
title: Failing import
pairing: none
steps:
  - id: import
    title: Import the restored table
    shell: |
      for i in $(seq 1 12); do echo "terraform line $i"; done
      echo "Error: resource already managed by Terraform" >&2
      exit 1
  - id: after
    title: After the import
    shell: echo after
`;

type Place = {readonly dir: string; readonly work: string; readonly state: string; readonly config: string};

type ShowDocument = {
	status: string;
	operator: string | null;
	pair: string | null;
	inputs: Record<string, unknown>;
	steps: {id: string; status: string; attempts: number}[];
};

type ReportDocument = {steps: {id: string; by?: string; approval?: {approver: string}}[]};

type JournalEvent = {type: string; key?: string; pid?: number; by?: string; question?: unknown};

const describeTmux = describe.skipIf(!hasTmux);

describeTmux(`belay in a real terminal (tmux 80×24)${hasTmux ? '' : ' — skipped: tmux is not installed'}`, {timeout: 120_000}, () => {
	const tmux = new TmuxServer();
	let root = '';

	beforeAll(async () => {
		root = await mkdtemp(join(tmpdir(), 'belay-e2e-'));
	});

	afterAll(async () => {
		tmux.kill();
		if (root) await rm(root, {recursive: true, force: true});
	});

	/** A working directory with runbooks/, a state dir and a config dir of its own. */
	async function place(name: string, runbooks: Readonly<Record<string, string>>): Promise<Place> {
		const dir = join(root, name);
		const work = join(dir, 'work');
		await mkdir(join(work, 'runbooks'), {recursive: true});
		for (const [file, text] of Object.entries(runbooks)) await writeFile(join(work, 'runbooks', file), text, 'utf8');
		return {dir, work, state: join(dir, 'state'), config: join(dir, 'config')};
	}

	/** belay with ARGS in a new 80×24 terminal, in the place's working directory with its state and config. */
	function open(where: Place, args: readonly string[], {env = {}, name = 'belay'}: {env?: Record<string, string>; name?: string} = {}): Terminal {
		return tmux.open(belayShellCommand({args, env: {BELAY_STATE_DIR: where.state, BELAY_CONFIG_DIR: where.config, ...env}}), {cwd: where.work, name});
	}

	/** `node dist/belay.js ARGS` to the end, headless, as the test's own check of what is on disk. */
	function belayOut(where: Place, args: readonly string[]): string {
		const result = spawnSync(process.execPath, [belayBin, ...args, '--state-dir', where.state], {cwd: where.work, encoding: 'utf8', env: cleanEnv()});
		if (result.status !== 0) throw new Error(`belay ${args.join(' ')} exited ${result.status}:\n${result.stdout}\n${result.stderr}`);
		return result.stdout;
	}

	function journal(where: Place, runId: string): JournalEvent[] {
		return readFileSync(join(where.state, 'runs', runId, 'journal.jsonl'), 'utf8')
			.split('\n')
			.filter(line => line !== '')
			.map(line => JSON.parse(line) as JournalEvent);
	}

	it('a pair starts a run from home, quits during a shell step, resumes it from home, retries it and approves', async () => {
		const where = await place('main', {'night-restore.yaml': nightRestore});
		const marker = join(where.work, 'marker.txt');

		// 1. Home: the runbook is listed.
		const home = open(where, [], {name: 'home'});
		await home.waitFor('▷ night-restore — Night restore rehearsal (staging)');
		expect(home.screen()).not.toContain('can be resumed');

		// 2. The start flow: environment, names, the input (an invalid value first), a last look.
		await home.choose('night-restore — Night restore rehearsal');
		await home.waitFor(screen => screen.includes('Environment') && screen.includes('staging · eu-west-1 — the rehearsal account'));
		await home.choose('staging');
		await home.waitFor('Your name (the operator)');
		await home.type('alice');
		await home.press('Enter');
		await home.waitFor("Your pair's name (who checks)");
		await home.type('bob');
		await home.press('Enter');
		await home.waitFor('table [Lpas]');
		expect(home.screen()).toContain('The table to restore');
		await home.type('Orders9');
		await home.waitFor('table must match ^[A-Za-z]{3,20}$, got "Orders9"');
		// Enter with an invalid value goes nowhere.
		await home.press('Enter');
		await sleep(300);
		expect(home.screen()).toContain('table must match');
		expect(home.screen()).not.toContain('Start now?');
		await home.press('BSpace');
		await home.waitFor(screen => screen.includes('› Orders') && !screen.includes('must match'));
		await home.press('Enter');
		const last = await home.waitFor('Start now?');
		expect(last).toContain('Start Night restore rehearsal?');
		expect(last).toContain('staging');
		const runId = /alice \+ bob · run (night-restore-\d{8}-\d{6}-[0-9a-f]{4})/.exec(last)?.[1];
		expect(runId, frame(last)).toBeDefined();
		await home.press('y');

		// 3. The checklist, item by item; Enter is refused while one is unticked.
		await home.waitFor('❯ [ ] My pair is with me');
		const runScreen = home.screen();
		expect(runScreen).toContain(`run ${runId} · alice + bob`);
		expect(runScreen).toMatch(/^ belay · Night restore rehearsal +staging$/m);
		await home.press('Space');
		await home.waitFor('❯ [✔] My pair is with me');
		await home.press('Enter');
		await home.waitFor('tick every item first: The service is in maintenance mode');
		expect(home.screen()).toContain('? 1. Prepare');
		await home.press('Down');
		await home.waitFor('❯ [ ] The service is in maintenance mode');
		await home.press('Space');
		await home.waitFor('❯ [✔] The service is in maintenance mode');
		await home.press('Enter');

		// 4. The shell step prints; q quits mid-step.
		const printing = await home.waitFor(/copied batch [3-9] of Orders/);
		expect(printing).toContain('▶ 2. Copy the table');
		expect(printing).toContain('✔ 1. Prepare');
		expect(printing).toMatch(/output · \d+ lines/);
		// Colours, where NO_COLOR is not set (the NO_COLOR test below checks their absence).
		expect(colourCodes(home.screen({escapes: true})).length).toBeGreaterThan(0);
		await home.press('q');
		const quit = await home.exit();
		expect(quit.code, frame(quit.screen)).toBe(130);
		expect(quit.screen).toContain('Run interrupted.');
		expect(quit.screen).toContain(`belay: run ${runId} interrupted; nothing is lost. Continue with: belay resume ${runId}`);
		// The step's process group went with belay: nothing more lands in the marker file.
		const before = readFileSync(marker, 'utf8');
		const firstRun = before.trim().split('\n').length;
		expect(firstRun).toBeGreaterThanOrEqual(3);
		expect(firstRun).toBeLessThan(batches);
		const started = journal(where, runId!).filter(event => event.type === 'step-process' && event.key === 'copy');
		expect(started).toHaveLength(1);
		await sleep(1200);
		expect(readFileSync(marker, 'utf8')).toBe(before);
		expect(groupMembers(started[0]!.pid!)).toEqual([]);

		// 5. belay again: the interrupted run comes first; its step asks what to do; Retry.
		const again = open(where, [], {name: 'again'});
		const listed = await again.waitFor(screen => screen.includes('1 run can be resumed (⏸)') && screen.includes('▷ night-restore'));
		const focused = listed.split('\n').find(line => line.includes('❯'));
		expect(focused, frame(listed)).toMatch(/❯ ⏸ night-restore-\S+ \(staging\) step 1\/4 interrupted/);
		expect(listed.indexOf('⏸ night-restore')).toBeLessThan(listed.indexOf('▷ night-restore'));
		await again.press('Enter');
		const asked = await again.waitFor('Retry (run it again)');
		expect(asked).toContain('may have acted already');
		expect(asked).toContain('Attempts so far: 1');
		expect(asked).toContain('is no longer running');
		expect(asked).toContain(`run ${runId} · alice + bob`);
		// The choice focused first is Retry.
		expect(asked.split('\n').find(line => line.includes('❯'))).toContain('Retry (run it again)');
		await again.press('Enter');
		const rerun = await again.waitFor(/copied batch \d+ of Orders/);
		expect(rerun).toContain('▶ 2. Copy the table');

		// 6. The approval: the operator's own name is refused on screen, the pair's taken.
		await again.waitFor('Approver, type your own name and press Enter:', {timeoutMs: batches * 200 + 15_000});
		const approving = again.screen();
		expect(approving).toContain('Approval by the pair: bob');
		expect(approving).toContain('✔ 2. Copy the table');
		expect(readFileSync(marker, 'utf8').trim().split('\n')).toHaveLength(firstRun + batches);
		await again.type('alice');
		await again.waitFor('bob must approve, not the operator (alice)');
		await again.press('Enter');
		await sleep(300);
		expect(again.screen()).toContain('bob must approve, not the operator (alice)');
		expect(again.screen()).not.toContain('Run succeeded');
		await again.press(...Array.from({length: 'alice'.length}, () => 'BSpace'));
		await again.waitFor(screen => screen.includes('Approver, type your own name') && !screen.includes('alice)'));
		await again.type('bob');
		await again.waitFor('› bob');
		await again.press('Enter');
		const done = await again.exit(20_000);
		expect(done.code, frame(done.screen)).toBe(0);
		expect(done.screen).toContain('Run succeeded.');
		expect(done.screen).toContain(`belay: run ${runId} succeeded.`);
		expect(done.screen).toMatch(/✔ 4\. Bring the copy into service/);

		// 7. On disk.
		const shown = JSON.parse(belayOut(where, ['show', runId!, '--json'])) as ShowDocument;
		expect(shown.status).toBe('succeeded');
		expect(shown.operator).toBe('alice');
		expect(shown.pair).toBe('bob');
		expect(shown.inputs).toEqual({table: 'Orders'});
		expect(shown.steps.map(step => [step.id, step.status, step.attempts])).toEqual([
			['prep', 'succeeded', 1],
			['copy', 'succeeded', 2],
			['check', 'succeeded', 1],
			['finish', 'succeeded', 1],
		]);
		const report = JSON.parse(belayOut(where, ['report', runId!, '--format', 'json'])) as ReportDocument;
		const approval = report.steps.find(step => step.id === 'check');
		expect(approval?.approval?.approver).toBe('bob');
		expect(approval?.by).toBe('bob');
		const events = journal(where, runId!);
		const asks = events.filter(event => event.type === 'question-asked').map(event => (event.question as {key: string; type: string}));
		expect(asks.map(question => `${question.key}:${question.type}`)).toEqual(['prep:checklist', 'copy:resume', 'check:approve']);
		expect(events.find(event => event.type === 'operator-answered' && event.key === 'check')?.by).toBe('bob');
		expect(events.find(event => event.type === 'operator-answered' && event.key === 'copy')).toMatchObject({answer: 'retry', by: 'alice'});
		// The names are remembered for the next run.
		expect(JSON.parse(readFileSync(join(where.config, 'config.json'), 'utf8'))).toMatchObject({operator: 'alice', pair: 'bob'});
	});

	/** `belay run FILE --plain` in a terminal, its question answered `yes`, up to the line saying the run succeeded. */
	async function plainRun(name: string): Promise<{term: Terminal; screen: string}> {
		const where = await place(name, {'plain-check.yaml': plainCheck});
		const term = open(where, ['run', 'runbooks/plain-check.yaml', '--plain'], {name});
		const asking = await term.waitFor('? ready: Is the service in maintenance mode? [yes/no]');
		expect(asking).toMatch(/^belay: run plain-check-\d{8}-\d{6}-[0-9a-f]{4}: plain-check \(Plain check\)$/m);
		expect(asking).not.toContain('─');
		await term.type('yes');
		await term.press('Enter');
		const screen = await term.waitFor(/^belay: run plain-check-\S+ succeeded$/m, {join: true});
		return {term, screen};
	}

	it('belay run FILE --plain on a terminal uses the line front end and asks its questions on the terminal', async () => {
		const {screen} = await plainRun('plain');
		expect(screen).toContain('? ready: Is the service in maintenance mode? [yes/no] yes');
		expect(screen).toContain('✎ ready: confirm answered');
		expect(screen).toContain('ready | going');
		expect(screen).toMatch(/✔ ready succeeded \(\d+ms\)/);
		// No interface came up on the way: its key help and frame never showed.
		expect(screen).not.toContain('nothing is lost) · ? keys');
		expect(screen).not.toContain('─');
	});

	it('belay run FILE --plain on a terminal exits 0 once the run has succeeded', async () => {
		const {term} = await plainRun('plain-exit');
		const {code, screen} = await term.exit(5_000);
		expect(code, frame(screen)).toBe(0);
	});

	it('NO_COLOR=1: the start and run screens carry no colour codes', async () => {
		const where = await place('no-color', {'night-restore.yaml': nightRestore});
		const term = open(where, ['run', 'night-restore', '--env', 'staging', '--operator', 'alice', '--pair', 'bob', '--input', 'table=Lpas'], {env: {NO_COLOR: '1'}, name: 'nocolor'});
		await term.waitFor('Start now?');
		expect(colourCodes(term.screen({escapes: true}))).toEqual([]);
		await term.press('y');
		await term.waitFor('❯ [ ] My pair is with me');
		const run = term.screen({escapes: true});
		expect(run).toContain('\u001B['); // attributes (bold, inverse) are still there
		expect(colourCodes(run), frame(run)).toEqual([]);
		await term.press('q');
		const {code, screen} = await term.exit();
		expect(code, frame(screen)).toBe(130);
	});

	it('a resized terminal: the run screen follows the width, lines are not broken mid-word', async () => {
		const where = await place('resize', {'night-restore.yaml': nightRestore});
		const term = open(where, ['run', 'night-restore', '--env', 'staging', '--operator', 'alice', '--pair', 'bob', '--input', 'table=Lpas'], {name: 'resize'});
		await term.waitFor('Start now?');
		await term.press('y');
		await term.waitFor('❯ [ ] My pair is with me');
		await term.press('Space', 'Down', 'Space', 'Enter');
		await term.waitFor(/copied batch [2-9] of Lpas/);
		checkFrame(term.lines(), 80, 24);

		term.resize(100, 30);
		// Taller too: more of the output shows (8 lines at 80×24).
		const wide = await term.waitFor(screen => separators(screen.split('\n'), 98) === 2 && outputLines(screen) > 8);
		checkFrame(wide.split('\n'), 100, 30);

		term.resize(80, 24);
		const narrow = await term.waitFor(screen => separators(screen.split('\n'), 78) === 2);
		checkFrame(narrow.split('\n'), 80, 24);

		await term.press('q');
		const {code, screen} = await term.exit();
		expect(code, frame(screen)).toBe(130);
	});

	it('at 80×24 the interrupted-step question shows all of itself: the step, "was interrupted", every choice', async () => {
		const where = await place('resume-fits', {'night-restore.yaml': nightRestore});
		const runId = 'fits-1';
		await interruptHeadless(where, runId);
		const term = open(where, ['resume', runId], {name: 'fits'});
		await term.waitFor('Retry (run it again)');
		await sleep(300);
		const asked = term.screen();
		try {
			expect(asked, frame(asked)).toContain('Copy the table (copy) was interrupted when belay stopped.');
			expect(asked).toMatch(/^ \? Copy the table +shell · changes things$/m);
			// The warning wraps at a word, whole.
		expect(asked.replace(/\s+/g, ' ')).toContain('may have acted already: check before retrying.');
			expect(asked).toContain('Mark done (it finished; record it as done)');
			expect(asked).toContain('Skip (do not run it)');
			expect(asked).not.toMatch(/marker\.txt; \S+$/m);
		} finally {
			await term.press('q');
			await term.exit();
		}
	});

	it('at 80×24 a failed step with output shows the failure question whole, with every choice', async () => {
		const where = await place('failure-fits', {'failing-import.yaml': failingImport});
		const term = open(where, ['run', 'failing-import', '--operator', 'alice'], {name: 'failure'});
		await term.waitFor('Start now?');
		await term.press('y');
		await term.waitFor('Retry (run it again)');
		await sleep(300);
		const asked = term.screen();
		try {
			expect(asked, frame(asked)).toMatch(/^ \? Import the restored table +shell · changes things$/m);
			expect(asked).toContain('✘ Import the restored table (import) failed');
			for (const choice of ['Retry (run it again)', 'Skip (record it as skipped and go on)', 'Continue (keep going, leaving it failed)', 'Abort the run', 'Quit (keep the checkpoint, resume later)']) {
				expect(asked).toContain(choice);
			}
			expect(asked).toMatch(/^ ↑\/↓ move, Enter chooses; q quits$/m);
		} finally {
			await term.press('q');
			await term.exit();
		}
	});

	/**
	 * Starts night-restore headless, stops it with SIGINT once the shell step has printed a few lines:
	 * a run interrupted in its shell step, as `q` leaves it.
	 */
	async function interruptHeadless(where: Place, runId: string): Promise<void> {
		const marker = join(where.work, 'marker.txt');
		const child = spawn(
			process.execPath,
			[belayBin, 'run', 'night-restore', '--env', 'staging', '--operator', 'alice', '--pair', 'bob', '--yes', '--non-interactive', '--run-id', runId, '--state-dir', where.state],
			{cwd: where.work, env: cleanEnv(), stdio: 'ignore'},
		);
		const exited = new Promise<number | null>(resolve => child.on('close', code => resolve(code)));
		const deadline = Date.now() + 15_000;
		while (!(existsSync(marker) && readFileSync(marker, 'utf8').split('\n').length > 3)) {
			if (Date.now() > deadline) throw new Error('the headless run never reached its shell step');
			await sleep(50);
		}
		child.kill('SIGINT');
		expect(await exited).toBe(130);
	}
});

/** The test's environment without anything that would point belay elsewhere. */
function cleanEnv(): NodeJS.ProcessEnv {
	const env: NodeJS.ProcessEnv = {};
	for (const [name, value] of Object.entries(process.env)) {
		if (!name.startsWith('BELAY_') && !name.startsWith('XDG_') && name !== 'NO_COLOR') env[name] = value;
	}
	return {...env, NO_COLOR: '1'};
}

/** The live members of a process group (zombies, which no signal reaches, are not counted), as ps lines. */
function groupMembers(pgid: number): string[] {
	const listed = spawnSync('ps', ['-A', '-o', 'pid=,pgid=,stat=,args='], {encoding: 'utf8'});
	return listed.stdout
		.split('\n')
		.map(line => line.trim())
		.filter(line => {
			const [, group, stat] = line.split(/\s+/);
			return Number(group) === pgid && !stat?.startsWith('Z');
		});
}

/** The SGR sequences that set a foreground or background colour (not the defaults 39/49). */
function colourCodes(screen: string): string[] {
	return [...screen.matchAll(/\u001B\[([0-9;:]*)m/g)]
		.filter(match => match[1]!.split(/[;:]/).some(parameter => /^(3[0-8]|4[0-8]|9[0-7]|10[0-7])$/.test(parameter)))
		.map(match => JSON.stringify(match[0]));
}

/** How many lines of the shell step's output show. */
function outputLines(screen: string): number {
	return screen.split('\n').filter(line => /^ copied batch \d+ of Lpas$/.test(line)).length;
}

/** How many separator lines (─ only) of exactly `width` there are; -1 when one of another width is left over. */
function separators(lines: readonly string[], width: number): number {
	const rules = lines.map(line => line.trim()).filter(line => /^─+$/.test(line));
	return rules.every(rule => rule.length === width) ? rules.length : -1;
}

/**
 * The run screen drawn for a terminal of this size: two separators two columns short of the width
 * (no leftovers of another width), the header's environment at the right edge, no line longer than
 * the terminal, and the lines that must read whole (title, steps, keys) on one line each.
 */
function checkFrame(lines: readonly string[], columns: number, rows: number): void {
	const screen = lines.join('\n');
	expect(lines.length, frame(screen)).toBeLessThanOrEqual(rows);
	expect(separators(lines, columns - 2), frame(screen)).toBe(2);
	for (const line of lines) expect([...line].length, frame(screen)).toBeLessThanOrEqual(columns);
	const header = lines.find(line => line.startsWith(' belay · Night restore rehearsal'));
	expect(header, frame(screen)).toMatch(/ staging$/);
	// The banner ends with a (reverse video) blank in the last column but one.
	expect([...header!].length, frame(screen)).toBe(columns - 2);
	for (const whole of ['✔ 1. Prepare', '▶ 2. Copy the table', '○ 3. The copy looks right', '○ 4. Bring the copy into service', 'q quit (nothing is lost) · ? keys · PgUp/PgDn output']) {
		expect(screen, frame(screen)).toContain(whole);
	}
	// Output lines are cut at the width, never wrapped onto a second row.
	for (const line of lines.filter(text => text.startsWith(' copied batch'))) expect(line, frame(screen)).toMatch(/^ copied batch \d+ of Lpas$/);
}
