/**
 * Runs the built CLI (dist/belay.js) as a real child process, the way an operator or a CI job does:
 * standard input closed, headless. Shared by the tests under test/cli and test/engine.
 */
import {spawn, spawnSync, type ChildProcess} from 'node:child_process';
import {mkdtemp, readdir, readFile, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {fileURLToPath} from 'node:url';
import {stringify} from 'yaml';
import {isAlive} from '../../source/store/lock.js';

/** dist/belay.js, or BELAY_TEST_BIN (to try the tests against another build, such as a mutant). */
export const belayBin = process.env['BELAY_TEST_BIN'] ?? fileURLToPath(new URL('../../dist/belay.js', import.meta.url));

export type Exit = {
	readonly code: number | null;
	readonly signal: NodeJS.Signals | null;
	readonly stdout: string;
	readonly stderr: string;
	readonly ms: number;
};

export type Running = {
	readonly child: ChildProcess;
	readonly pid: number;
	readonly exited: Promise<Exit>;
	/** Calls `listener` with every complete line the process writes to stdout. */
	onLine(listener: (line: string) => void): void;
};

export type SpawnOptions = {
	readonly cwd?: string;
	readonly env?: Readonly<Record<string, string>>;
	/** Standard input: ignored (the default), or a pipe the test holds open. */
	readonly stdin?: 'ignore' | 'pipe';
	/** Another user to run as (uid = gid), for tests of permissions run by root. */
	readonly asUser?: number;
};

/** The environment of a child: the test's, without anything that would point belay elsewhere. */
function childEnv(extra: Readonly<Record<string, string>> = {}): NodeJS.ProcessEnv {
	const env: NodeJS.ProcessEnv = {};
	for (const [name, value] of Object.entries(process.env)) {
		if (!name.startsWith('BELAY_') && name !== 'XDG_STATE_HOME') env[name] = value;
	}
	return {...env, BELAY_NO_STDIN: '1', NO_COLOR: '1', ...extra};
}

/** Starts `node dist/belay.js ARGS...` with standard input ignored. */
export function start(args: readonly string[], options: SpawnOptions = {}): Running {
	const began = Date.now();
	const child = spawn(process.execPath, [belayBin, ...args], {
		cwd: options.cwd ?? tmpdir(),
		env: childEnv(options.env),
		stdio: [options.stdin ?? 'ignore', 'pipe', 'pipe'],
		...(options.asUser !== undefined ? {uid: options.asUser, gid: options.asUser} : {}),
	});
	let stdout = '';
	let stderr = '';
	let partial = '';
	const listeners: ((line: string) => void)[] = [];
	child.stdout!.setEncoding('utf8');
	child.stderr!.setEncoding('utf8');
	child.stdout!.on('data', (chunk: string) => {
		stdout += chunk;
		partial += chunk;
		const lines = partial.split('\n');
		partial = lines.pop()!;
		for (const line of lines) for (const listener of listeners) listener(line);
	});
	child.stderr!.on('data', (chunk: string) => {
		stderr += chunk;
	});
	const exited = new Promise<Exit>((resolve, reject) => {
		child.on('error', reject);
		child.on('close', (code, signal) => resolve({code, signal, stdout, stderr, ms: Date.now() - began}));
	});
	return {child, pid: child.pid!, exited, onLine: listener => listeners.push(listener)};
}

/** Runs belay to the end. */
export async function belay(args: readonly string[], options: SpawnOptions = {}): Promise<Exit> {
	return start(args, options).exited;
}

/** A describable summary of an exit, for assertion messages. */
export function describeExit(exit: Exit): string {
	return `exit ${exit.code ?? exit.signal} after ${exit.ms} ms\n--- stdout\n${exit.stdout}\n--- stderr\n${exit.stderr}`;
}

export async function tempDir(prefix: string): Promise<string> {
	return mkdtemp(join(tmpdir(), `belay-${prefix}-`));
}

/** Writes a runbook (a plain object) as YAML and returns its path. */
export async function writeRunbook(dir: string, file: string, runbook: Record<string, unknown>): Promise<string> {
	const path = join(dir, file);
	await writeFile(path, stringify(runbook, {lineWidth: 0}), 'utf8');
	return path;
}

/** Writes an answers file (a plain object) as YAML and returns its path. */
export async function writeAnswers(dir: string, file: string, answers: Record<string, unknown>): Promise<string> {
	const path = join(dir, file);
	await writeFile(path, stringify(answers), 'utf8');
	return path;
}

export type ShowStep = {
	id: string;
	status: string;
	attempts: number;
	startedAt?: string;
	endedAt?: string;
	outputs: Record<string, unknown>;
	error?: {message: string; code?: string; details?: Record<string, unknown>};
	skipReason?: string;
};

export type ShowDocument = {
	id: string;
	status: string;
	dryRun: boolean;
	runbook: {name: string; path: string; sha256: string};
	environment: string | null;
	operator: string | null;
	pair: string | null;
	inputs: Record<string, unknown>;
	pausedOn?: {key: string; question: string; reason: string};
	steps: ShowStep[];
};

/** `belay show ID --json`, parsed; throws with the output when it does not exit 0. */
export async function show(stateDir: string, runId: string): Promise<ShowDocument> {
	const exit = await belay(['show', runId, '--json', '--state-dir', stateDir]);
	if (exit.code !== 0) throw new Error(`belay show ${runId} failed: ${describeExit(exit)}`);
	return JSON.parse(exit.stdout) as ShowDocument;
}

export function stepOf(document: ShowDocument, id: string): ShowStep {
	const step = document.steps.find(candidate => candidate.id === id);
	if (!step) throw new Error(`no step ${id} in ${JSON.stringify(document.steps.map(candidate => candidate.id))}`);
	return step;
}

/** The events of a journal, every line parsed (throws on a line that is not JSON). */
export async function journalEvents(path: string): Promise<Record<string, unknown>[]> {
	const text = await readFile(path, 'utf8');
	return text
		.split('\n')
		.filter(line => line !== '')
		.map(line => JSON.parse(line) as Record<string, unknown>);
}

/** Whether a process is still there (signal 0 reaches it): the same check belay's lock uses. */
export {isAlive};

export async function until(check: () => boolean | Promise<boolean>, timeoutMs: number, intervalMs = 25): Promise<boolean> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		if (await check()) return true;
		if (Date.now() > deadline) return false;
		await new Promise(resolve => setTimeout(resolve, intervalMs));
	}
}

/** The pid of a process that has just exited (so, on this host, a pid nobody holds). */
export function deadPid(): number {
	const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], {encoding: 'utf8'});
	const pid = Number(child.stdout);
	if (!Number.isInteger(pid) || isAlive(pid)) throw new Error(`no dead pid to be had (${child.stdout})`);
	return pid;
}

/** Every file under `root`, recursively (what a run left on disk). */
export async function filesUnder(root: string): Promise<string[]> {
	const out: string[] = [];
	for (const entry of await readdir(root, {withFileTypes: true})) {
		const path = join(root, entry.name);
		if (entry.isDirectory()) out.push(...(await filesUnder(path)));
		else out.push(path);
	}
	return out;
}
