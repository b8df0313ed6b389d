// CPU while a `wait` idles, measured from outside: the built CLI runs a runbook whose one step is a
// `wait` polling DynamoDB's DescribeTable every few seconds (--interval, 5 s by default) against a
// local stand-in (bench/table-standin.ts, in this process) that always answers CREATING, so the wait
// never ends. Once the first poll has arrived and a settling time has passed (--settle, 90 s by
// default), belay's CPU time (user + system of its process, every thread: /proc/PID/stat) is read at
// the start and at the end of an idle window (--seconds, 30 by default); CPU over wall time is the
// share of one core it used. The settling time is what makes the window idle: for about a minute
// after start-up V8 runs full garbage collections to shrink the heap start-up grew (its memory
// reducer: 100-250 ms of CPU in all, more for a bigger heap), and the run screen counts seconds for
// the first minute of a step before its clock slows to every 5 s. A window that starts 2 s after the
// first poll measured those one-off costs, not a wait that idles (a wait that idles for an hour is
// the case this figure is for). /proc counts CPU in ticks of 10 ms: at 0.3 % of a core a window of
// 30 s holds about 9 of them, so a shorter window cannot tell 0.3 % from 0.4 %.
// Measured for:
//   - headless: `belay run FILE --non-interactive` (output to files);
//   - screen: the Ink run screen, `belay run FILE --operator bench` on a terminal of tmux (a private
//     server, 100 × 30), "Start now?" answered with Enter; skipped when tmux is not installed;
//   - plain: the comparison, a Node script polling the same stand-in with @aws-sdk/client-dynamodb at
//     the same interval (what the wait does, without belay).
// Variants alternate within each round (--runs, 1 by default); medians over the rounds. Target: under
// 0.5 % of one core for belay, headless and on the screen.
//
//   node bench/run.mjs wait-idle                      (builds, then 1 round of 90 + 30 s per variant; writes docs/BENCHMARKS.md)
//   node bench/run.mjs wait-idle --seconds 4 --settle 2 --interval 1 --no-docs --no-build
//   node bench/run.mjs wait-idle --variants headless,plain --runs 3
import {spawn, spawnSync} from 'node:child_process';
import {closeSync, existsSync, mkdirSync, mkdtempSync, openSync, rmSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import {join, resolve} from 'node:path';
import {benchOptions, loadAverage, median, megabytes, onExit, root, setting, tail, usageChecks, writeSection} from './cli-process.js';
import {clockTicks, commandLine, measureWindow, type IdleWindow} from './proc-cpu.js';
import {ratioOf, writeResult, type Figure} from './results.mjs';
import {startTableStandin} from './table-standin.js';

const usage =
	'usage: node bench/run.mjs wait-idle [--runs N] [--seconds N] [--interval N] [--settle N] [--variants headless,screen,plain] [--timeout SECONDS] [--belay PATH] [--label TEXT] [--no-docs] [--no-build]';
const flags = benchOptions(
	usage,
	{
		runs: {type: 'string', default: '1'},
		seconds: {type: 'string', default: '30'},
		interval: {type: 'string', default: '5'},
		settle: {type: 'string', default: '90'},
		variants: {type: 'string', default: 'headless,screen,plain'},
	},
	'60',
);
const {fail, positive} = usageChecks(usage);
const runs = positive('runs', flags.runs);
const windowMs = positive('seconds', flags.seconds) * 1000;
const intervalSeconds = positive('interval', flags.interval);
const settleMs = positive('settle', flags.settle) * 1000;
/** How long a variant may take to start polling (start-up, and on the screen the start flow). */
const timeoutMs = positive('timeout', flags.timeout) * 1000;
const allVariants = ['headless', 'screen', 'plain'] as const;
type Variant = (typeof allVariants)[number];
const asked = flags.variants.split(',').map(text => text.trim());
for (const name of asked) if (!(allVariants as readonly string[]).includes(name)) fail(`--variants takes ${allVariants.join(', ')} (got '${name}')`);
const tmux = spawnSync('tmux', ['-V'], {encoding: 'utf8'});
const haveTmux = tmux.status === 0;
if (asked.includes('screen') && !haveTmux) process.stderr.write('bench:wait-idle: tmux is not installed: the run screen is not measured (headless only)\n');
const variants = allVariants.filter(name => asked.includes(name) && (name !== 'screen' || haveTmux));
const belay = resolve(root, flags.belay ?? join('dist', 'belay.js'));
if (!existsSync(belay)) {
	process.stderr.write(`${belay} is missing: run \`npm run build\` (node bench/run.mjs wait-idle builds first)\n`);
	process.exit(2);
}

const runbook = `version: 1
name: bench-wait-idle
title: A wait that idles
pairing: none
steps:
  - id: idle
    title: Wait for a table that never becomes active
    wait:
      aws: {service: dynamodb, command: DescribeTable, input: {TableName: never-active}}
      until: result.Table.TableStatus = 'ACTIVE'
      interval: ${intervalSeconds}s
      timeout: 1h
      message: 'Table \${{ result.Table.TableStatus }}'
`;
const poller = `import {createRequire} from 'node:module';
const require = createRequire(process.argv[2]);
const {DynamoDBClient, DescribeTableCommand} = require('@aws-sdk/client-dynamodb');
const client = new DynamoDBClient({});
const poll = async () => {
	const response = await client.send(new DescribeTableCommand({TableName: 'never-active'}));
	if (response.Table?.TableStatus === 'ACTIVE') process.exit(0);
	setTimeout(poll, ${intervalSeconds * 1000});
};
poll();
`;

const work = mkdtempSync(join(os.tmpdir(), 'belay-bench-wait-'));
const socket = `belay-bench-wait-${process.pid}`;
onExit(() => {
	if (haveTmux) spawnSync('tmux', ['-L', socket, 'kill-server'], {stdio: 'ignore'});
	rmSync(work, {recursive: true, force: true});
});
const runbookFile = join(work, 'wait.yaml');
writeFileSync(runbookFile, runbook);
const pollerFile = join(work, 'poller.mjs');
writeFileSync(pollerFile, poller);
const standin = await startTableStandin();
const ticks = clockTicks();

/** The children's environment: the caller's without anything pointing belay or the SDK elsewhere, AWS at the stand-in. */
const env: NodeJS.ProcessEnv = {};
for (const [name, value] of Object.entries(process.env)) {
	if (!name.startsWith('BELAY_') && !name.startsWith('AWS_') && !name.startsWith('BENCH_') && name !== 'XDG_STATE_HOME' && name !== 'TMUX') env[name] = value;
}
Object.assign(env, {
	AWS_ENDPOINT_URL: standin.url,
	AWS_ACCESS_KEY_ID: 'AKIAFAKEFORBENCH',
	AWS_SECRET_ACCESS_KEY: 'fake-secret-for-bench',
	AWS_REGION: 'eu-west-1',
	AWS_CONFIG_FILE: join(work, 'nowhere'),
	AWS_SHARED_CREDENTIALS_FILE: join(work, 'nowhere'),
	AWS_EC2_METADATA_DISABLED: 'true',
	AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
});

type Started = {readonly pid: number; stop(): void; readonly log: string};
const sleep = (ms: number): Promise<void> => new Promise(done => setTimeout(done, ms));

function killGroup(pid: number, signal: NodeJS.Signals): void {
	try {
		process.kill(-pid, signal);
	} catch {}
}

/** A process in a group of its own, output to a file. */
function startProcess(label: string, args: readonly string[]): Started {
	const log = join(work, `${label}.log`);
	const out = openSync(log, 'w');
	const child = spawn(process.execPath, args, {cwd: work, env, stdio: ['ignore', out, out], detached: true});
	closeSync(out);
	if (child.pid === undefined) throw new Error(`could not start ${label}`);
	const pid = child.pid;
	return {pid, log, stop: () => killGroup(pid, 'SIGKILL')};
}

const tmuxRun = (...args: string[]) => spawnSync('tmux', ['-L', socket, '-f', '/dev/null', ...args], {encoding: 'utf8', env});
const quote = (text: string): string => `'${text.replaceAll("'", `'\\''`)}'`;

/** belay on tmux's terminal, through its start flow to the run screen. */
async function startScreen(label: string, state: string): Promise<Started> {
	const session = label.replace(/[^a-z0-9-]/gi, '-');
	const command = ['exec', process.execPath, belay, 'run', runbookFile, '--operator', 'bench', '--state-dir', state].map(quote).join(' ');
	const made = tmuxRun('new-session', '-d', '-s', session, '-x', '100', '-y', '30', command);
	if (made.status !== 0) throw new Error(`tmux new-session failed: ${made.stderr.trim()}`);
	const screen = (): string => tmuxRun('capture-pane', '-p', '-t', session).stdout ?? '';
	const pid = Number(tmuxRun('display-message', '-p', '-t', session, '#{pane_pid}').stdout.trim());
	const started = {pid, log: join(work, `${label}.screen`), stop: () => void tmuxRun('kill-session', '-t', session)};
	const deadline = Date.now() + timeoutMs;
	while (!screen().includes('Start now?')) {
		if (Date.now() > deadline) {
			writeFileSync(started.log, screen());
			throw new Error(`${label}: "Start now?" not shown within ${timeoutMs / 1000} s; the screen:\n${screen()}`);
		}
		await sleep(100);
	}
	tmuxRun('send-keys', '-t', session, 'Enter');
	if (!commandLine(pid).includes(belay)) throw new Error(`${label}: tmux's pane process ${pid} is not belay (${commandLine(pid)})`);
	return started;
}

