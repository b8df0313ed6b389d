import {definitionOf} from '../kinds/table.js';
import type {Step} from './types.js';

/**
 * The format's default side effect of a step, as its kind defines it (`sideEffect` in
 * source/kinds/): manual, shell and edit mutate; aws mutates unless its command reads (Describe,
 * List, Get, ...: readOnlyPrefixes in source/aws/catalog.ts); wait, input, select and approve do
 * not; a step that holds steps (a foreach) mutates when one of its steps does. `readOnly: true`
 * overrides.
 */
export function isMutatingStep(step: Step): boolean {
	if (step.readOnly === true) return false;
	const definition = definitionOf(step);
	const own = typeof definition.sideEffect === 'function' ? definition.sideEffect(step) : definition.sideEffect;
	return own === 'mutating' || (definition.nesting?.steps(step).some(isMutatingStep) ?? false);
}
