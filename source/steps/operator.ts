import {assertNever} from '../assert-never.js';
import {definitionOf} from '../kinds/table.js';
import type {ExecutionContext, ExecutionResult} from './executor.js';

/**
 * Manual, input, select and approve steps act through the operator: by the time they execute, the
 * answer to their kind's question (`operatorQuestion`) is recorded, and the result is made from it.
 */
export async function runOperatorStep(context: ExecutionContext): Promise<ExecutionResult> {
	const {step, answers} = context;
	const question = definitionOf(step).operatorQuestion;
	switch (question) {
		case 'checklist':
			return {result: {checklist: answers.checklist?.value ?? [], doneBy: answers.checklist?.by ?? null}};
		case 'input':
		case 'select':
			return {result: answers[question]?.value, value: answers[question]?.value};
		case 'approve':
			return {result: {approver: answers.approve?.value, at: answers.approve?.at}};
		case undefined:
			throw new Error(`${step.kind} is not an operator step`);
		default:
			return assertNever(question);
	}
}