type Measured = {readonly variant: Variant; readonly window: IdleWindow; readonly polls: number};

async function measure(variant: Variant, round: number): Promise<Measured> {
	const label = `${variant}-${round}`;
	const state = join(work, `state-${label}`);
	mkdirSync(state, {recursive: true});
	const callsBefore = standin.calls();
	const started =
		variant === 'headless'
			? startProcess(label, [belay, 'run', runbookFile, '--non-interactive', '--state-dir', state])
			: variant === 'plain'
				? startProcess(label, [pollerFile, join(root, 'package.json')])
				: await startScreen(label, state);
	try {
		const deadline = Date.now() + timeoutMs;
		while (standin.calls() === callsBefore) {
			if (Date.now() > deadline) throw new Error(`${label}: no poll reached the stand-in within ${timeoutMs / 1000} s; its output:\n${tail(started.log)}`);
			await sleep(50);
		}
		await sleep(settleMs);
		const callsAtStart = standin.calls();
		const window = await measureWindow(started.pid, windowMs, ticks);
		if (window === undefined) throw new Error(`${label}: the process ended during the idle window; its output:\n${tail(started.log)}`);
		const measured = {variant, window, polls: standin.calls() - callsAtStart};
		process.stderr.write(`${label}: ${(measured.window.cpuMs).toFixed(0)} ms CPU over ${(window.wallMs / 1000).toFixed(1)} s = ${window.percent.toFixed(3)} % of a core, ${measured.polls} polls\n`);
		return measured;
	} finally {
		started.stop();
	}
}

