/**
 * Builds a real Driver with its real ports (file journal, file output sink, a clock, the system
 * process probe) and a RunSession, for tests and benchmarks that drive runs in-process. Questions are
 * answered by an asker through the session, exactly as the line front end answers them.
 */
import type {AwsRuntime} from '../../source/aws/runtime.js';
import {awsRuntimeFor} from '../../source/commands/open-run.js';
import type {LiveEvent, RunEvent} from '../../source/engine/events.js';
import type {OpenQuestion} from '../../source/engine/questions.js';
import {Driver} from '../../source/engine/run.js';
import {emptySecrets, type Secrets} from '../../source/engine/scope.js';
import type {RunState} from '../../source/engine/state.js';
import {attachAnswerer, type Asker} from '../../source/headless/answerer.js';
import type {OperatorAnswer} from '../../source/headless/asker.js';
import {systemClock, type Clock} from '../../source/ports/clock.js';
import {systemProcessProbe, type ProcessProbe} from '../../source/ports/process-probe.js';
import type {RunJournal} from '../../source/ports/run-journal.js';
import type {LoadedRunbook} from '../../source/runbook/types.js';
import {RunSession} from '../../source/session/run-session.js';
import {executorFor} from '../../source/steps/registry.js';
import {FileOutputSink} from '../../source/store/file-output-sink.js';

export type InProcessOptions = {
	readonly loaded: LoadedRunbook;
	readonly journal: RunJournal;
	readonly logPath: string;
	/** Answers questions as the line front end would; without one, the test answers through the session. */
	readonly asker?: Asker;
	readonly cwd: string;
	readonly clock?: Clock;
	readonly probe?: ProcessProbe;
	readonly signal?: AbortSignal;
	readonly aws?: AwsRuntime;
	readonly secrets?: Secrets;
	readonly interactive?: boolean;
	readonly shellEnv?: () => Promise<NodeJS.ProcessEnv>;
};

/** A driver and its session, with the asker answering; `close` flushes the output log. */
export function inProcessDriver(state: RunState, options: InProcessOptions): {driver: Driver; session: RunSession; close: () => void} {
	const session = new RunSession(state);
	const detach = options.asker ? attachAnswerer(session, options.asker) : () => undefined;
	const output = new FileOutputSink(options.logPath);
	const aws = options.aws ?? awsRuntimeFor(undefined, state.id);
	const driver = new Driver(state, {
		loaded: options.loaded,
		ports: {journal: options.journal, output, clock: options.clock ?? systemClock, probe: options.probe ?? systemProcessProbe},
		session,
		secrets: options.secrets ?? emptySecrets(),
		interactive: options.interactive ?? false,
		cwd: options.cwd,
		env: process.env,
		signal: options.signal ?? new AbortController().signal,
		executors: executorFor,
		aws,
		shellEnv: options.shellEnv ?? (async () => process.env),
	});
	return {
		driver,
		session,
		close: () => {
			detach();
			output.close();
		},
	};
}

/** An asker answering from a table keyed `step-key:question-type`; a missing entry pauses the run. */
export function tableAsker(answers: Partial<Record<string, OperatorAnswer>>): Asker {
	return {ask: async (question: OpenQuestion) => answers[`${question.key}:${question.type}`]};
}

/** Every event a session publishes, in order. */
export function collectEvents(session: RunSession): (RunEvent | LiveEvent)[] {
	const events: (RunEvent | LiveEvent)[] = [];
	session.subscribe(({event}) => {
		if (event.type !== 'session-ended') events.push(event);
	});
	return events;
}
