import {StepFailure, type ExecutionContext, type ExecutionResult} from './executor.js';

/** An assert step: its condition was evaluated with its request; it holds, or the step fails with its message. */
export async function runAssert(context: ExecutionContext): Promise<ExecutionResult> {
	const {holds, message, that} = context.request as {holds?: boolean; message?: string; that?: string};
	if (holds === true) return {result: true};
	throw new StepFailure({message: message ?? `the check ${that ?? ''} does not hold`, code: 'AssertionFailed'});
}
