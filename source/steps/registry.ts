import type {Step} from '../runbook/types.js';
import type {Executor} from './executor.js';

/** The executor of a step's kind, imported only when a step of that kind runs. */
export async function executorFor(step: Step): Promise<Executor> {
	switch (step.kind) {
		case 'manual':
		case 'input':
		case 'select':
		case 'approve':
			return (await import('./operator.js')).runOperatorStep;
		case 'shell':
			return (await import('./shell.js')).runShell;
		case 'edit':
			return (await import('./edit.js')).runEdit;
		case 'aws':
			return (await import('./aws.js')).runAws;
		case 'wait':
			return (await import('./wait.js')).runWait;
		case 'foreach':
			throw new Error('a foreach is driven by the engine, not executed');
	}
}
