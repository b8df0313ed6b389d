import {assertNever} from '../assert-never.js';
import type {RunEvent, StepError} from './events.js';
import type {Masker} from './masker.js';
import type {OpenQuestion} from './questions.js';

/**
 * The event as the journal may keep it: every value it carries (requests, results, answers, reasons,
 * questions) with each secret masked, in whatever form belay wrote it. The names that give the
 * journal its shape (type, key, ids, time stamps, statuses) are kept, so a secret that happens to
 * read like one cannot break replay. The last guard before disk: the callers mask what they build too.
 */
export function maskEvent(event: RunEvent, masker: Masker): RunEvent {
	if (!masker.active) return event;
	const mask = <T>(value: T): T => masker.value(value) as T;
	switch (event.type) {
		case 'run-started':
			return {...event, inputs: mask(event.inputs)};
		case 'vars-computed':
			return {...event, vars: mask(event.vars)};
		case 'step-skipped':
			return event.request === undefined ? event : {...event, request: mask(event.request)};
		case 'operator-answered':
			return {...event, answer: mask(event.answer)};
		case 'options-listed':
			return {...event, options: mask(event.options)};
		case 'step-started':
			return {...event, request: mask(event.request)};
		case 'step-succeeded':
			return {
				...event,
				result: mask(event.result),
				outputs: mask(event.outputs),
				...(event.value !== undefined ? {value: mask(event.value)} : {}),
			};
		case 'step-failed':
			return {...event, error: mask<StepError>(event.error)};
		case 'foreach-expanded':
			return event.items ? {...event, items: mask(event.items)} : event;
		case 'question-asked':
			return {...event, question: maskQuestion(event.question, mask)};
		case 'run-paused':
			return {...event, reason: mask(event.reason)};
		case 'caller-identified':
		case 'run-resumed':
		case 'step-checked':
		case 'step-process':
		case 'secret-forgotten':
		case 'run-interrupted':
		case 'step-rerun':
		case 'run-finished':
			return event;
		default:
			return assertNever(event);
	}
}

function maskQuestion(question: OpenQuestion, mask: <T>(value: T) => T): OpenQuestion {
	const {id, key, type} = question;
	return {...mask(question), id, key, type} as OpenQuestion;
}
