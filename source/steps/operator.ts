import type {ExecutionContext, ExecutionResult} from './executor.js';

/**
 * Manual, input, select and approve steps act through the operator: by the time they execute, the
 * answers are recorded, and the result is made from them.
 */
export async function runOperatorStep(context: ExecutionContext): Promise<ExecutionResult> {
	const {step, answers} = context;
	switch (step.kind) {
		case 'manual':
			return {result: {checklist: answers.checklist?.value ?? [], doneBy: answers.checklist?.by ?? null}};
		case 'input':
			return {result: answers.input?.value, value: answers.input?.value};
		case 'select':
			return {result: answers.select?.value, value: answers.select?.value};
		case 'approve':
			return {result: {approver: answers.approve?.value, at: answers.approve?.at}};
		default:
			throw new Error(`${step.kind} is not an operator step`);
	}
}
