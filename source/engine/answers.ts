import type {QuestionType} from './events.js';
import type {InputDefinition, Step} from '../runbook/types.js';

export type Checked = {readonly ok: true; readonly value: unknown} | {readonly ok: false; readonly reason: string};

/** What an answer is checked against: the resolved request and who runs the run. */
export type AnswerContext = {
	readonly step: Step;
	readonly request: Record<string, unknown>;
	readonly operator: string | null;
	readonly pair: string | null;
	readonly options?: readonly {label: string; value: unknown}[];
};

/** Pure: whether an operator's answer is acceptable, and the value to record. */
export function checkAnswer(question: QuestionType, raw: unknown, context: AnswerContext): Checked {
	const {step, request} = context;
	switch (question) {
		case 'confirm':
			return raw === true || raw === 'yes' || raw === 'y' ? {ok: true, value: true} : {ok: false, reason: 'not confirmed'};
		case 'confirmText': {
			const expected = String(request['confirmText'] ?? '');
			const given = typeof raw === 'object' && raw !== null ? (raw as {confirmText?: unknown}).confirmText : raw;
			return given === expected
				? {ok: true, value: expected}
				: {ok: false, reason: `the text typed does not match; type exactly: ${expected}`};
		}
		case 'checklist': {
			const items = (request['checklist'] as string[] | undefined) ?? [];
			if (raw === true || raw === 'done') return {ok: true, value: items};
			const ticked = Array.isArray(raw) ? raw : (raw as {checklist?: unknown} | null)?.checklist;
			if (Array.isArray(ticked)) {
				const missing = items.filter(item => !ticked.includes(item));
				return missing.length === 0
					? {ok: true, value: items}
					: {ok: false, reason: `not every item is ticked: ${missing.join('; ')}`};
			}
			return {ok: false, reason: 'a manual step is answered with true (done) once every checklist item is done'};
		}
		case 'input': {
			if (step.kind !== 'input') return {ok: false, reason: 'not an input step'};
			return coerceInput(raw, {name: step.id, ...step.input, secret: step.input.secret || step.secret});
		}
		case 'select': {
			const options = context.options ?? (request['options'] as {label: string; value: unknown}[] | undefined) ?? [];
			const given = typeof raw === 'object' && raw !== null && 'value' in raw ? (raw as {value: unknown}).value : raw;
			const match =
				options.find(option => sameValue(option.value, given)) ?? options.find(option => option.label === given);
			return match
				? {ok: true, value: match.value}
				: {ok: false, reason: `${step.secret ? 'the answer' : JSON.stringify(given)} is not one of the options: ${options.map(option => option.label).join(', ')}`};
		}
		case 'approve': {
			if (step.kind !== 'approve') return {ok: false, reason: 'not an approval step'};
			const given = typeof raw === 'string' ? raw : (raw as {approver?: unknown} | null)?.approver;
			if (typeof given !== 'string' || given.trim() === '') {
				return {ok: false, reason: 'an approval names its approver: {approver: NAME}'};
			}
			// Checked as it is recorded: trimmed.
			const approver = given.trim();
			const by = step.approve.by;
			if (by === 'pair') {
				if (!context.pair) return {ok: false, reason: 'approval by the pair, but the run has no pair; resume with --pair NAME'};
				if (approver !== context.pair) {
					return {
						ok: false,
						reason: `approval must come from the pair (${context.pair})${approver === context.operator ? ', not the operator' : `, not ${approver}`}`,
					};
				}
			} else if (Array.isArray(by) && !by.includes(approver)) {
				return {ok: false, reason: `${approver} may not approve this step; approvers: ${by.join(', ')}`};
			}
			return {ok: true, value: approver};
		}
		case 'resume':
			return ['retry', 'done', 'skip'].includes(String(raw))
				? {ok: true, value: String(raw)}
				: {ok: false, reason: 'an interrupted step is answered with retry, done or skip'};
		case 'credentials':
			return {ok: true, value: 'refreshed'};
		case 'failure':
			return ['retry', 'skip', 'abort', 'continue'].includes(String(raw))
				? {ok: true, value: String(raw)}
				: {ok: false, reason: 'a failed step is answered with retry, skip, continue or abort'};
	}
}

/** Coerces and checks an input value (run inputs and input steps alike). */
export function coerceInput(raw: unknown, input: Pick<InputDefinition, 'name' | 'type' | 'pattern' | 'enum' | 'required'> & {readonly secret?: boolean}): Checked {
	// A refused secret is never quoted back: the reason goes to the screen, the journal and stderr.
	const got = (value: unknown, secretly: string): string => (input.secret ? `got a value that ${secretly}` : `got ${JSON.stringify(value)}`);
	if (raw === undefined || raw === null || raw === '') {
		return input.required ? {ok: false, reason: `${input.name} is required`} : {ok: true, value: undefined};
	}
	let value: unknown = raw;
	if (input.type === 'number') {
		const text = String(raw).trim();
		// Decimal numbers only: not '', not 0x10 or 0b1, not Infinity (the journal would keep null).
		value = typeof raw === 'number' ? raw : /^[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?$/.test(text) ? Number(text) : Number.NaN;
		// Infinity passes for a number, but the journal (JSON) would keep it as null.
		if (typeof value !== 'number' || !Number.isFinite(value)) return {ok: false, reason: `${input.name} must be a number, ${got(raw, 'is not one')}`};
	} else if (input.type === 'boolean') {
		if (typeof raw === 'boolean') value = raw;
		else if (/^(true|yes|y|1)$/i.test(String(raw))) value = true;
		else if (/^(false|no|n|0)$/i.test(String(raw))) value = false;
		else return {ok: false, reason: `${input.name} must be true or false, ${got(raw, 'is neither')}`};
	} else {
		value = String(raw);
	}
	if (input.pattern && typeof value === 'string' && !new RegExp(input.pattern).test(value)) {
		return {ok: false, reason: `${input.name} must match ${input.pattern}, ${got(value, 'does not')}`};
	}
	if (input.enum && !input.enum.some(option => sameValue(option, value))) {
		return {ok: false, reason: `${input.name} must be one of ${input.enum.map(option => JSON.stringify(option)).join(', ')}`};
	}
	return {ok: true, value};
}

/** The same value; a scalar also matches its text (`2` and `"2"`), but a list or mapping never matches a scalar. */
function sameValue(a: unknown, b: unknown): boolean {
	if (a === b || JSON.stringify(a) === JSON.stringify(b)) return true;
	const scalar = (value: unknown): boolean => value === null || typeof value !== 'object';
	return scalar(a) && scalar(b) && String(a) === String(b);
}
