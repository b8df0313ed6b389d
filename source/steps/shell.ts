import {StringDecoder} from 'node:string_decoder';
import {formatDuration} from '../runbook/duration.js';
import {importPackage} from '../import-package.js';
import {LineSplitter} from './line-splitter.js';
import {checkStart, findBash, startFailure} from './shell-preflight.js';
import {buildShellScript} from './shell-script.js';
import {StepFailure, type ExecutionContext, type ExecutionResult} from './executor.js';

/** The most of stdout/stderr kept in a step's result (the whole output is in the run's log). */
const resultLimit = 64 * 1024;
const tailLines = 20;
const killGraceMs = 5000;

/** The shell request the driver resolved: the script with positional parameters and their values. */
export type ShellRequest = {
	readonly command: string;
	readonly script: string;
	readonly args: readonly string[];
	readonly cwd: string;
	readonly env: Readonly<Record<string, string>>;
};

/** Raised when the run is being stopped (SIGINT/SIGTERM): the step is left interrupted, not failed. */
export class Interrupted extends Error {
	constructor() {
		super('interrupted');
		this.name = 'Interrupted';
	}
}

/**
 * Runs a shell step through zx, in its own process group so a timeout or Ctrl-C stops the whole
 * command tree. Output streams line by line to the front ends and the run's log.
 */
export async function runShell(context: ExecutionContext): Promise<ExecutionResult> {
	const request = context.request as unknown as ShellRequest;
	const {$} = await importPackage<typeof import('zx')>('zx');
	// Stopped while the step was being prepared: the command never starts.
	if (context.signal.aborted) throw new Interrupted();
	const env = {...context.env, ...request.env};
	const bash = findBash(env['PATH']);
	const options = {
		cwd: request.cwd,
		env,
		// The bash on the PATH the step gets (zx would take the one on belay's own PATH).
		...(bash ? {shell: bash} : {}),
		quiet: true,
		nothrow: true,
		detached: true,
		verbose: false,
		halt: true,
		stdio: ['ignore', 'pipe', 'pipe'],
		// zx keeps every chunk a command prints, twice, for its ProcessOutput: belay reads the streams
		// itself (the log has all of it, the result the tail), so nothing is kept.
		store: {stdout: keepNothing(), stderr: keepNothing(), stdall: keepNothing()},
	};
	const child = withOptions($, options, () => $`bash -c ${`set -eo pipefail\n${request.script}`} belay ${[...request.args]}`);
	// What would stop the command from starting fails the step before anything runs.
	const plan = {
		key: context.key,
		cwd: request.cwd,
		env,
		stepEnv: Object.keys(request.env),
		commandLine: child.fullCmd,
		values: valueSources(context, request.args),
	};
	const check = checkStart(plan);
	if ('problem' in check) throw cannotStart(check.problem, request);
	child.run();
	if (child.child === undefined) throw cannotStart(startFailure((await child).cause, plan), request);
	if (child.pid !== undefined) context.emit({type: 'process-started', key: context.key, pid: child.pid});
	const out = {stdout: new TailText(resultLimit), stderr: new TailText(resultLimit)};
	const tail: string[] = [];
	for (const stream of ['stdout', 'stderr'] as const) {
		const splitter = new LineSplitter();
		const decoder = new StringDecoder('utf8');
		// One event per chunk read, not per line: a command printing a million lines stays cheap.
		const onLines = (lines: string[]): void => {
			if (lines.length === 0) return;
			tail.push(...lines.slice(-tailLines));
			if (tail.length > tailLines) tail.splice(0, tail.length - tailLines);
			context.emit({type: 'step-output', key: context.key, stream, lines});
		};
		child[stream].on('data', (chunk: Buffer) => {
			const text = decoder.write(chunk);
			out[stream].push(text);
			onLines(splitter.push(text));
		});
		child[stream].on('end', () => onLines([...splitter.push(decoder.end()), ...splitter.flush()]));
	}

	let timedOut = false;
	let stopped = false;
	const killGroup = (signal: NodeJS.Signals): void => {
		const pid = child.pid;
		if (pid === undefined) return;
		try {
			process.kill(-pid, signal);
		} catch {}
	};
	const stop = (): void => {
		killGroup('SIGTERM');
		setTimeout(() => killGroup('SIGKILL'), killGraceMs).unref();
	};
	const onAbort = (): void => {
		stopped = true;
		stop();
	};
	context.signal.addEventListener('abort', onAbort, {once: true});
	// A stop between the spawn and now would have found no listener.
	if (context.signal.aborted) onAbort();
	const timeoutMs = context.step.timeoutMs;
	const timer =
		timeoutMs === undefined
			? undefined
			: setTimeout(() => {
					timedOut = true;
					stop();
				}, timeoutMs);
	try {
		const output = await child;
		if (stopped) throw new Interrupted();
		// Spawned, but it never ran (the directory went away in between, a limit of the system).
		if (output.cause && output.exitCode !== 0 && output.signal === null) throw cannotStart(startFailure(output.cause, plan), request);
		const exitCode = output.exitCode ?? (output.signal ? 128 : 1);
		const result = {exitCode, stdout: out.stdout.text(), stderr: out.stderr.text()};
		if (timedOut) {
			throw new StepFailure({
				message: `timed out after ${formatDuration(timeoutMs!)}; the command and its children were stopped`,
				code: 'Timeout',
				details: {lastLines: [...tail], command: request.command},
			});
		}
		if (exitCode !== 0) {
			throw new StepFailure({
				message: `exited with ${output.signal ? `signal ${output.signal}` : `code ${exitCode}`}${tail.length ? `; last lines:\n${tail.join('\n')}` : ''}`,
				code: `Exit${exitCode}`,
				details: {exitCode, lastLines: [...tail], command: request.command},
			});
		}
		return {result};
	} finally {
		if (timer) clearTimeout(timer);
		context.signal.removeEventListener('abort', onAbort);
	}
}

