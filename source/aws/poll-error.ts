import {errorFacts, isExpiredCredentials, isThrottling, RequestShapeError} from './errors.js';

/** A failed call as a wait's `until` and `failWhen` read it: `error.name = 'DBInstanceNotFoundFault'`. */
export type PollError = {
	readonly name: string;
	readonly message: string;
	/** The protocol's error code, where the service sends one besides the name (the query protocols' `Code`). */
	readonly code?: string;
	readonly statusCode?: number;
};

/**
 * What a wait does with a failed poll:
 * - `throttled`: slow down and poll again;
 * - `transient`: a server error (5xx) or a network error, after the SDK's own retries: poll again;
 * - `answer`: AWS answered the call with an error (4xx): `until` and `failWhen` read it as `error`;
 * - `fail`: not AWS's answer about the resource (expired credentials, a request that does not fit
 *   the SDK's input, no credentials, a belay error): the wait fails (or asks for credentials) as any
 *   AWS call does.
 */
export type PollErrorKind = 'throttled' | 'transient' | 'answer' | 'fail';

const networkCodes = new Set([
	'ECONNRESET',
	'ECONNREFUSED',
	'ECONNABORTED',
	'EPIPE',
	'ETIMEDOUT',
	'EAI_AGAIN',
	'ENETUNREACH',
	'EHOSTUNREACH',
	'ENETDOWN',
	'EHOSTDOWN',
]);

type ErrorLike = {
	name?: unknown;
	code?: unknown;
	Code?: unknown;
	message?: unknown;
	cause?: unknown;
	$metadata?: {httpStatusCode?: number};
};

export function classifyPollError(error: unknown): PollErrorKind {
	if (error instanceof RequestShapeError || isExpiredCredentials(error)) return 'fail';
	if (isThrottling(error)) return 'throttled';
	const value = (error ?? {}) as ErrorLike;
	const status = value.$metadata?.httpStatusCode;
	if (typeof status === 'number' && status >= 500) return 'transient';
	if (isNetworkError(value)) return 'transient';
	if (typeof status === 'number' && status >= 400) return 'answer';
	return 'fail';
}

function isNetworkError(value: ErrorLike): boolean {
	if (value.name === 'TimeoutError') return true;
	if (typeof value.code === 'string' && networkCodes.has(value.code)) return true;
	const cause = value.cause as ErrorLike | undefined;
	return cause !== undefined && cause !== null && typeof cause.code === 'string' && networkCodes.has(cause.code);
}

/** The error as expressions read it. */
export function pollError(error: unknown): PollError {
	const value = (error ?? {}) as ErrorLike;
	const facts = errorFacts(error);
	const name = typeof value.name === 'string' && value.name !== 'Error' ? value.name : facts.code;
	const code = typeof value.Code === 'string' ? value.Code : typeof value.code === 'string' ? value.code : undefined;
	return {
		name,
		message: facts.message,
		...(code !== undefined ? {code} : {}),
		...(facts.httpStatusCode !== undefined ? {statusCode: facts.httpStatusCode} : {}),
	};
}
