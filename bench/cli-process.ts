// What the benchmarks that drive the built CLI share (bench/output.ts, bench/foreach.ts): running
// `node dist/belay.js ...` as a real process with its output going to files, timing it wall-clock,
// measuring its peak resident memory, stopping it when it runs too long, and writing a section of
// docs/BENCHMARKS.md. Nothing here imports belay's source: these benchmarks see belay from outside.
import {parseArgs} from 'node:util';
import {spawn, spawnSync} from 'node:child_process';
import {createHash} from 'node:crypto';
import {closeSync, existsSync, mkdirSync, openSync, readFileSync, readdirSync, rmSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import {dirname, join, relative} from 'node:path';

/** The repository (bench/run.mjs sets BENCH_ROOT; the bundle it runs lives elsewhere). */
type OptionSpec = {readonly type: 'string'; readonly default?: string} | {readonly type: 'boolean'; readonly default?: boolean};

/** A thousands-separated count, as the reports print them. */
export const count = (value: number): string => value.toLocaleString('en');

/** What a benchmark says of a bad option: the message and its usage line, exit 2; and the positive-integer check. */
export function usageChecks(usage: string): {fail(message: string): never; positive(name: string, text: string): number} {
	const fail = (message: string): never => {
		process.stderr.write(`${message}\n${usage}\n`);
		process.exit(2);
	};
	return {
		fail,
		positive(name, text) {
			const value = Number(text);
			if (!Number.isInteger(value) || value < 1) fail(`--${name} takes a positive integer (got '${text}')`);
			return value;
		},
	};
}

/**
 * A benchmark's options: its own, and the ones every benchmark takes (--timeout, --belay, --label,
 * --no-docs, --no-build). An unknown or malformed option prints the usage line and exits 2.
 */
export function benchOptions<const T extends Record<string, OptionSpec>>(usage: string, own: T, timeoutSeconds: string) {
	try {
		return parseArgs({
			options: {
				...own,
				timeout: {type: 'string', default: timeoutSeconds},
				belay: {type: 'string'},
				label: {type: 'string'},
				'no-docs': {type: 'boolean', default: false},
				'no-build': {type: 'boolean', default: false},
			},
			strict: true,
		}).values;
	} catch (error) {
		process.stderr.write(`${(error as Error).message}\n${usage}\n`);
		process.exit(2);
	}
}

export const root = process.env['BENCH_ROOT'] ?? process.cwd();

/** Peak memory: GNU time's maximum RSS when /usr/bin/time is GNU time, else VmHWM sampled from /proc. */
export type RssMethod = 'gnu-time' | 'proc-sampling' | 'none';

export type BelayRun = {
	readonly wallMs: number;
	readonly code: number | null;
	readonly signal: NodeJS.Signals | null;
	readonly timedOut: boolean;
	/** Peak resident set size in bytes, when it could be measured. */
	readonly peakRssBytes: number | undefined;
	/**
	 * CPU time (user + system) of belay and the commands it ran, when GNU time measured it: far less
	 * sensitive than wall time to other work on the machine, though it leaves out waiting for the disk.
	 */
	readonly cpuMs: number | undefined;
	readonly stdoutFile: string;
	readonly stderrFile: string;
};

export type RunOptions = {
	readonly belay: string;
	readonly args: readonly string[];
	readonly cwd: string;
	readonly stdoutFile: string;
	readonly stderrFile: string;
	readonly timeoutMs: number;
	readonly rss: RssMethod;
	/** Where the run's journal is, to stop a command a timed-out belay left running. */
	readonly journal?: string;
};

/** Whether /usr/bin/time is GNU time (it takes `-f %M -o FILE`: the maximum RSS in KiB). */
export function rssMethod(): RssMethod {
	const probe = join(os.tmpdir(), `belay-bench-time-${process.pid}`);
	try {
		const result = spawnSync('/usr/bin/time', ['-f', '%M', '-o', probe, 'true'], {stdio: 'ignore'});
		if (result.status === 0 && /^\d+\s*$/.test(readFileSync(probe, 'utf8'))) return 'gnu-time';
	} catch {
	} finally {
		rmSync(probe, {force: true});
	}
	return existsSync(`/proc/${process.pid}/status`) ? 'proc-sampling' : 'none';
}

export function describeRss(method: RssMethod): string {
	switch (method) {
		case 'gnu-time':
			return "`/usr/bin/time -f '%M %U %S'`: the kernel's maximum resident set size of the belay process, or of a command it ran if one was larger (the largest one process, not a sum; belay's own is by far the largest here)";
		case 'proc-sampling':
			return '`VmHWM` of the belay process, read from /proc every 20 ms (GNU time is not installed)';
		case 'none':
			return 'not measured (neither GNU time nor /proc)';
	}
}

export function describeCpu(method: RssMethod): string {
	return method === 'gnu-time'
		? 'user + system time of belay and the commands it ran, from the same GNU time: much less moved by other work on the machine than wall time, but it leaves out waiting for the disk (each journal event is fsynced)'
		: 'not measured (GNU time is not installed)';
}

/** The child's environment: the caller's, without anything that would point belay elsewhere. */
function childEnv(): NodeJS.ProcessEnv {
	const env: NodeJS.ProcessEnv = {};
	for (const [name, value] of Object.entries(process.env)) {
		if (!name.startsWith('BELAY_') && name !== 'XDG_STATE_HOME' && !name.startsWith('BENCH_')) env[name] = value;
	}
	return {...env, BELAY_NO_STDIN: '1', NO_COLOR: '1'};
}

/** The process group being run and its journal, so that Ctrl-C on the benchmark stops it too. */
let running: {pid: number; journal: string | undefined} | undefined;
const cleanups: (() => void)[] = [];

/** Runs `cleanup` on exit, and on Ctrl-C after stopping the belay being measured. */
export function onExit(cleanup: () => void): void {
	cleanups.push(cleanup);
}

let handlers = false;
function installHandlers(): void {
	if (handlers) return;
	handlers = true;
	const stop = (signal: NodeJS.Signals): void => {
		if (running !== undefined) {
			killGroup(running.pid, 'SIGKILL');
			if (running.journal) stopLeftCommands(running.journal);
		}
		for (const cleanup of cleanups.splice(0)) cleanup();
		process.stderr.write(`\nbench: stopped by ${signal}\n`);
		process.exit(130);
	};
	process.on('SIGINT', stop);
	process.on('SIGTERM', stop);
	process.on('exit', () => {
		for (const cleanup of cleanups.splice(0)) cleanup();
	});
}

function killGroup(pid: number, signal: NodeJS.Signals): void {
	try {
		process.kill(-pid, signal);
	} catch {}
}

function killProcess(pid: number, signal: NodeJS.Signals): void {
	try {
		process.kill(pid, signal);
	} catch {}
}

/** The direct children of a process (Linux). */
function childrenOf(pid: number): number[] {
	try {
		return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
	} catch {
		return [];
	}
}

/** VmHWM (peak RSS) of a live process, in bytes. */
function highWaterMark(pid: number): number | undefined {
	try {
		const match = /^VmHWM:\s+(\d+)\s+kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
		return match ? Number(match[1]) * 1024 : undefined;
	} catch {
		return undefined;
	}
}

/**
 * Runs `node BELAY ARGS...` in its own process group, standard input closed, standard output and
 * error to files. After `timeoutMs` it gets SIGINT (belay saves its checkpoint and stops its
 * command; GNU time ignores SIGINT and still reports), then SIGKILL 10 s later: a belay busy in a
 * loop that never yields to the event loop does not see the SIGINT.
 */
export async function runBelay(options: RunOptions): Promise<BelayRun> {
	installHandlers();
	const rssFile = `${options.stdoutFile}.rss`;
	const node = [process.execPath, options.belay, ...options.args];
	const [command, ...args] = options.rss === 'gnu-time' ? ['/usr/bin/time', '-f', '%M %U %S', '-o', rssFile, ...node] : node;
	const stdout = openSync(options.stdoutFile, 'w');
	const stderr = openSync(options.stderrFile, 'w');
	const start = process.hrtime.bigint();
	const child = spawn(command!, args, {cwd: options.cwd, env: childEnv(), stdio: ['ignore', stdout, stderr], detached: true});
	closeSync(stdout);
	closeSync(stderr);
	const pid = child.pid;
	if (pid === undefined) throw new Error(`could not start ${command}`);
	running = {pid, journal: options.journal};
	let sampled: number | undefined;
	const sampler =
		options.rss === 'proc-sampling'
			? setInterval(() => {
					const value = highWaterMark(pid);
					if (value !== undefined) sampled = Math.max(sampled ?? 0, value);
				}, 20)
			: undefined;
	let timedOut = false;
	let killer: NodeJS.Timeout | undefined;
	const timer = setTimeout(() => {
		timedOut = true;
		killGroup(pid, 'SIGINT');
		killer = setTimeout(() => {
			// belay did not stop: kill it, but not GNU time, so that time still reports the peak.
			const inner = options.rss === 'gnu-time' ? childrenOf(pid) : [];
			for (const each of inner) killProcess(each, 'SIGKILL');
			killer = setTimeout(() => killGroup(pid, 'SIGKILL'), inner.length ? 2000 : 0);
		}, 10_000);
	}, options.timeoutMs);
	const {code, signal} = await new Promise<{code: number | null; signal: NodeJS.Signals | null}>((resolve, reject) => {
		child.on('error', reject);
		child.on('exit', (exitCode, exitSignal) => resolve({code: exitCode, signal: exitSignal}));
	});
	const wallMs = Number(process.hrtime.bigint() - start) / 1e6;
	clearTimeout(timer);
	if (killer) clearTimeout(killer);
	if (sampler) clearInterval(sampler);
	running = undefined;
	killGroup(pid, 'SIGKILL');
	if (timedOut && options.journal) stopLeftCommands(options.journal);
	let peakRssBytes = sampled;
	let cpuMs: number | undefined;
	if (options.rss === 'gnu-time') {
		try {
			// GNU time writes "Command exited with non-zero status N" before the format's own line.
			const lines = readFileSync(rssFile, 'utf8').trim().split('\n');
			const [kib, user, system] = (lines[lines.length - 1] ?? '').trim().split(/\s+/).map(Number);
			if (kib !== undefined && Number.isFinite(kib) && kib > 0) peakRssBytes = kib * 1024;
			if (user !== undefined && system !== undefined && Number.isFinite(user + system)) cpuMs = (user + system) * 1000;
		} catch {}
		rmSync(rssFile, {force: true});
	}
	// Behind GNU time, a belay killed by a signal shows as exit code 128 + the signal.
	return {wallMs, code, signal, timedOut, peakRssBytes, cpuMs, stdoutFile: options.stdoutFile, stderrFile: options.stderrFile};
}

/** Kills the process groups of shell commands a timed-out run recorded (belay runs each in its own). */
function stopLeftCommands(journal: string): void {
	try {
		for (const line of readFileSync(journal, 'utf8').split('\n')) {
			if (!line.includes('"step-process"')) continue;
			const event = JSON.parse(line) as {pid?: unknown};
			if (typeof event.pid === 'number' && event.pid > 1) killGroup(event.pid, 'SIGKILL');
		}
	} catch {}
}

/** The last lines of a file, for a failure message. */
export function tail(file: string, lines = 15): string {
	try {
		return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
	} catch {
		return '';
	}
}

/** How a run ended, in words, when it did not exit 0. */
export function describeEnd(run: BelayRun, timeoutMs: number): string {
	if (run.timedOut) return `timed out (stopped after ${timeoutMs / 1000} s)`;
	if (run.signal) return `killed by ${run.signal}`;
	return `exit ${run.code}`;
}

/** The q-quantile (0..1) by the nearest-rank method (0.5 of three values is the middle one). */
export function quantile(values: readonly number[], q: number): number {
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}

export const median = (values: readonly number[]): number => quantile(values, 0.5);

export function megabytes(bytes: number | undefined): string {
	return bytes === undefined ? 'not measured' : `${(bytes / 1e6).toFixed(0)} MB`;
}

export function seconds(ms: number): string {
	return `${(ms / 1000).toFixed(2)} s`;
}

/** Node, machine, and what was measured: the lines every section starts with. */
export function setting(belay: string): {node: string; machine: string; build: string} {
	const cpus = os.cpus();
	const machine = `${cpus[0]?.model.trim() ?? 'unknown CPU'}, ${cpus.length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GiB, ${os.platform()} ${os.release()}`;
	const inRepo = !relative(root, belay).startsWith('..');
	let build = inRepo ? relative(root, belay) : belay;
	try {
		const core = readFileSync(join(dirname(belay), 'belay-core.cjs'));
		build += ` (bundle ${createHash('sha256').update(core).digest('hex').slice(0, 12)})`;
	} catch {}
	const git = spawnSync('git', ['rev-parse', '--short', 'HEAD'], {cwd: root, encoding: 'utf8'});
	if (git.status === 0) {
		const dirty = spawnSync('git', ['status', '--porcelain', '--', 'source', 'scripts', 'package.json'], {cwd: root, encoding: 'utf8'});
		const changed = dirty.status === 0 && dirty.stdout.trim() !== '';
		build += inRepo ? `, built from commit ${git.stdout.trim()}${changed ? ' with uncommitted changes to source/ or scripts/' : ''}` : '';
	}
	return {node: process.version, machine, build};
}

export function loadAverage(): string {
	return os
		.loadavg()
		.map(value => value.toFixed(2))
		.join(' ');
}

/** Replaces the section `## TITLE` of docs/BENCHMARKS.md (up to the next `## `), or appends it. */
export function writeSection(title: string, section: string): void {
	const file = join(root, 'docs', 'BENCHMARKS.md');
	mkdirSync(dirname(file), {recursive: true});
	const existing = existsSync(file) ? readFileSync(file, 'utf8') : '# Benchmarks\n\n';
	const escaped = title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
	const pattern = new RegExp(`^## ${escaped}\\n[\\s\\S]*?(?=^## |(?![\\s\\S]))`, 'm');
	const text = `${section.trimEnd()}\n`;
	// A function, so that `$` in the section is not read as a replacement pattern.
	const updated = pattern.test(existing) ? existing.replace(pattern, () => `${text}\n`) : `${existing.trimEnd()}\n\n${text}`;
	writeFileSync(file, `${updated.trimEnd()}\n`);
	process.stderr.write(`wrote the "${title}" section of docs/BENCHMARKS.md\n`);
}

/** Every file under a folder, recursively. */
export function filesUnder(folder: string): string[] {
	const out: string[] = [];
	if (!existsSync(folder)) return out;
	for (const entry of readdirSync(folder, {withFileTypes: true})) {
		const path = join(folder, entry.name);
		if (entry.isDirectory()) out.push(...filesUnder(path));
		else out.push(path);
	}
	return out;
}

/** The lines that say where and how a run was measured: label, Node, machine, build, load, memory and CPU. */
export function measuredOn(facts: {
	readonly label: string | undefined;
	readonly node: string;
	readonly machine: string;
	readonly build: string;
	readonly loadBefore: string;
	readonly loadAfter: string;
	readonly rss: RssMethod;
}): string[] {
	return [
		...(facts.label ? [`**${facts.label}**`, ''] : []),
		`- Node ${facts.node}`,
		`- Machine: ${facts.machine}`,
		`- Measured: ${facts.build}`,
		`- Load average (1 / 5 / 15 min) before: ${facts.loadBefore}; after: ${facts.loadAfter} (the machine is shared: other work inflates the times)`,
		`- Peak memory: ${describeRss(facts.rss)}`,
		`- CPU time: ${describeCpu(facts.rss)}`,
	];
}
