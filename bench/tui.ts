// The Ink interface, measured through a real pseudo-terminal: util-linux `script` runs the command on
// a pty of 80 × 24 (`stty cols 80 rows 24`, COLUMNS=80, LINES=24, TERM=xterm-256color) and copies
// everything the command draws to a pipe that this process reads; a screen is "there" when its
// text (escape sequences taken out) has arrived on that pipe. Keys are written to script's standard
// input, which it passes to the pty. Times are wall-clock from process.hrtime.bigint():
//
// - First frames, interleaved rounds of three commands, each spawned through the same `script` path:
//   the baseline `node -e "process.stdout.write('ready')"` (a bare Node start, as `node -e 0`);
//   `belay --runbooks DIR` until the home screen shows its title and the list with the runbooks of DIR;
//   `belay run FILE --env --operator --pair --input` (everything given) until the start flow's last
//   question "Start now?", then, after a short pause, Enter, and the time from writing Enter until the
//   run screen (header and step list) and until the first step's question. Target: each first frame
//   within 4 × the baseline (ratio of the medians).
// - Keys during an output flood: a runbook whose one shell step prints lines as fast as it can
//   (`seq`, 200,000,000 by default: it is still printing when the measuring ends, and is stopped
//   then). Once the run screen counts 100,000 lines, `?` is written and timed until the keys panel
//   ("Keys") arrives, then `?` again until the output panel is back; a random 100–300 ms between
//   keys. Target: every key's change on the screen within 200 ms.
//
//   npm run bench:tui                         (builds, then 20 rounds and 2 flood sessions of 10 toggles; writes docs/BENCHMARKS.md)
//   node bench/run.mjs tui --runs 5 --sessions 1 --toggles 5 --no-docs --no-build
//   node bench/run.mjs tui --belay /elsewhere/dist/belay.js --label "Before the change"
import {spawn, spawnSync, type ChildProcessWithoutNullStreams} from 'node:child_process';
import {createHash} from 'node:crypto';
import {existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import {dirname, join, resolve} from 'node:path';
import {benchOptions, loadAverage, median, quantile, root, setting, writeSection} from './cli-process.js';
import {writeResult, type Figure} from './results.mjs';

const usage =
	'usage: node bench/run.mjs tui [--runs N] [--warmups N] [--sessions N] [--toggles N] [--flood-lines N] [--timeout SECONDS] [--belay PATH] [--label TEXT] [--no-docs] [--no-build]';
const flags = benchOptions(
	usage,
	{
		runs: {type: 'string', default: '20'},
		warmups: {type: 'string', default: '3'},
		sessions: {type: 'string', default: '2'},
		toggles: {type: 'string', default: '10'},
		'flood-lines': {type: 'string', default: '200000000'},
	},
	'20',
);

function count(name: string, text: string, least: number): number {
	const value = Number(text);
	if (!Number.isInteger(value) || value < least) {
		process.stderr.write(`--${name} takes an integer of ${least} or more (got '${text}')\n${usage}\n`);
		process.exit(2);
	}
	return value;
}

const runs = count('runs', flags.runs, 1);
const warmups = count('warmups', flags.warmups, 1);
const sessions = count('sessions', flags.sessions, 0);
const toggles = count('toggles', flags.toggles, 1);
const floodLines = count('flood-lines', flags['flood-lines'], 200_000);
/** How long to wait for any one screen before the run counts as failed. */
const timeoutMs = count('timeout', flags.timeout, 1) * 1000;
const belay = resolve(root, flags.belay ?? join('dist', 'belay.js'));
if (!existsSync(belay)) {
	process.stderr.write(`${belay} is missing: run \`npm run build\` (npm run bench:tui builds first)\n`);
	process.exit(2);
}
if (spawnSync('script', ['--version'], {encoding: 'utf8'}).status !== 0) {
	process.stderr.write("bench:tui needs util-linux `script` (it runs each command on a pseudo-terminal)\n");
	process.exit(2);
}

const columns = 80;
const lines = 24;
const firstFrameTarget = 4;
const keyTargetMs = 200;
/** Lines the run screen must count before the keys are timed: the flood is under way. */
const floodUnderWay = 100_000;
/** Between the confirmation appearing and Enter: no operator answers faster. */
const enterPauseMs = 100;

// What each screen shows, as text (the interface's own words: change them here when it changes).
const marks = {
	ready: 'ready',
	homeTitle: 'belay — executable',
	homeList: ['▷ alpha-restore — Alpha restore', '▷ bravo-restore — Bravo restore'],
	confirm: 'Start now?',
	runScreen: ['belay · Bravo restore', '1. Pre-flight checks', '2. Go'],
	question: 'Enter when done',
	floodScreen: 'belay · Output flood',
	keys: 'Keys',
	output: 'output · ',
};

const work = mkdtempSync(join(os.tmpdir(), 'belay-bench-tui-'));
const books = join(work, 'books');
mkdirSync(books);
writeFileSync(
	join(books, 'alpha.yaml'),
	`version: 1
name: alpha-restore
title: Alpha restore
pairing: none
steps:
  - {id: one, title: First, manual: Do it.}
`,
);
const bravo = join(books, 'bravo.yaml');
writeFileSync(
	bravo,
	`version: 1
name: bravo-restore
title: Bravo restore
pairing: required
environments:
  development: {region: eu-west-1}
inputs:
  table: {default: Lpas, pattern: '^[A-Za-z0-9_.-]{3,255}$'}
steps:
  - id: pre-flight
    title: Pre-flight checks
    manual: Check before you start.
  - id: go
    title: Go
    shell: echo restore \${{ inputs.table }}
`,
);
// Outside DIR, so that the home screen lists two runbooks of DIR (and belay's bundled ones).
const flood = join(work, 'flood.yaml');
writeFileSync(
	flood,
	`version: 1
name: output-flood
title: Output flood
pairing: none
inputs:
  lines: {type: number, default: 1000}
steps:
  - id: flood
    title: Print lines fast
    shell: seq 1 \${{ inputs.lines }}
`,
);

// ---------------------------------------------------------------------------------------------
// A command on a pseudo-terminal.

/** Escape sequences: CSI, OSC, and the two- and three-character ones. */
const escapes = /\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[()#][0-9A-Za-z]|\x1b[@-Z\\-_]/g;
/** An escape sequence cut at the end of a chunk: kept for the next one. */
const unfinished = /\x1b(?:\[[0-?]*[ -/]*|\][^\x07\x1b]*|[()#])?$/;

type Waiter = {readonly marks: readonly string[]; readonly from: number; readonly found: boolean[]; readonly scanned: number[]; readonly resolve: (at: bigint | undefined) => void};

const quote = (word: string): string => `'${word.replace(/'/g, "'\\''")}'`;

/** Stops the commands and removes the work folder, also on Ctrl-C. */
const live = new Set<Pty>();
let cleaned = false;
function cleanUp(): void {
	if (cleaned) return;
	cleaned = true;
	for (const pty of live) pty.kill();
	rmSync(work, {recursive: true, force: true});
}
process.on('exit', cleanUp);
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
	process.on(signal, () => {
		cleanUp();
		process.stderr.write(`\nbench: stopped by ${signal}\n`);
		process.exit(130);
	});
}

function childEnv(): NodeJS.ProcessEnv {
	const env: NodeJS.ProcessEnv = {};
	for (const [name, value] of Object.entries(process.env)) {
		// Ink draws only the last frame when CI is set; BELAY_* and XDG_STATE_HOME would point belay elsewhere.
		if (name.startsWith('BELAY_') || name.startsWith('BENCH_') || name === 'XDG_STATE_HOME' || name === 'CI' || name === 'CONTINUOUS_INTEGRATION' || name === 'NO_COLOR') continue;
		env[name] = value;
	}
	return {...env, TERM: 'xterm-256color', COLUMNS: String(columns), LINES: String(lines), BELAY_CONFIG_DIR: join(work, 'config')};
}

class Pty {
	readonly start: bigint;
	readonly child: ChildProcessWithoutNullStreams;
	readonly exited: Promise<{code: number | null; signal: NodeJS.Signals | null}>;
	/** The text drawn so far (escape sequences removed); `base` characters were dropped from its front. */
	text = '';
	base = 0;
	bytes = 0;
	/** Frames drawn: Ink wraps each in a synchronized update (ESC [ ? 2026 h). */
	frames = 0;
	/** The last "output · N lines" count drawn, and when. */
	outputLines = 0;
	private pending = '';
	private waiters: Waiter[] = [];

	constructor(argv: readonly string[], cwd: string) {
		const command = `stty cols ${columns} rows ${lines} && exec ${argv.map(quote).join(' ')}`;
		this.start = process.hrtime.bigint();
		this.child = spawn('script', ['-qfec', command, '/dev/null'], {cwd, env: childEnv(), stdio: ['pipe', 'pipe', 'pipe']});
		live.add(this);
		this.exited = new Promise(done => this.child.on('exit', (code, signal) => (live.delete(this), done({code, signal}))));
		this.child.stdout.setEncoding('utf8');
		this.child.stdout.on('data', (chunk: string) => this.receive(chunk, process.hrtime.bigint()));
		this.child.stderr.on('data', () => {});
		this.child.stdin.on('error', () => {});
	}

	/** Milliseconds from spawn to `at`. */
	since(at: bigint, from = this.start): number {
		return Number(at - from) / 1e6;
	}

	get end(): number {
		return this.base + this.text.length;
	}

	private receive(chunk: string, at: bigint): void {
		this.bytes += Buffer.byteLength(chunk);
		let raw = this.pending + chunk;
		const cut = unfinished.exec(raw);
		this.pending = cut && cut[0].length < 256 ? cut[0] : '';
		if (this.pending) raw = raw.slice(0, raw.length - this.pending.length);
		this.frames += raw.split('\x1b[?2026h').length - 1;
		const plain = raw.replace(escapes, '');
		const counted = [...plain.matchAll(/output · ([\d,]+) lines?/g)].at(-1);
		if (counted) this.outputLines = Number(counted[1]!.replace(/,/g, ''));
		this.text += plain;
		for (const waiter of [...this.waiters]) this.check(waiter, at);
		// A flood draws megabytes: keep the tail (every waiter has scanned what is dropped).
		if (this.text.length > 1_000_000) {
			const drop = this.text.length - 100_000;
			this.text = this.text.slice(drop);
			this.base += drop;
		}
	}

	private check(waiter: Waiter, at: bigint): void {
		waiter.marks.forEach((mark, index) => {
			if (waiter.found[index]) return;
			const from = Math.max(waiter.scanned[index]!, waiter.from, this.base) - this.base;
			if (this.text.indexOf(mark, from) >= 0) waiter.found[index] = true;
			else waiter.scanned[index] = Math.max(waiter.from, this.end - mark.length + 1);
		});
		if (waiter.found.every(Boolean)) {
			this.waiters = this.waiters.filter(other => other !== waiter);
			waiter.resolve(at);
		}
	}

	/** When every mark has been drawn after text position `from`: undefined after the timeout or the exit. */
	waitFor(wanted: string | readonly string[], from = 0, timeout = timeoutMs): Promise<bigint | undefined> {
		const list = typeof wanted === 'string' ? [wanted] : wanted;
		return new Promise(done => {
			const timer = setTimeout(() => finish(undefined), timeout);
			const finish = (at: bigint | undefined): void => {
				clearTimeout(timer);
				this.waiters = this.waiters.filter(other => other !== waiter);
				done(at);
			};
			const waiter: Waiter = {marks: list, from, found: list.map(() => false), scanned: list.map(() => from), resolve: finish};
			this.waiters.push(waiter);
			void this.exited.then(() => setTimeout(() => finish(undefined), 50));
			this.check(waiter, process.hrtime.bigint());
		});
	}

	/** Writes keys to the terminal; returns when they were written and where the text stood. */
	press(keys: string): {at: bigint; from: number} {
		const from = this.end;
		const at = process.hrtime.bigint();
		this.child.stdin.write(keys);
		return {at, from};
	}

	/** The command on the pty (script's child): `exec` made it the node process. */
	innerPid(): number | undefined {
		try {
			const [pid] = readFileSync(`/proc/${this.child.pid}/task/${this.child.pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
			return pid;
		} catch {
			return undefined;
		}
	}

	kill(): void {
		const inner = this.innerPid();
		try {
			if (inner) process.kill(inner, 'SIGKILL');
		} catch {}
		this.child.kill('SIGKILL');
	}

	/** Waits for the exit; kills the command after `grace` ms. */
	async close(grace = 10_000): Promise<{code: number | null; signal: NodeJS.Signals | null; killed: boolean}> {
		let killed = false;
		const timer = setTimeout(() => ((killed = true), this.kill()), grace);
		const result = await this.exited;
		clearTimeout(timer);
		return {...result, killed};
	}

	/** The last screenful of text, for a failure message. */
	tail(): string {
		return this.text.slice(-2500);
	}
}

const clockTicks = Number(spawnSync('getconf', ['CLK_TCK'], {encoding: 'utf8'}).stdout.trim()) || 100;
/** CPU seconds (user + system) a process has used, from /proc. */
function cpuSeconds(pid: number | undefined): number | undefined {
	if (pid === undefined) return undefined;
	try {
		const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
		return (Number(fields[11]) + Number(fields[12])) / clockTicks;
	} catch {
		return undefined;
	}
}

/** Kills the process groups of shell commands a run recorded (belay runs each in its own). */
function stopLeftCommands(journal: string): void {
	try {
		for (const line of readFileSync(journal, 'utf8').split('\n')) {
			if (!line.includes('"step-process"')) continue;
			const event = JSON.parse(line) as {pid?: unknown};
			if (typeof event.pid === 'number' && event.pid > 1) {
				try {
					process.kill(-event.pid, 'SIGKILL');
				} catch {}
			}
		}
	} catch {}
}

function failed(pty: Pty, what: string): never {
	process.stderr.write(`bench:tui: ${what} did not appear within ${timeoutMs / 1000} s. The last text drawn:\n${pty.tail()}\n`);
	cleanUp();
	process.exit(1);
}

const sleep = (ms: number): Promise<void> => new Promise(done => setTimeout(done, ms));

// ---------------------------------------------------------------------------------------------
// First frames.

let sequence = 0;
const node = process.execPath;

async function baseline(): Promise<number> {
	const pty = new Pty([node, '-e', "process.stdout.write('ready')"], work);
	const at = (await pty.waitFor(marks.ready)) ?? failed(pty, `'${marks.ready}' from node -e`);
	await pty.close();
	return pty.since(at);
}

type Home = {readonly title: number; readonly list: number};
async function home(): Promise<Home> {
	const stateDir = join(work, `state-${++sequence}`);
	const pty = new Pty([node, belay, '--runbooks', books, '--state-dir', stateDir], work);
	const title = (await pty.waitFor(marks.homeTitle)) ?? failed(pty, 'the home title');
	const list = (await pty.waitFor([marks.homeTitle, ...marks.homeList])) ?? failed(pty, 'the home list of runbooks');
	pty.press('\x03');
	const end = await pty.close();
	if (end.killed) process.stderr.write('bench:tui: belay did not leave the home screen on Ctrl-C; killed\n');
	rmSync(stateDir, {recursive: true, force: true});
	return {title: pty.since(title), list: pty.since(list)};
}

type Start = {readonly confirm: number; readonly runScreen: number; readonly question: number; readonly total: number};
async function start(): Promise<Start> {
	const id = `bench-${++sequence}`;
	const stateDir = join(work, `state-${sequence}`);
	const pty = new Pty(
		[node, belay, 'run', bravo, '--state-dir', stateDir, '--run-id', id, '--env', 'development', '--operator', 'alice', '--pair', 'bob', '--input', 'table=Users'],
		work,
	);
	const confirm = (await pty.waitFor(marks.confirm)) ?? failed(pty, `'${marks.confirm}'`);
	await sleep(enterPauseMs);
	const enter = pty.press('\r');
	const screen = (await pty.waitFor(marks.runScreen, enter.from)) ?? failed(pty, 'the run screen after Enter');
	const question = (await pty.waitFor(marks.question, enter.from)) ?? failed(pty, "the first step's question");
	pty.press('\x03');
	const end = await pty.close();
	if (end.killed) process.stderr.write('bench:tui: belay did not stop the run on Ctrl-C; killed\n');
	stopLeftCommands(join(stateDir, 'runs', id, 'journal.jsonl'));
	rmSync(stateDir, {recursive: true, force: true});
	return {confirm: pty.since(confirm), runScreen: pty.since(screen, enter.at), question: pty.since(question, enter.at), total: pty.since(screen)};
}

// ---------------------------------------------------------------------------------------------
// Keys during a flood.

type Toggle = {readonly shows: number | undefined; readonly hides: number | undefined; readonly linesAt: number};
type Flood = {
	readonly toggles: Toggle[];
	readonly linesFirst: number;
	readonly linesLast: number;
	readonly seconds: number;
	/** belay's CPU use over the measuring, as a share of one core. */
	readonly cpuShare: number | undefined;
	readonly framesPerSecond: number;
	readonly bytesPerSecond: number;
	/** Whether the step was still printing when the last key was timed. */
	readonly stillFlooding: boolean;
};

async function floodSession(label: string): Promise<Flood> {
	const id = `bench-${++sequence}`;
	const stateDir = join(work, `state-${sequence}`);
	const journal = join(stateDir, 'runs', id, 'journal.jsonl');
	const pty = new Pty([node, belay, 'run', flood, '--state-dir', stateDir, '--run-id', id, '--operator', 'alice', '--input', `lines=${floodLines}`], work);
	(await pty.waitFor(marks.confirm)) ?? failed(pty, `'${marks.confirm}' (flood)`);
	await sleep(enterPauseMs);
	const enter = pty.press('\r');
	(await pty.waitFor(marks.floodScreen, enter.from)) ?? failed(pty, 'the run screen of the flood');
	const deadline = Date.now() + 60_000;
	while (pty.outputLines < floodUnderWay && Date.now() < deadline) await sleep(20);
	if (pty.outputLines < floodUnderWay) failed(pty, `the flood (${floodUnderWay.toLocaleString('en')} lines counted on screen)`);
	const pid = pty.innerPid();
	const cpuBefore = cpuSeconds(pid);
	const began = process.hrtime.bigint();
	const framesBefore = pty.frames;
	const bytesBefore = pty.bytes;
	const linesFirst = pty.outputLines;
	const results: Toggle[] = [];
	for (let index = 0; index < toggles; index++) {
		await sleep(100 + Math.random() * 200);
		const linesAt = pty.outputLines;
		const show = pty.press('?');
		const shown = await pty.waitFor(marks.keys, show.from);
		await sleep(100 + Math.random() * 200);
		const hide = pty.press('?');
		const hidden = await pty.waitFor(marks.output, hide.from);
		const toggle: Toggle = {shows: shown === undefined ? undefined : pty.since(shown, show.at), hides: hidden === undefined ? undefined : pty.since(hidden, hide.at), linesAt};
		results.push(toggle);
		const ms = (value: number | undefined): string => (value === undefined ? `over ${timeoutMs / 1000} s` : `${value.toFixed(0)} ms`);
		process.stderr.write(`${label}, toggle ${index + 1}/${toggles}: at ${linesAt.toLocaleString('en')} lines, keys shown in ${ms(toggle.shows)}, hidden in ${ms(toggle.hides)}\n`);
		if (!shown || !hidden) break;
	}
	const ended = process.hrtime.bigint();
	const cpuAfter = cpuSeconds(pid);
	const seconds = Number(ended - began) / 1e9;
	// Still printing: the count went on growing after the last key.
	const linesLast = pty.outputLines;
	await sleep(300);
	const stillFlooding = pty.outputLines > linesLast && !pty.text.includes('Run succeeded');
	pty.press('q');
	const end = await pty.close(15_000);
	if (end.killed) process.stderr.write('bench:tui: belay did not stop the flood on q; killed\n');
	stopLeftCommands(journal);
	rmSync(stateDir, {recursive: true, force: true});
	return {
		toggles: results,
		linesFirst,
		linesLast,
		seconds,
		cpuShare: cpuBefore !== undefined && cpuAfter !== undefined ? (cpuAfter - cpuBefore) / seconds : undefined,
		framesPerSecond: (pty.frames - framesBefore) / seconds,
		bytesPerSecond: (pty.bytes - bytesBefore) / seconds,
		stillFlooding,
	};
}

// ---------------------------------------------------------------------------------------------
// The runs.

/** The build measured: another build written into dist/ part-way (others rebuild) would mix two builds' times. */
function buildHash(): string {
	const hash = createHash('sha256');
	for (const name of ['belay.js', 'belay-core.cjs', 'belay-ui.mjs']) {
		try {
			hash.update(readFileSync(join(dirname(belay), name)));
		} catch {}
	}
	return hash.digest('hex').slice(0, 12);
}
const buildBefore = buildHash();

const samples = {baseline: [] as number[], homeTitle: [] as number[], home: [] as number[], confirm: [] as number[], runScreen: [] as number[], question: [] as number[], total: [] as number[]};
const loadBefore = loadAverage();
// The first runs of a build write belay's code cache, as an operator's first run would.
for (let index = 0; index < warmups; index++) {
	await baseline();
	await home();
	await start();
}
process.stderr.write(`warm-up: ${warmups} round(s) done\n`);
for (let round = 1; round <= runs; round++) {
	const base = await baseline();
	const shown = await home();
	const started = await start();
	samples.baseline.push(base);
	samples.homeTitle.push(shown.title);
	samples.home.push(shown.list);
	samples.confirm.push(started.confirm);
	samples.runScreen.push(started.runScreen);
	samples.question.push(started.question);
	samples.total.push(started.total);
	process.stderr.write(
		`round ${round}/${runs}: node ${base.toFixed(0)} ms; home ${shown.list.toFixed(0)} ms (title ${shown.title.toFixed(0)}); ` +
			`Start now? ${started.confirm.toFixed(0)} ms; Enter → run screen ${started.runScreen.toFixed(0)} ms, question ${started.question.toFixed(0)} ms\n`,
	);
}
const loadMiddle = loadAverage();
const floods: Flood[] = [];
for (let session = 1; session <= sessions; session++) floods.push(await floodSession(`flood ${session}/${sessions}`));
const loadAfter = loadAverage();
const buildAfter = buildHash();
const rebuilt = buildAfter !== buildBefore;
if (rebuilt) process.stderr.write(`bench:tui: dist/ changed while measuring (build ${buildBefore} -> ${buildAfter}): the figures mix two builds; measure again\n`);

// ---------------------------------------------------------------------------------------------
// The section.

const ms = (value: number | undefined): string => (value === undefined ? '—' : `${value.toFixed(1)} ms`);
const row = (name: string, values: number[], ratio = true): string =>
	`| ${name} | ${ms(median(values))} | ${ms(quantile(values, 0.9))} | ${ms(Math.min(...values))} | ${ratio ? `${(median(values) / median(samples.baseline)).toFixed(2)} ×` : ''} |`;
const baseMedian = median(samples.baseline);
const homeRatio = median(samples.home) / baseMedian;
const confirmRatio = median(samples.confirm) / baseMedian;
const verdict = (met: boolean): string => (met ? 'Met.' : '**Missed.**');

const shows = floods.flatMap(each => each.toggles.map(toggle => toggle.shows));
const hides = floods.flatMap(each => each.toggles.map(toggle => toggle.hides));
const keys = [...shows, ...hides];
const lost = keys.filter(value => value === undefined).length;
const timed = keys.filter((value): value is number => value !== undefined);
const worst = lost > 0 ? undefined : Math.max(...timed);
const keyMet = sessions > 0 && lost === 0 && worst! < keyTargetMs && floods.every(each => each.stillFlooding);
const keyStats = (values: (number | undefined)[]): string => {
	const known = values.filter((value): value is number => value !== undefined);
	const missing = values.length - known.length;
	return known.length === 0
		? '—'
		: `${ms(median(known))} | ${ms(quantile(known, 0.9))} | ${missing ? `over ${timeoutMs / 1000} s (${missing} never appeared)` : ms(Math.max(...known))}`;
};
const {node: nodeVersion, machine, build} = setting(belay);
const thousands = (value: number): string => Math.round(value).toLocaleString('en');

const section = [
	'## Interface',
	'',
	`Measured ${new Date().toISOString().slice(0, 10)} with \`npm run bench:tui\` (bench/tui.ts). Every command runs on a real`,
	`pseudo-terminal of ${columns} × ${lines}: util-linux \`script -qfec "stty cols ${columns} rows ${lines} && exec COMMAND" /dev/null\`, whose`,
	'output (everything drawn) comes to the benchmark through a pipe; a screen counts as drawn when its text (escape sequences taken',
	'out) has arrived there. Keys are written to the pty through `script`. Wall-clock from spawning `script` (or from writing the key).',
	'',
	...(flags.label ? [`**${flags.label}**`, ''] : []),
	`- Node ${nodeVersion}`,
	`- Machine: ${machine}`,
	`- Measured: ${build}${rebuilt ? ` — **dist/ was rebuilt while measuring (${buildBefore} → ${buildAfter}): these figures mix two builds**` : ''}`,
	`- Load average (1 / 5 / 15 min) before: ${loadBefore}; after the first frames: ${loadMiddle}; after the flood: ${loadAfter} (the machine is shared: other work inflates the times)`,
	'',
	`**First frames.** ${warmups} warm-up round(s) (they write belay's code cache), then ${runs} interleaved rounds of: the baseline`,
	"`node -e \"process.stdout.write('ready')\"` until `ready`; `belay --runbooks DIR` (two runbooks in DIR, an empty state",
	'folder) until the home screen shows its title and both runbooks in its list; `belay run FILE --env development --operator alice',
	`--pair bob --input table=Users\` (a runbook whose first step is manual; everything given) until the start flow's "Start now?",`,
	`then ${enterPauseMs} ms later Enter, timed from the key until the run screen (header and step list) and until the first step's question.`,
	'Every command, the baseline too, pays for starting `script`, `sh` and `stty` (which is why the baseline is slower than the bare',
	'`node -e 0` of "Start-up"); the ratio is of the whole times.',
	'',
	'| until | median | p90 | min | × baseline (medians) |',
	'|---|---|---|---|---|',
	row('baseline: `ready` from `node -e` (as `node -e 0`)', samples.baseline),
	row('home: its title (first frame, the list still loading)', samples.homeTitle),
	row('**home: title and the runbooks listed**', samples.home),
	row('**run: "Start now?"** (the first frame of `belay run`)', samples.confirm),
	row('run: the run screen, from spawn (with the pause before Enter)', samples.total),
	row('run: Enter → the run screen', samples.runScreen, false),
	row("run: Enter → the first step's question", samples.question, false),
	'',
	`First frame within ${firstFrameTarget} × the baseline: home **${homeRatio.toFixed(2)} ×**, ${verdict(homeRatio <= firstFrameTarget)} "Start now?" **${confirmRatio.toFixed(2)} ×**, ${verdict(confirmRatio <= firstFrameTarget)}`,
	'',
	...(sessions === 0
		? ['**Keys during an output flood:** not measured (`--sessions 0`).', '']
		: [
				`**Keys during an output flood.** ${sessions} run(s) of a runbook whose one shell step is \`seq 1 ${thousands(floodLines)}\` (started through`,
				`"Start now?" and Enter). Once the run screen counts ${thousands(floodUnderWay)} lines, ${toggles} times: \`?\` timed until the keys panel`,
				'("Keys") is drawn, then `?` again until the output panel is back; 100–300 ms (random) before each key. The step is still',
				'printing throughout, then stopped with `q`.',
				'',
				'| key | median | p90 | worst |',
				'|---|---|---|---|',
				`| \`?\` → keys panel shown | ${keyStats(shows)} |`,
				`| \`?\` → keys panel hidden | ${keyStats(hides)} |`,
				`| **all ${keys.length} keys** | ${keyStats(keys)} |`,
				'',
				...floods.map(
					(each, index) =>
						`- Run ${index + 1}: ${thousands(each.linesFirst)} → ${thousands(each.linesLast)} lines on screen while measuring (${thousands((each.linesLast - each.linesFirst) / each.seconds)} lines/s over ${each.seconds.toFixed(1)} s), ` +
						`${each.stillFlooding ? 'still printing at the end' : '**the step had stopped printing before the end**'}; belay drew ${each.framesPerSecond.toFixed(1)} frames/s ` +
						`(${thousands(each.bytesPerSecond / 1024)} KiB/s to the terminal)${each.cpuShare === undefined ? '' : ` and used ${(each.cpuShare * 100).toFixed(0)} % of a core`}.`,
				),
				'',
				`Every key's change on screen under ${keyTargetMs} ms (worst ${worst === undefined ? 'never drawn' : ms(worst)}; median ${timed.length ? ms(median(timed)) : '—'}): ${verdict(keyMet)}`,
				'',
			]),
].join('\n');

process.stdout.write(`${section}\n`);
if (!flags['no-docs']) writeSection('Interface', section);
if (!flags.belay) {
	const baseline = `\`node -e\` through \`script\` ${ms(baseMedian)}`;
	const screen = (figure: string, value: number): Figure => {
		const ratio = value / baseMedian;
		return {figure, measured: ms(value), comparison: baseline, ratio, target: `within ${firstFrameTarget} ×`, met: ratio <= firstFrameTarget};
	};
	writeResult('tui', 'Interface', [
		screen('start-up: the home screen, runbooks listed (pty)', median(samples.home)),
		screen('start-up: `belay run`, first frame ("Start now?")', median(samples.confirm)),
		screen(`start-up: \`belay run\`, the run screen (less the ${enterPauseMs} ms before Enter)`, median(samples.total) - enterPauseMs),
		...(sessions > 0
			? [
					{
						figure: `a key during an output flood (worst of ${keys.length})`,
						measured: worst === undefined ? 'never drawn' : ms(worst),
						comparison: `median ${timed.length ? ms(median(timed)) : '—'}`,
						ratio: null,
						target: `under ${keyTargetMs} ms`,
						met: keyMet,
					},
				]
			: []),
	]);
}
process.stderr.write(
	`bench:tui: home ${homeRatio.toFixed(2)} ×, Start now? ${confirmRatio.toFixed(2)} × node (target ${firstFrameTarget} ×): ${homeRatio <= firstFrameTarget && confirmRatio <= firstFrameTarget ? 'met' : 'MISSED'}; ` +
		(sessions > 0 ? `keys during the flood: median ${timed.length ? ms(median(timed)) : '—'}, worst ${worst === undefined ? 'never drawn' : ms(worst)} (target ${keyTargetMs} ms): ${keyMet ? 'met' : 'MISSED'}\n` : 'flood not measured\n'),
);
