import {StepFailure, type ExecutionContext, type ExecutionResult} from './executor.js';

/** AWS calls and waits are not wired into this build yet: the step fails, saying so, and acts on nothing. */
export async function runAwsUnavailable(context: ExecutionContext): Promise<ExecutionResult> {
	throw new StepFailure({
		message: `AWS ${context.step.kind} steps cannot run in this build of belay yet; nothing was called. Run it by hand, then resume and answer 'done' for step ${context.key}`,
		code: 'NotSupported',
	});
}