const loadBefore = loadAverage();
const results: Measured[] = [];
try {
	for (let round = 1; round <= runs; round++) for (const variant of variants) results.push(await measure(variant, round));
} catch (error) {
	process.stderr.write(`bench:wait-idle: FAILED: ${(error as Error).message}\n`);
	process.exit(1);
} finally {
	await standin.close();
}
const loadAfter = loadAverage();

const target = 0.5;
const of = (variant: Variant) => results.filter(each => each.variant === variant);
const percentOf = (variant: Variant): number | undefined => (of(variant).length ? median(of(variant).map(each => each.window.percent)) : undefined);
const pct = (value: number | undefined): string => (value === undefined ? 'not measured' : `${value.toFixed(3)} %`);
const names: Record<Variant, string> = {
	headless: 'belay, headless (`--non-interactive`)',
	screen: 'belay, the Ink run screen (tmux)',
	plain: 'plain SDK poller (comparison)',
};
const plain = percentOf('plain');
const {node, machine, build} = setting(belay);
const section = [
	'## CPU while a wait idles',
	'',
	`Measured ${new Date().toISOString().slice(0, 10)} with \`node bench/run.mjs wait-idle\` (bench/wait-idle.ts). A runbook whose one step is a \`wait\``,
	`polling DynamoDB's DescribeTable every ${intervalSeconds} s against a local stand-in that always answers CREATING (the wait never ends).`,
	`Once the first poll has arrived and ${settleMs / 1000} s more have passed (past V8's heap-shrinking collections after start-up, and the`,
	`run screen's first minute of a step, when it counts seconds), the process's CPU time (user + system, every thread, from`,
	`\`/proc/PID/stat\`, ${ticks} ticks a second) over an idle window of ${windowMs / 1000} s; CPU over wall time is the share of one core.`,
	`The run screen is belay on a tmux terminal (100 × 30), started through "Start now?"${variants.includes('screen') ? '' : ' — **not measured here: ' + (haveTmux ? 'left out by --variants' : 'tmux is not installed') + '**'}.`,
	`The comparison is a plain Node script polling the same stand-in with @aws-sdk/client-dynamodb at the same interval. ${runs} round(s), variants alternating; medians.`,
	'',
	...(flags.label ? [`**${flags.label}**`, ''] : []),
	`- Node ${node}`,
	`- Machine: ${machine}`,
	`- Measured: ${build}`,
	`- Load average (1 / 5 / 15 min) before: ${loadBefore}; after: ${loadAfter}`,
	'',
	'| process | CPU over the window | % of one core (median) | each round | polls in the window | resident memory |',
	'|---|---|---|---|---|---|',
	...variants.map(variant => {
		const list = of(variant);
		return `| ${names[variant]} | ${list.map(each => `${each.window.cpuMs.toFixed(0)} ms / ${(each.window.wallMs / 1000).toFixed(1)} s`).join(', ')} | **${pct(percentOf(variant))}** | ${list.map(each => pct(each.window.percent)).join(', ')} | ${list.map(each => each.polls).join(', ')} | ${megabytes(list[list.length - 1]?.window.rssBytes)} |`;
	}),
	'',
	...(['headless', 'screen'] as const)
		.filter(variant => variants.includes(variant))
		.map(variant => `${names[variant]}: **${pct(percentOf(variant))}** of one core. Target: under ${target} %. ${percentOf(variant)! < target ? 'Met.' : '**Missed.**'}`),
	'',
].join('\n');

process.stdout.write(`${section}\n`);
if (!flags['no-docs']) writeSection('CPU while a wait idles', section);
if (!flags.belay) {
	const figures: Figure[] = (['headless', 'screen'] as const)
		.filter(variant => variants.includes(variant))
		.map(variant => {
			const value = percentOf(variant)!;
			return {
				figure: `CPU while a \`wait\` idles (poll every ${intervalSeconds} s), ${variant === 'headless' ? 'headless' : 'the run screen (tmux)'}`,
				measured: `${value.toFixed(3)} % of a core`,
				comparison: plain === undefined ? '' : `plain SDK poller ${plain.toFixed(3)} %`,
				ratio: plain === undefined ? null : ratioOf(value, plain),
				target: `under ${target} % of a core`,
				met: value < target,
			};
		});
	if (!variants.includes('screen')) figures.push({figure: 'CPU while a `wait` idles, the run screen', measured: 'not measured', comparison: '', ratio: null, target: `under ${target} % of a core`, met: null});
	writeResult('wait-idle', 'CPU while a wait idles', figures);
}
process.exit(0);
