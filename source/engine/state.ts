import type {QuestionType, RunbookRef, StepError} from './events.js';
import type {OpenQuestion} from './questions.js';

export type StepStatus = 'pending' | 'running' | 'interrupted' | 'succeeded' | 'failed' | 'skipped';
export type RunStatus = 'running' | 'paused' | 'failed' | 'succeeded' | 'aborted' | 'interrupted';

export type Answer = {readonly value: unknown; readonly by: string | null; readonly at: string};

/** One step instance (a foreach item's nested steps are instances too: `loop[2].copy`). */
export type StepState = {
	readonly key: string;
	readonly status: StepStatus;
	readonly attempts: number;
	readonly checked: boolean;
	readonly startedAt?: string;
	readonly endedAt?: string;
	readonly request?: unknown;
	readonly result?: unknown;
	readonly outputs?: Readonly<Record<string, unknown>>;
	readonly value?: unknown;
	readonly error?: StepError;
	/** The last failure was final (no automatic retry left). */
	readonly failedFinal?: boolean;
	readonly skipReason?: 'when' | 'operator' | 'dry-run';
	readonly answers: Readonly<Partial<Record<QuestionType, Answer>>>;
	readonly options?: readonly {label: string; value: unknown}[];
	/** The value of the option a select's `default` names, once its options are listed. */
	readonly defaultOption?: unknown;
	readonly items?: readonly unknown[];
	readonly byOperator?: boolean;
	/** The operator driving the run when the step last started (a run handed over has several). */
	readonly startedBy?: string;
	/** The process group of the step's last command, and its host. */
	readonly process?: {readonly pid: number; readonly host: string};
	/** A foreach: the ids of each item's steps, and the first item not yet finished. */
	readonly itemSteps?: readonly string[];
	readonly cursor?: number;
	/** A foreach's concurrency, when the runbook gives it as an expression. */
	readonly concurrency?: number;
	/** A foreach whose items come in chunks (`batch`). */
	readonly batched?: boolean;
};

export type RunState = {
	readonly id: string;
	readonly runbook: RunbookRef;
	readonly stepHashes: Readonly<Record<string, string>>;
	readonly environment: string | null;
	readonly operator: string | null;
	readonly pair: string | null;
	readonly dryRun: boolean;
	readonly inputs: Readonly<Record<string, unknown>>;
	readonly secretInputs: readonly string[];
	readonly vars?: Readonly<Record<string, unknown>>;
	readonly caller?: {readonly account: string; readonly arn: string};
	readonly startedAt: string;
	readonly updatedAt: string;
	readonly status: RunStatus;
	/** Steps that failed and were continued past, once the run finished. */
	readonly failedSteps?: readonly string[];
	readonly pausedOn?: {readonly key: string; readonly question: QuestionType; readonly reason: string};
	/** Questions waiting for an answer, by id, in the order asked. */
	readonly questions: Readonly<Record<string, OpenQuestion>>;
	/** Step instances by key, in the order they were first touched. */
	readonly steps: Readonly<Record<string, StepState>>;
	readonly eventCount: number;
};

export function emptyStep(key: string): StepState {
	return {key, status: 'pending', attempts: 0, checked: false, answers: {}};
}
