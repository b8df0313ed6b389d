import {isReadOnlyCommand} from '../aws/catalog.js';
import type {Step} from '../runbook/types.js';

/**
 * The format's default side effect of each kind: manual, shell and edit mutate; aws mutates unless
 * the command reads; wait, input, select and approve do not. `readOnly: true` overrides.
 */
export function isMutating(step: Step): boolean {
	if (step.readOnly) return false;
	switch (step.kind) {
		case 'manual':
		case 'shell':
		case 'edit':
			return true;
		case 'aws':
			return !isReadOnlyCommand(step.aws.command);
		case 'wait':
		case 'input':
		case 'select':
		case 'approve':
			return false;
		case 'foreach':
			return step.foreach.steps.some(isMutating);
	}
}

/** Safe to run again by itself when a resume finds it interrupted. */
export function isSafeToRepeat(step: Step): boolean {
	return step.kind === 'wait' || step.idempotent || !isMutating(step);
}
