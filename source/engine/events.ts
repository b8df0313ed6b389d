import type {ItemsFrom} from './items-from.js';
/**
 * Journal events: the truth about a run. Each is appended (and fsynced) before the next side effect;
 * replaying them through `reduce` rebuilds the run's state. Names are past tense.
 */

export type QuestionType =
	| 'resume'
	| 'confirm'
	| 'confirmText'
	| 'checklist'
	| 'input'
	| 'select'
	| 'approve'
	| 'failure'
	| 'credentials';

export type StepError = {
	readonly message: string;
	readonly code?: string;
	/** Extra facts for the operator: the last lines of output, the AWS request id, ... */
	readonly details?: Readonly<Record<string, unknown>>;
};

export type RunbookRef = {
	readonly name: string;
	readonly title: string;
	readonly path: string;
	readonly sha256: string;
};

import type {OpenQuestion} from './questions.js';

type At = {readonly at: string};

export type RunStarted = At & {
	readonly type: 'run-started';
	readonly runId: string;
	readonly runbook: RunbookRef;
	/** sha256 of each step's definition, to name the steps that changed when the runbook drifts. */
	readonly stepHashes: Readonly<Record<string, string>>;
	readonly environment: string | null;
	readonly operator: string | null;
	readonly pair: string | null;
	readonly dryRun: boolean;
	/** Input values, with secret ones as `***`. */
	readonly inputs: Readonly<Record<string, unknown>>;
	readonly secretInputs: readonly string[];
	readonly host: string;
	readonly pid: number;
};

export type RunEvent =
	| RunStarted
	| (At & {readonly type: 'vars-computed'; readonly vars: Readonly<Record<string, unknown>>})
	| (At & {readonly type: 'caller-identified'; readonly account: string; readonly arn: string})
	| (At & {
			readonly type: 'run-resumed';
			readonly host: string;
			readonly pid: number;
			readonly operator: string | null;
			readonly acceptedChanges: readonly string[];
	  })
	| (At & {readonly type: 'step-checked'; readonly key: string})
	| (At & {
			readonly type: 'step-skipped';
			readonly key: string;
			readonly reason: 'when' | 'operator' | 'dry-run';
			readonly request?: unknown;
	  })
	| (At & {
			readonly type: 'operator-answered';
			readonly key: string;
			readonly question: QuestionType;
			readonly answer: unknown;
			readonly by: string | null;
	  })
	| (At & {
			readonly type: 'options-listed';
			readonly key: string;
			readonly options: readonly {label: string; value: unknown}[];
			/** The value of the option the step's `default` names. */
			readonly default?: unknown;
	  })
	| (At & {readonly type: 'step-started'; readonly key: string; readonly attempt: number; readonly request: unknown})
	| (At & {
			readonly type: 'step-succeeded';
			readonly key: string;
			/** Absent with `fromItems`. */
			readonly result?: unknown;
			/** A foreach's result is its items' results: replay builds it from their events (not copied here). */
			readonly fromItems?: boolean;
			readonly outputs: Readonly<Record<string, unknown>>;
			readonly value?: unknown;
			/** Set when the operator said an interrupted step was done. */
			readonly byOperator?: boolean;
	  })
	| (At & {
			readonly type: 'step-failed';
			readonly key: string;
			readonly attempt: number;
			readonly error: StepError;
			/** False while automatic retries remain. */
			readonly final: boolean;
	  })
	| (At & {
			readonly type: 'foreach-expanded';
			readonly key: string;
			/** The items (in chunks with `batch`), unless `itemsFrom` says where they already are. */
			readonly items?: readonly unknown[];
			/** The items are elements of an earlier step's result (not copied again); `batch` chunks them. */
			readonly itemsFrom?: ItemsFrom;
			readonly batch?: number;
			/** How many items (chunks with `batch`) there are. */
			readonly count?: number;
			/** The ids of the steps of each item (absent in journals of belay before 0.2). */
			readonly stepIds?: readonly string[];
			/** The concurrency, when the runbook gives it as an expression. */
			readonly concurrency?: number;
	  })
	/** The run waits for an operator's answer to this question. */
	| (At & {readonly type: 'question-asked'; readonly question: OpenQuestion})
	/** A shell step's process group, so a resume can tell whether the command is still running. */
	| (At & {readonly type: 'step-process'; readonly key: string; readonly pid: number; readonly host: string})
	/** On resume: a secret input or select step whose value is not on disk; it is asked again. */
	| (At & {readonly type: 'secret-forgotten'; readonly key: string})
	| (At & {readonly type: 'run-paused'; readonly key: string; readonly question: QuestionType; readonly reason: string})
	| (At & {readonly type: 'run-interrupted'; readonly signal: string})
	/** On resume: the operator asked for this finished step to run again (`--rerun`); what it did before stays above. */
	| (At & {readonly type: 'step-rerun'; readonly key: string; readonly by: string | null})
	| (At & {
			readonly type: 'run-finished';
			readonly status: 'succeeded' | 'failed' | 'aborted';
			/** Steps that failed and were continued past (`onFailure: continue`); absent when none. */
			readonly failedSteps?: readonly string[];
	  });

export type RunEventType = RunEvent['type'];

/** Events the front ends see besides journal events: live output and progress, never journaled. */
export type LiveEvent =
	| {readonly type: 'process-started'; readonly key: string; readonly pid: number}
	/** Lines a step printed, in the order printed, masked; one event per chunk read, not per line. */
	| {readonly type: 'step-output'; readonly key: string; readonly stream: 'stdout' | 'stderr'; readonly lines: readonly string[]}
	/** An answer was refused; the question stays open. */
	| {readonly type: 'answer-refused'; readonly key: string; readonly questionId: string; readonly reason: string}
	| {
			readonly type: 'wait-polled';
			readonly key: string;
			readonly attempt: number;
			readonly progress?: number;
			readonly message?: string;
			readonly nextPollAt: string;
	  }
	| {readonly type: 'notice'; readonly key?: string; readonly level: 'info' | 'warning'; readonly message: string};
