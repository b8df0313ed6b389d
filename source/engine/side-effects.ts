import {isMutatingStep} from '../runbook/side-effect.js';
import type {Step} from '../runbook/types.js';

/** The format's default side effect of a step (see runbook/side-effect.ts). */
export const isMutating = isMutatingStep;

/** Safe to run again by itself when a resume finds it interrupted. */
export function isSafeToRepeat(step: Step): boolean {
	return step.kind === 'wait' || step.idempotent || !isMutating(step);
}
