import {assertNever} from '../assert-never.js';
import {endpointService} from '../aws/endpoints.js';
import type {Runbook, Step} from './types.js';

/**
 * The AWS services a runbook's steps call (nested steps included), by the service whose endpoint
 * they use (`dynamodb` for `dynamodb-document`), sorted: what a sandbox environment must serve.
 */
export function runbookServices(runbook: Runbook): string[] {
	const services = new Set<string>();
	const visit = (steps: readonly Step[]): void => {
		for (const step of steps) {
			const service = stepService(step);
			if (service) services.add(endpointService(service));
			if (step.kind === 'foreach') visit(step.foreach.steps);
		}
	};
	visit(runbook.steps);
	return [...services].sort();
}

function stepService(step: Step): string | undefined {
	switch (step.kind) {
		case 'aws':
			return step.aws.service;
		case 'wait':
			return step.wait.aws.service;
		case 'select':
			return 'from' in step.select ? step.select.from.service : undefined;
		case 'manual':
		case 'input':
		case 'shell':
		case 'approve':
		case 'edit':
		case 'foreach':
		case 'assert':
			return undefined;
		default:
			return assertNever(step);
	}
}
