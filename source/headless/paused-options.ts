import type {SelectOption} from '../runbook/types.js';
import type {RunState} from '../engine/state.js';

/** The options (and default) of the select a run is paused at; undefined when it is paused at something else. */
export function pausedSelect(state: RunState): {readonly options: readonly SelectOption[]; readonly default?: unknown} | undefined {
	const paused = state.pausedOn;
	if (!paused || paused.question !== 'select') return undefined;
	const question = Object.values(state.questions).find(open => open.key === paused.key && open.type === 'select');
	if (question?.type === 'select') return {options: question.options, ...(question.default !== undefined ? {default: question.default} : {})};
	const step = state.steps[paused.key];
	return {options: step?.options ?? [], ...(step?.defaultOption !== undefined ? {default: step.defaultOption} : {})};
}

/**
 * The options of the select a run is paused at, one line each, for the line front end and `show`:
 * an operator who resumes with an answers file can see what to answer (the value, or the label).
 */
export function pausedOptionLines(state: RunState): string[] {
	const select = pausedSelect(state);
	if (!select) return [];
	const mark = (value: unknown): string => (select.default !== undefined && JSON.stringify(value) === JSON.stringify(select.default) ? ' (default)' : '');
	return [
		`  options (answer with the value or the label: steps: {${state.pausedOn!.key}: VALUE}):`,
		...select.options.map((option, index) => `    ${index + 1}. ${option.label} → ${JSON.stringify(option.value)}${mark(option.value)}`),
	];
}
