import type {LiveEvent, QuestionType, RunEvent, StepError} from './events.js';
import type {RunState} from './state.js';
import type {Step} from '../runbook/types.js';

/** A question the engine needs answered before it can go on. */
export type Question = {
	readonly key: string;
	readonly step: Step;
	readonly question: QuestionType;
	/** The step's resolved request: prompt, checklist, confirmText, options, command ... */
	readonly request: Record<string, unknown>;
	readonly options?: readonly {label: string; value: unknown}[];
	readonly error?: StepError;
	/** Why the previous answer was refused, when asking again. */
	readonly refused?: string;
};

export type OperatorAnswer = {readonly value: unknown; readonly by: string | null};

/**
 * A front end listens to the engine's events and answers its questions. The Ink interface and the
 * headless printer are two of them; neither runs steps.
 */
export interface FrontEnd {
	event(event: RunEvent | LiveEvent, state: RunState): void;
	/** The operator's answer, or undefined when none can be had now (the run pauses). */
	ask(question: Question, state: RunState): Promise<OperatorAnswer | undefined>;
}
