import type {LiveEvent, QuestionType, StepError} from '../engine/events.js';
import type {Answer} from '../engine/state.js';
import type {Step} from '../runbook/types.js';
import type {AwsRuntime} from '../aws/runtime.js';
import type {Clock} from '../ports/clock.js';

/** What an executor is given: the resolved request, answers, a way to report, and a stop signal. */
export type ExecutionContext = {
	readonly key: string;
	readonly step: Step;
	readonly attempt: number;
	readonly request: Record<string, unknown>;
	readonly answers: Readonly<Partial<Record<QuestionType, Answer>>>;
	readonly signal: AbortSignal;
	/** Environment for child processes: the run's AWS identity on top of the operator's. */
	readonly env: NodeJS.ProcessEnv;
	readonly cwd: string;
	readonly runId: string;
	/** Live events for the front ends (output lines, progress); never journaled. */
	readonly emit: (event: LiveEvent) => void;
	/** Appends to the run's output log (output lines emitted as `step-output` are logged already). */
	readonly log: (line: string) => void;
	readonly reattach: boolean;
	/** The run's AWS clients and identity. */
	readonly aws: AwsRuntime;
	/** Evaluates an expression field (`field`) or a text with `${{ }}` (`template`) in the step's scope plus `extra`. */
	readonly evaluate: (text: string, extra: Readonly<Record<string, unknown>>, mode: 'field' | 'template') => Promise<unknown>;
	/** Waits, unless the run is being stopped. */
	readonly sleep: (ms: number) => Promise<void>;
	/** Time and jitter: the run's clock (a simulated one in tests). */
	readonly clock: Clock;
};

export type ExecutionResult = {readonly result: unknown; readonly value?: unknown};

/** A step that failed: the message says what happened and what to do. */
export class StepFailure extends Error {
	constructor(readonly error: StepError) {
		super(error.message);
		this.name = 'StepFailure';
	}
}

export type Executor = (context: ExecutionContext) => Promise<ExecutionResult>;
