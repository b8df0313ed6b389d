import type {AwsRuntime} from '../aws/runtime.js';

type Call = {readonly service: string; readonly command: string; readonly input: unknown};

function isCall(value: unknown): value is Call {
	return (
		value !== null &&
		typeof value === 'object' &&
		typeof (value as {service?: unknown}).service === 'string' &&
		typeof (value as {command?: unknown}).command === 'string'
	);
}

/**
 * The values the SDK marks sensitive (RDS's MasterUserPassword) in the AWS calls of a resolved
 * request (an aws step or wait, a select's `from`): secrets from then on, so never journaled or shown.
 */
export async function sensitiveInRequest(request: Record<string, unknown>, aws: Pick<AwsRuntime, 'sensitiveValues'>): Promise<string[]> {
	const found: string[] = [];
	for (const call of [request, request['from']].filter(isCall)) found.push(...(await aws.sensitiveValues(call)));
	return found.filter(value => value !== '');
}
