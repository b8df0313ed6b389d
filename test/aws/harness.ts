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
import {planResume} from '../../source/engine/plan-resume.js';
import {planStart} from '../../source/engine/plan-start.js';
import type {OpenQuestion} from '../../source/engine/questions.js';
import {replay} from '../../source/engine/reduce.js';
import type {DriveOutcome} from '../../source/engine/run.js';
import type {RunState} from '../../source/engine/state.js';
import type {Asker} from '../../source/headless/answerer.js';
import type {OperatorAnswer} from '../../source/headless/asker.js';
import type {Clock} from '../../source/ports/clock.js';
import {loadRunbookText} from '../../source/runbook/load.js';
import type {LoadedRunbook} from '../../source/runbook/types.js';
import type {RunSession} from '../../source/session/run-session.js';
import {FileRunJournal} from '../../source/store/file-journal.js';
import {readJournal} from '../../source/store/journal.js';
import {inProcessDriver} from '../helpers/in-process.js';

/** Real time for `now`, no time for `sleep`: a wait polls again at once. */
export const instantClock: Clock = {
	now: () => new Date(),
	random: () => Math.random(),
	sleep: () => new Promise(resolve => setImmediate(resolve)),
};

type AnswerFor = unknown | ((question: OpenQuestion) => unknown);

/**
 * Collects every event the run session publishes and every question it is asked. Answers come from
 * a map keyed `step-key:question` (`recovery-point:select`, `restore-done:credentials`); a question
 * the map does not answer gets no answer, which pauses the run as a headless run without answers would.
 */
export class TestFrontEnd implements Asker {
	readonly events: (RunEvent | LiveEvent)[] = [];
	readonly questions: OpenQuestion[] = [];

	constructor(
		private readonly answers: Readonly<Record<string, AnswerFor>> = {},
		private readonly by: string | null = 'alice',
	) {}

	/** Listens to a session's events. */
	listen(session: RunSession): void {
		session.subscribe(({event}) => {
			if (event.type !== 'session-ended') this.events.push(event);
		});
	}

	async ask(question: OpenQuestion): Promise<OperatorAnswer | undefined> {
		this.questions.push(question);
		const id = `${question.key}:${question.type}`;
		if (!(id in this.answers)) return undefined;
		const answer = this.answers[id];
		const value = typeof answer === 'function' ? (answer as (question: OpenQuestion) => unknown)(question) : answer;
		return value === undefined ? undefined : {value, by: this.by};
	}

	/** The events of one type, typed. */
	of<T extends (RunEvent | LiveEvent)['type']>(type: T): Extract<RunEvent | LiveEvent, {type: T}>[] {
		return this.events.filter((event): event is Extract<RunEvent | LiveEvent, {type: T}> => event.type === type);
	}

	asked<T extends QuestionType>(type: T): Extract<OpenQuestion, {type: T}>[] {
		return this.questions.filter((candidate): candidate is Extract<OpenQuestion, {type: T}> => candidate.type === type);
	}
}

export type DriveOptions = {
	/** Stands in for SIGINT: abort it to interrupt the run. */
	readonly controller?: AbortController;
	/** The runbook to drive with (default: the one the run started with). */
	readonly loaded?: LoadedRunbook;
	/** The run's clock (default: instantClock); a SimulatedClock lets a step's timeout pass in no time. */
	readonly clock?: Clock;
};

type StartOptions = {runId?: string; environment?: string; dryRun?: boolean; inputs?: Record<string, unknown>};

/**
 * One run in a temporary folder, started and resumed through the same planners as `belay run` and
 * `belay resume` (planStart, planResume), then driven by the real Driver.
 */
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
		private readonly startOptions: StartOptions,
	) {}

	/** Writes the runbook and checks it; the first drive starts the run as `belay run` does. */
	static start(yaml: string, options: StartOptions = {}): RunHarness {
		const dir = mkdtempSync(join(tmpdir(), 'belay-aws-run-'));
		RunHarness.dirs.push(dir);
		const path = join(dir, 'runbook.yaml');
		writeFileSync(path, yaml, 'utf8');
		const result = loadRunbookText(yaml, path);
		if (!result.ok) throw new Error(`the test runbook is invalid:\n${result.problems.map(problem => `${problem.line}:${problem.column} ${problem.message}`).join('\n')}`);
		const runId = options.runId ?? `aws-test-${Math.random().toString(36).slice(2, 8)}`;
		return new RunHarness(dir, runId, result.loaded, join(dir, 'journal.jsonl'), options);
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
	 * Drives the run: the first drive plans the start (run-started, vars), later ones replay the
	 * journal and plan a resume, as `belay resume` does. Every drive gets a new AwsRuntime.
	 */
	async drive(frontEnd: TestFrontEnd, options: DriveOptions = {}): Promise<DriveOutcome> {
		const loaded = options.loaded ?? this.loaded;
		let state: RunState;
		let opening: readonly RunEvent[];
		let journal: FileRunJournal;
		if (this.drives++ === 0) {
			const {environment, dryRun, inputs} = this.startOptions;
			const plan = await planStart(
				loaded,
				{...(environment ? {environment} : {}), inputs: inputs ?? {}, operator: 'alice', pair: null, dryRun: dryRun ?? false, runId: this.runId},
				{now: new Date(), host: 'test', pid: process.pid, suffix: '0000'},
			);
			if (!plan.ok) throw new Error(plan.needs.map(need => need.message).join('\n'));
			journal = FileRunJournal.open(this.journalPath, true, 0);
			await journal.append(plan.started, 0);
			state = replay([plan.started]);
			opening = [plan.vars];
		} else {
			state = this.state();
			const plan = await planResume(state, loaded, {acceptChanges: true, inputs: {}, operator: null}, {now: new Date(), host: 'test', pid: process.pid});
			if (!plan.ok) throw new Error(plan.needs.map(need => need.message).join('\n'));
			journal = FileRunJournal.open(this.journalPath, false, this.events().length);
			opening = plan.events;
		}
		const environment = loaded.runbook.environments[state.environment ?? ''];
		const aws = new AwsRuntime({
			region: environment?.region ?? 'eu-west-1',
			...(environment?.profile ? {profile: environment.profile} : {}),
			...(environment?.roleArn ? {roleArn: environment.roleArn} : {}),
			endpoints: environment?.endpoints ?? {},
			runId: state.id,
		});
		this.aws = aws;
		const {driver, session, close} = inProcessDriver(state, {
			loaded,
			journal,
			logPath: join(this.dir, 'output.log'),
			asker: frontEnd,
			cwd: this.dir,
			clock: options.clock ?? instantClock,
			aws,
			shellEnv: () => shellIdentityEnv(aws, process.env),
			...(options.controller ? {signal: options.controller.signal} : {}),
		});
		frontEnd.listen(session);
		try {
			for (const event of opening) await driver.record(event);
			return await driver.drive();
		} finally {
			close();
			await journal.close();
		}
	}

	/** The journaled step-started events of one step key. */
	started(key: string): Extract<RunEvent, {type: 'step-started'}>[] {
		return this.events().filter((event): event is Extract<RunEvent, {type: 'step-started'}> => event.type === 'step-started' && event.key === key);
	}
}