/** A step failure for a command that never started: nothing ran, and the message says why. */
function cannotStart(problem: string, request: ShellRequest): StepFailure {
	return new StepFailure({message: `cannot start the command: ${problem}`, code: 'CannotStart', details: {command: request.command}});
}

/** Each argument with the `${{ }}` it came from, for the messages. */
function valueSources(context: ExecutionContext, args: readonly string[]): {source: string; value: string}[] {
	const run = context.step.kind === 'shell' ? context.step.shell.run : '';
	const {expressions} = buildShellScript(run);
	return args.map((value, index) => ({source: expressions[index]?.source ?? `argument ${index + 1}`, value}));
}

/** The last `limit` characters of a stream, kept as the pieces that came (joined once, at the end). */
class TailText {
	private pieces: string[] = [];
	private size = 0;

	constructor(private readonly limit: number) {}

	push(text: string): void {
		this.pieces.push(text);
		this.size += text.length;
		while (this.pieces.length > 1 && this.size - this.pieces[0]!.length >= this.limit) this.size -= this.pieces.shift()!.length;
	}

	text(): string {
		return this.pieces.join('').slice(-this.limit);
	}
}

/** An array that drops what is pushed onto it. */
function keepNothing(): string[] {
	return Object.assign([] as string[], {push: () => 0});
}

/**
 * Calls zx's `$` with options, as `$(options)` would, without its AsyncLocalStorage: once zx's
 * `within` has run, Node keeps a hook on every promise the process makes from then on (a tenth of a
 * bulk run's CPU after its first shell step). zx copies its options when the command is made, which
 * is at once, so they are set for the call and put back.
 */
function withOptions<T>($: object, options: Record<string, unknown>, call: () => T): T {
	const settings = $ as Record<string, unknown>;
	const saved = Object.keys(options).map(key => [key, settings[key]] as const);
	Object.assign(settings, options);
	try {
		return call();
	} finally {
		for (const [key, value] of saved) settings[key] = value;
	}
}
