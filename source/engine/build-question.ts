import type {Step} from '../runbook/types.js';
import {assertNever} from '../assert-never.js';
import type {QuestionType, StepError} from './events.js';
import {questionId, type OpenQuestion, type QuestionBody} from './questions.js';
import {isMutating} from './side-effects.js';
import type {StepState} from './state.js';

export type QuestionFacts = {
	readonly key: string;
	readonly step: Step;
	/** The step's resolved request (for resume and failure: the one its last attempt recorded). */
	readonly request: Readonly<Record<string, unknown>>;
	readonly current: StepState | undefined;
	readonly operator: string | null;
	readonly pair: string | null;
	/** The journal position the question is asked at: it makes the id unique. */
	readonly sequence: number;
	/** Why the credentials question is asked. */
	readonly reason?: string;
};

/** Pure: the typed question a step asks, from its resolved request. */
export function buildQuestion(type: QuestionType, facts: QuestionFacts): OpenQuestion {
	const {key, step, request} = facts;
	const text = (name: string): string | undefined => (typeof request[name] === 'string' ? (request[name] as string) : undefined);
	const title = text('title') ?? step.title;
	return {
		id: questionId(key, type, facts.sequence),
		key,
		title,
		request,
		...body(type, facts, text, title),
	};
}

function body(type: QuestionType, facts: QuestionFacts, text: (name: string) => string | undefined, title: string): QuestionBody {
	const {step, request, current} = facts;
	switch (type) {
		case 'confirm':
			return {type, prompt: text('confirm') ?? `run '${title}'?`};
		case 'confirmText':
			return {type, expected: text('confirmText') ?? ''};
		case 'checklist': {
			const items = Array.isArray(request['checklist']) ? (request['checklist'] as unknown[]).map(String) : [];
			const manual = text('text');
			return {type, items, ...(manual ? {text: manual} : {})};
		}
		case 'input': {
			const input = step.kind === 'input' ? step.input : undefined;
			return {
				type,
				prompt: text('prompt') ?? title,
				...(request['default'] !== undefined ? {default: request['default']} : {}),
				valueType: input?.type ?? 'string',
				required: input?.required ?? true,
				...(input?.pattern ? {pattern: input.pattern} : {}),
				...(input?.enum ? {enum: input.enum} : {}),
				secret: step.secret || (input?.secret ?? false),
			};
		}
		case 'select': {
			const listed = current?.options ?? (Array.isArray(request['options']) ? (request['options'] as {label: string; value: unknown}[]) : []);
			const chosen = current?.defaultOption ?? request['default'];
			return {type, prompt: text('prompt') ?? title, options: listed, ...(chosen !== undefined ? {default: chosen} : {})};
		}
		case 'approve': {
			const by = request['by'];
			return {
				type,
				prompt: text('prompt') ?? title,
				by: by === 'pair' || by === 'any' ? by : Array.isArray(by) ? by.map(String) : 'any',
				operator: facts.operator,
				pair: facts.pair,
			};
		}
		case 'resume':
			return {type, mutating: isMutating(step), attempts: current?.attempts ?? 0, ...(current?.process ? {endedProcess: current.process.pid} : {})};
		case 'failure':
			return {type, error: current?.error ?? ({message: 'failed'} satisfies StepError), attempts: current?.attempts ?? 0};
		case 'credentials':
			return {type, reason: facts.reason ?? 'the AWS credentials expired'};
		default:
			return assertNever(type);
	}
}
