/**
 * Helpers for the screen and component tests: a render with a terminal of a given size (the frame an
 * operator sees, line for line), real runbooks and run states, and a real run driven in-process in
 * the LiveRun shape the RunController expects.
 */
import {EventEmitter} from 'node:events';
import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {stripVTControlCharacters} from 'node:util';
import {render, type Instance} from 'ink';
import type {ReactElement} from 'react';
import type {LiveRun} from '../../../source/commands/live-run.js';
import type {RunEvent} from '../../../source/engine/events.js';
import {planStart, type StartGiven, type StartPlan} from '../../../source/engine/plan-start.js';
import {initialState, replay} from '../../../source/engine/reduce.js';
import type {DriveOutcome} from '../../../source/engine/run.js';
import type {RunState} from '../../../source/engine/state.js';
import {loadRunbookText} from '../../../source/runbook/load.js';
import type {LoadedRunbook} from '../../../source/runbook/types.js';
import {FileRunJournal} from '../../../source/store/file-journal.js';
import {inProcessDriver} from '../../helpers/in-process.js';
import {tick} from '../prompts/helpers.js';

export {keys, oneLine, tick} from '../prompts/helpers.js';

/** A terminal of a fixed size, keeping every frame Ink writes (debug mode: each is a whole frame). */
class Terminal extends EventEmitter {
	readonly frames: string[] = [];
	readonly isTTY = false;
	constructor(
		readonly columns: number,
		readonly rows: number,
	) {
		super();
	}

	write = (frame: string): boolean => {
		this.frames.push(frame);
		return true;
	};
}

/** Keys as a terminal sends them, as ink-testing-library's stdin does. */
class Keyboard extends EventEmitter {
	isTTY = true;
	private data: string | null = null;
	write = (data: string): void => {
		this.data = data;
		this.emit('readable');
		this.emit('data', data);
	};
	read = (): string | null => {
		const {data} = this;
		this.data = null;
		return data;
	};
	setEncoding(): void {}
	setRawMode(): void {}
	resume(): void {}
	pause(): void {}
	ref(): void {}
	unref(): void {}
}

const mounted: Instance[] = [];

/** Unmounts everything `mountSized` rendered (call it in afterEach). */
export function unmountAll(): void {
	for (const instance of mounted.splice(0)) {
		instance.unmount();
		instance.cleanup();
	}
}

export type Mounted = {
	/** The last frame without colours. */
	frame(): string;
	/** The last frame as written, with its escape codes. */
	rawFrame(): string;
	/** Every frame written so far, without colours. */
	frames(): string[];
	/** Types each input as one write (one key, or a pasted word), letting Ink handle it. */
	type(...inputs: string[]): Promise<void>;
	/** Renders the element again with new props, as React would on a parent's change. */
	rerender(element: ReactElement): void;
	unmount(): void;
};

/** Renders an element on a terminal `columns` wide and `rows` high (100×24 unless told). */
export function mountSized(element: ReactElement, size: {columns?: number; rows?: number} = {}): Mounted {
	const stdout = new Terminal(size.columns ?? 100, size.rows ?? 24);
	const stderr = new Terminal(size.columns ?? 100, size.rows ?? 24);
	const stdin = new Keyboard();
	const instance = render(element, {
		stdout: stdout as unknown as NodeJS.WriteStream,
		stderr: stderr as unknown as NodeJS.WriteStream,
		stdin: stdin as unknown as NodeJS.ReadStream,
		debug: true,
		exitOnCtrlC: false,
		patchConsole: false,
	});
	mounted.push(instance);
	return {
		frame: () => stripVTControlCharacters(stdout.frames.at(-1) ?? ''),
		rawFrame: () => stdout.frames.at(-1) ?? '',
		frames: () => stdout.frames.map(frame => stripVTControlCharacters(frame)),
		async type(...inputs: string[]) {
			for (const input of inputs) {
				stdin.write(input);
				await tick();
			}
		},
		rerender: element => instance.rerender(element),
		unmount: () => instance.unmount(),
	};
}

