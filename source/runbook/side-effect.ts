import {isReadOnlyCommand} from '../aws/catalog.js';
import type {Step} from './types.js';

/**
 * The format's default side effect of a step: manual, shell and edit mutate; aws mutates unless
 * its command reads (Describe, List, Get, ...); wait, input, select and approve do not; a foreach
 * mutates when one of its steps does. `readOnly: true` overrides.
 */
export function isMutatingStep(step: Step): boolean {
	if (step.readOnly === true) return false;
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
			return step.foreach.steps.some(isMutatingStep);
	}
}
