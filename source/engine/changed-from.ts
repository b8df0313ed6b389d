import {assertNever} from '../assert-never.js';
import type {Runbook, Step} from '../runbook/types.js';
import type {RunEvent} from './events.js';

/**
 * Pure: the index (in the runbook's top-level steps) of the first step whose state an event may
 * change: a step instance inside a foreach item changes its foreach's part of the run. Infinity for
 * an event that changes no step, 0 for one that may change any. Whether a top-level step is finished
 * depends on its own state only, so the steps before this index are as finished as they were: the
 * driver looks for its next step from there (`nextFrom`) instead of from the first step.
 */
export function changedFrom(event: RunEvent, runbook: Runbook): number {
	switch (event.type) {
		case 'run-started':
		case 'run-resumed':
		case 'run-interrupted':
			return 0;
		case 'vars-computed':
		case 'caller-identified':
		case 'run-finished':
			return Infinity;
		case 'question-asked':
			return indexOf(event.question.key, runbook);
		case 'step-checked':
		case 'step-skipped':
		case 'operator-answered':
		case 'options-listed':
		case 'step-started':
		case 'step-succeeded':
		case 'step-failed':
		case 'step-process':
		case 'secret-forgotten':
		case 'foreach-expanded':
		case 'run-paused':
		case 'step-rerun':
			return indexOf(event.key, runbook);
		default:
			return assertNever(event);
	}
}

/** The index of the top-level step a step instance key (`copy[2].put`) belongs to; 0 when none matches. */
function indexOf(key: string, runbook: Runbook): number {
	const bracket = key.indexOf('[');
	return topLevel(runbook.steps).get(bracket < 0 ? key : key.slice(0, bracket)) ?? 0;
}

const indexes = new WeakMap<readonly Step[], ReadonlyMap<string, number>>();

function topLevel(steps: readonly Step[]): ReadonlyMap<string, number> {
	let byId = indexes.get(steps);
	if (!byId) indexes.set(steps, (byId = new Map(steps.map((step, index) => [step.id, index]))));
	return byId;
}
