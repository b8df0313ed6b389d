/**
 * Drives runs in-process the way source/commands/session.ts does: the real Driver, the real
 * executors (`executorFor`), a real Journal in a temporary folder and a real AwsRuntime. Only the
 * AWS services are mocked (by the tests, with aws-sdk-client-mock); the front end is a small one that
 * collects events and answers questions from a map. Waits and retry delays do not sleep.
 */
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {AwsRuntime} from '../../source/aws/runtime.js';
import {shellIdentityEnv} from '../../source/aws/guard.js';
import type {LiveEvent, QuestionType, RunEvent} from '../../source/engine/events.js';
import type {FrontEnd, OperatorAnswer, Question} from '../../source/engine/front-end.js';
import {initialState, replay} from '../../source/engine/reduce.js';
import {Driver, type Clock, type DriveOutcome} from '../../source/engine/run.js';
import {emptySecrets, envScope, runScope} from '../../source/engine/scope.js';
import type {RunState} from '../../source/engine/state.js';
import {stepHashes} from '../../source/engine/step-hashes.js';
import {resolveValue} from '../../source/expressions/evaluate.js';
import {loadRunbookText} from '../../source/runbook/load.js';
import type {LoadedRunbook} from '../../source/runbook/types.js';
import {executorFor} from '../../source/steps/registry.js';
import {Journal, readJournal} from '../../source/store/journal.js';

/** Real time for `now`, no time for `sleep`: a wait polls again at once. */
export const instantClock: Clock = {
	now: () => new Date(),
	sleep: () => new Promise(resolve => setImmediate(resolve)),
};

type AnswerFor = unknown | ((question: Question) => unknown);

/**
 * Collects every event it is shown and every question it is asked. Answers come from a map keyed
 * `step-key:question` (`recovery-point:select`, `restore-done:credentials`); a question the map
 * does not answer gets no answer, which pauses the run as a headless run without answers would.
 */
export class TestFrontEnd implements FrontEnd {
	readonly events: (RunEvent | LiveEvent)[] = [];
	readonly questions: Question[] = [];

	constructor(
		private readonly answers: Readonly<Record<string, AnswerFor>> = {},
		private readonly by: string | null = 'alice',
	) {}

	event(event: RunEvent | LiveEvent): void {
		this.events.push(event);
	}

	async ask(question: Question): Promise<OperatorAnswer | undefined> {
		this.questions.push(question);
		const id = `${question.key}:${question.question}`;
		if (!(id in this.answers)) return undefined;
		const answer = this.answers[id];
		const value = typeof answer === 'function' ? (answer as (question: Question) => unknown)(question) : answer;
		return value === undefined ? undefined : {value, by: this.by};
	}

	/** The events of one type, typed. */
	of<T extends (RunEvent | LiveEvent)['type']>(type: T): Extract<RunEvent | LiveEvent, {type: T}>[] {
		return this.events.filter((event): event is Extract<RunEvent | LiveEvent, {type: T}> => event.type === type);
	}

	asked(question: QuestionType): Question[] {
		return this.questions.filter(candidate => candidate.question === question);
	}
}

export type DriveOptions = {
	/** Stands in for SIGINT: abort it to interrupt the run. */
	readonly controller?: AbortController;
	/** The runbook to drive with (default: the one the run started with). */
	readonly loaded?: LoadedRunbook;
};

/** One run: started in a temporary folder, driven, then (optionally) resumed like `belay resume`. */
export class RunHarness {
	private static readonly dirs: string[] = [];
	private drives = 0;
	/** The AwsRuntime of the last drive. */
	aws: AwsRuntime | undefined;

	private constructor(
		readonly dir: string,
		readonly runId: string,
		readonly loaded: LoadedRunbook,
		readonly journalPath: string,
	) {}

