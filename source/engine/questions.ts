import type {Scalar, SelectOption, ValueType} from '../runbook/types.js';
import type {QuestionType, StepError} from './events.js';

/** What each kind of question asks, typed: a front end shows these fields, never a loose record. */
export type QuestionBody =
	| {readonly type: 'confirm'; readonly prompt: string}
	| {readonly type: 'confirmText'; readonly expected: string}
	| {readonly type: 'checklist'; readonly text?: string; readonly items: readonly string[]}
	| {
			readonly type: 'input';
			readonly prompt: string;
			readonly default?: unknown;
			readonly valueType: ValueType;
			readonly required: boolean;
			readonly pattern?: string;
			readonly enum?: readonly Scalar[];
			readonly secret: boolean;
	  }
	| {readonly type: 'select'; readonly prompt: string; readonly options: readonly SelectOption[]; readonly default?: unknown}
	| {
			readonly type: 'approve';
			readonly prompt: string;
			readonly by: 'pair' | 'any' | readonly string[];
			readonly operator: string | null;
			readonly pair: string | null;
	  }
	| {
			readonly type: 'resume';
			readonly mutating: boolean;
			readonly attempts: number;
			/** The process group its command ran in, which has ended (a live one pauses the run instead). */
			readonly endedProcess?: number;
	  }
	| {readonly type: 'failure'; readonly error: StepError; readonly attempts: number}
	| {readonly type: 'credentials'; readonly reason: string};

/**
 * A question the run waits on. It is journaled (`question-asked`), so whoever holds the session, or
 * watches the run from another machine, sees it and can answer it with its `id`.
 */
export type OpenQuestion = QuestionBody & {
	readonly id: string;
	/** The step instance it belongs to: `restore`, `copy[2].put`. */
	readonly key: string;
	readonly title: string;
	/** What the step will do, every value resolved (secrets masked): command, AWS request, file. */
	readonly request: Readonly<Record<string, unknown>>;
	/** Why the last answer was refused, when asking again. */
	readonly refused?: string;
};

/** The question of one type, narrowed. */
export type QuestionOf<T extends QuestionType> = Extract<OpenQuestion, {type: T}>;

/** The id of a question: the step, what is asked, and the journal position it was asked at. */
export function questionId(key: string, type: QuestionType, sequence: number): string {
	return `${key}:${type}:${sequence}`;
}
