import type {RunState} from './state.js';

/**
 * The steps that failed but were continued past (`onFailure: continue`): a run that reaches its end
 * with any is not plainly succeeded. In the order the runbook lists them.
 */
export function continuedFailures(state: RunState): string[] {
	return Object.values(state.steps)
		.filter(step => step.status === 'failed')
		.map(step => step.key);
}

/** How a run's status reads wherever it is shown (show, runs, report, the screens). */
export function statusText(status: string, failedSteps: readonly string[] | undefined): string {
	if (status !== 'succeeded' || !failedSteps || failedSteps.length === 0) return status;
	return `succeeded with ${failedSteps.length} failed step${failedSteps.length === 1 ? '' : 's'} (${failedSteps.join(', ')})`;
}
