/** AWS error names that mean "slow down and try the same call again". */
const throttling = new Set([
	'ThrottlingException',
	'Throttling',
	'TooManyRequestsException',
	'ProvisionedThroughputExceededException',
	'RequestLimitExceeded',
	'RequestThrottled',
	'RequestThrottledException',
	'SlowDown',
	'LimitExceededException',
]);

/** AWS error names that mean the caller's credentials ran out. */
const expired = new Set(['ExpiredToken', 'ExpiredTokenException', 'RequestExpired', 'TokenRefreshRequired']);

export type AwsErrorFacts = {
	readonly code: string;
	readonly message: string;
	readonly requestId?: string;
	readonly httpStatusCode?: number;
};

export function errorFacts(error: unknown): AwsErrorFacts {
	const value = (error ?? {}) as {name?: string; Code?: string; code?: unknown; message?: string; $metadata?: {requestId?: string; httpStatusCode?: number}};
	// A network error is a plain Error whose `code` says what happened (ECONNRESET).
	const system = (value.name === undefined || value.name === 'Error') && typeof value.code === 'string' ? value.code : undefined;
	return {
		code: value.Code ?? system ?? value.name ?? 'Error',
		message: value.message ?? String(error),
		...(value.$metadata?.requestId ? {requestId: value.$metadata.requestId} : {}),
		...(value.$metadata?.httpStatusCode ? {httpStatusCode: value.$metadata.httpStatusCode} : {}),
	};
}

export function isThrottling(error: unknown): boolean {
	return throttling.has(errorFacts(error).code);
}

/** Expired credentials, including an SSO session that ran out. */
export function isExpiredCredentials(error: unknown): boolean {
	const {code, message} = errorFacts(error);
	if (expired.has(code)) return true;
	if ((code === 'CredentialsProviderError' || code === 'TokenProviderError') && /expired|refresh|sso session/i.test(message)) {
		return true;
	}
	return /security token included in the request is expired|token has expired/i.test(message);
}

/** The call could not be made for want of credentials or their refresh. */
export class CredentialsExpired extends Error {
	constructor(readonly facts: AwsErrorFacts) {
		super(`AWS credentials expired (${facts.code}): ${facts.message}`);
		this.name = 'CredentialsExpired';
	}
}

/** The resolved request does not fit the command's input shape: nothing was sent. */
export class RequestShapeError extends Error {
	constructor(
		readonly service: string,
		readonly command: string,
		readonly problems: readonly string[],
	) {
		super(`${service} ${command} was not called: its input does not fit the SDK's ${command} input: ${problems.join('; ')}`);
		this.name = 'RequestShapeError';
	}
}
