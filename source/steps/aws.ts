import {CredentialsExpired, errorFacts, isExpiredCredentials, RequestShapeError} from '../aws/errors.js';
import type {AwsCallRequest} from '../aws/runtime.js';
import {callUntilProcessed} from './batch-call.js';
import {StepFailure, type ExecutionContext, type ExecutionResult} from './executor.js';
import {Interrupted} from './shell.js';
import {formatDuration} from '../runbook/duration.js';

/** An `aws` step: one call of any supported command, its response the step's result. */
export async function runAws(context: ExecutionContext): Promise<ExecutionResult> {
	const request = context.request as unknown as AwsCallRequest;
	return {result: await callOrFail(context, request)};
}

/**
 * Calls AWS; a failure becomes a StepFailure naming service, command, code, message and request.
 * The step's `timeout` bounds the call (a paginated one included, and a batch command's resends
 * of its unprocessed items: batch-call.ts).
 */
export async function callOrFail(context: ExecutionContext, request: AwsCallRequest): Promise<unknown> {
	const timeoutMs = context.step.timeoutMs;
	const timeout = timeoutMs === undefined ? undefined : AbortSignal.timeout(timeoutMs);
	const signal = timeout ? AbortSignal.any([context.signal, timeout]) : context.signal;
	try {
		return await callUntilProcessed(context, request, signal);
	} catch (error) {
		if (context.signal.aborted) throw new Interrupted();
		if (error instanceof StepFailure) throw error;
		if (timeout?.aborted) {
			throw new StepFailure({
				message: `${request.service} ${request.command} did not answer within ${formatDuration(timeoutMs!)} (the step's timeout); it may or may not have acted: check before retrying`,
				code: 'Timeout',
				details: {service: request.service, command: request.command, request: request.input},
			});
		}
		throw awsFailure(request, error);
	}
}

export function awsFailure(request: AwsCallRequest, error: unknown): Error {
	if (error instanceof RequestShapeError) {
		return new StepFailure({
			message: `${error.message}. Nothing was sent: fix the step's input (or the expression that makes it), then retry`,
			code: 'RequestShape',
			details: {service: request.service, command: request.command, problems: [...error.problems], request: request.input},
		});
	}
	const facts = errorFacts(error);
	if (isExpiredCredentials(error)) return new CredentialsExpired(facts);
	const hint = /AccessDenied|UnauthorizedOperation|NotAuthorized|Forbidden/i.test(facts.code)
		? ' Check the role\'s permissions, then retry the step.'
		: facts.code === 'CredentialsProviderError'
			? ' No AWS credentials: log in (aws sso login, aws-vault exec ...) and retry.'
			: '';
	return new StepFailure({
		message: `${request.service} ${request.command} failed: ${facts.code}: ${facts.message}${hint}`,
		code: facts.code,
		details: {
			service: request.service,
			command: request.command,
			...(facts.requestId ? {requestId: facts.requestId} : {}),
			...(facts.httpStatusCode ? {httpStatusCode: facts.httpStatusCode} : {}),
			request: request.input,
		},
	});
}