	/** Writes the runbook, checks it, and journals run-started (as `belay run` does). */
	static start(yaml: string, options: {runId?: string; environment?: string; dryRun?: boolean; inputs?: Record<string, unknown>} = {}): RunHarness {
		const dir = mkdtempSync(join(tmpdir(), 'belay-aws-run-'));
		RunHarness.dirs.push(dir);
		const path = join(dir, 'runbook.yaml');
		writeFileSync(path, yaml, 'utf8');
		const result = loadRunbookText(yaml, path);
		if (!result.ok) throw new Error(`the test runbook is invalid:\n${result.problems.map(problem => `${problem.line}:${problem.column} ${problem.message}`).join('\n')}`);
		const {runbook} = result.loaded;
		const runId = options.runId ?? `aws-test-${Math.random().toString(36).slice(2, 8)}`;
		const harness = new RunHarness(dir, runId, result.loaded, join(dir, 'journal.jsonl'));
		const journal = Journal.open(harness.journalPath, true);
		journal.append({
			type: 'run-started',
			at: new Date().toISOString(),
			runId,
			runbook: {name: runbook.name, title: runbook.title, path, sha256: result.loaded.sha256},
			stepHashes: stepHashes(runbook),
			environment: options.environment ?? null,
			operator: 'alice',
			pair: null,
			dryRun: options.dryRun ?? false,
			inputs: options.inputs ?? {},
			secretInputs: [],
			host: 'test',
			pid: process.pid,
		});
		journal.close();
		return harness;
	}

	/** Removes the folders of every run started in this process (for afterAll). */
	static cleanUp(): void {
		for (const dir of RunHarness.dirs.splice(0)) rmSync(dir, {recursive: true, force: true});
	}

	/** Every event journaled so far. */
	events(): RunEvent[] {
		return readJournal(this.journalPath).events;
	}

	/** The run's state as a replay of its journal rebuilds it. */
	state(): RunState {
		return replay(this.events());
	}

	/**
	 * Drives the run: the first drive records its vars, later ones replay the journal and append
	 * run-resumed first, as `belay resume` does. Every drive gets a new AwsRuntime.
	 */
	async drive(frontEnd: FrontEnd, options: DriveOptions = {}): Promise<DriveOutcome> {
		const loaded = options.loaded ?? this.loaded;
		const state = this.state();
		const environment = loaded.runbook.environments[state.environment ?? ''];
		const opening: RunEvent[] = [];
		if (this.drives++ > 0) {
			opening.push({type: 'run-resumed', at: new Date().toISOString(), host: 'test', pid: process.pid, operator: null, acceptedChanges: []});
		}
		if (state.vars === undefined) {
			const vars: Record<string, unknown> = {};
			const scope = {env: envScope(environment, state.environment), run: runScope(state), inputs: state.inputs};
			for (const [name, definition] of Object.entries({...loaded.runbook.vars, ...(environment?.vars ?? {})})) {
				vars[name] = await resolveValue(definition, {...scope, vars}, {now: new Date(state.startedAt)});
			}
			opening.push({type: 'vars-computed', at: new Date().toISOString(), vars});
		}
		const aws = new AwsRuntime({
			region: environment?.region ?? 'eu-west-1',
			...(environment?.profile ? {profile: environment.profile} : {}),
			...(environment?.roleArn ? {roleArn: environment.roleArn} : {}),
			endpoints: environment?.endpoints ?? {},
			runId: state.id,
		});
		this.aws = aws;
		const journal = Journal.open(this.journalPath, false);
		try {
			const driver = new Driver(state, {
				loaded,
				journal,
				frontEnd,
				secrets: emptySecrets(),
				interactive: false,
				cwd: this.dir,
				env: process.env,
				logPath: join(this.dir, 'output.log'),
				signal: (options.controller ?? new AbortController()).signal,
				executors: executorFor,
				aws,
				shellEnv: () => shellIdentityEnv(aws, process.env),
				clock: instantClock,
			});
			for (const event of opening) driver.record(event);
			return await driver.drive();
		} finally {
			journal.close();
		}
	}

	/** The journaled step-started events of one step key. */
	started(key: string): Extract<RunEvent, {type: 'step-started'}>[] {
		return this.events().filter((event): event is Extract<RunEvent, {type: 'step-started'}> => event.type === 'step-started' && event.key === key);
	}
}