/** Waits (ticking) until the frame shows what is asked, or fails with the last frame. */
export async function waitFor(view: Mounted, test: (frame: string) => boolean, what: string, timeoutMs = 10_000): Promise<string> {
	const end = Date.now() + timeoutMs;
	for (;;) {
		const frame = view.frame();
		if (test(frame)) return frame;
		if (Date.now() > end) throw new Error(`the screen never showed ${what}; last frame:\n${frame}`);
		await tick(25);
	}
}

/** Waits until a condition holds (polling). */
export async function until(test: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
	const end = Date.now() + timeoutMs;
	while (!test()) {
		if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
		await tick(10);
	}
}

/** A runbook from YAML text, loaded by the real loader; throws with the problems when it is invalid. */
export function runbook(yaml: string, path = '/runbooks/test.yaml'): LoadedRunbook {
	const result = loadRunbookText(yaml, path);
	if (!result.ok) throw new Error(result.problems.map(problem => `${problem.line}:${problem.column} ${problem.message}`).join('\n'));
	return result.loaded;
}

/** The same facts every test plans with. */
export const facts = {now: new Date('2025-03-04T02:10:00.000Z'), host: 'night-shift', pid: 4242, suffix: 'ab12'} as const;

/** A real plan for a new run; throws with what it still needs. */
export async function plannedStart(loaded: LoadedRunbook, given: Partial<StartGiven> = {}, now: Date = facts.now): Promise<Extract<StartPlan, {ok: true}>> {
	const plan = await planStart(loaded, {inputs: {}, operator: 'alice', pair: 'bob', dryRun: false, ...given}, {...facts, now});
	if (!plan.ok) throw new Error(plan.needs.map(need => need.message).join('\n'));
	return plan;
}

/** A run's state after its opening events and `later` ones, replayed through the real reducer. */
export async function replayedRun(loaded: LoadedRunbook, given: Partial<StartGiven>, later: (at: (minutes: number) => string) => RunEvent[]): Promise<RunState> {
	const plan = await plannedStart(loaded, given);
	const at = (minutes: number): string => new Date(facts.now.getTime() + minutes * 60_000).toISOString();
	return replay([plan.started, plan.vars, ...later(at)]);
}

/** A real run, driven in-process by the real driver and executors, in the shape the controller expects. */
export type DrivenRun = {
	readonly live: LiveRun;
	readonly dir: string;
	/** Resolves when the drive ended and the run was closed. */
	readonly closed: Promise<void>;
	readonly plan: Extract<StartPlan, {ok: true}>;
	/** Removes the run's directory. */
	dispose(): void;
};

/**
 * Starts nothing: builds a run (journal, output log, session, driver) that `drive` starts, as
 * `liveRun` does for the CLI. Its shell steps run in a fresh temporary directory (`dir`).
 */
export async function drivenRun(loaded: LoadedRunbook, given: Partial<StartGiven> = {}): Promise<DrivenRun> {
	const dir = mkdtempSync(join(tmpdir(), 'belay-ui-run-'));
	const plan = await plannedStart(loaded, given, new Date());
	const journal = FileRunJournal.open(join(dir, 'journal.jsonl'), true, 0);
	await journal.append(plan.started, 0);
	const stop = new AbortController();
	const {driver, session, close} = inProcessDriver(initialState(plan.started), {
		loaded,
		journal,
		logPath: join(dir, 'output.log'),
		cwd: dir,
		signal: stop.signal,
		interactive: true,
	});
	let markClosed: () => void = () => {};
	const closed = new Promise<void>(resolve => (markClosed = resolve));
	let isClosed = false;
	const live: LiveRun = {
		session,
		loaded,
		async drive(): Promise<DriveOutcome> {
			session.recorded(plan.started, initialState(plan.started));
			await driver.record(plan.vars);
			const outcome = await driver.drive();
			session.end({status: outcome.status, exitCode: outcome.exitCode});
			return outcome;
		},
		stop: reason => stop.abort(reason),
		async close() {
			if (isClosed) return;
			isClosed = true;
			close();
			await journal.close();
			markClosed();
		},
	};
	return {live, dir, closed, plan, dispose: () => rmSync(dir, {recursive: true, force: true})};
}
