/**
 * Batch commands that may hand back part of their work as "unprocessed" (DynamoDB answers a
 * BatchWriteItem or BatchGetItem it could not finish, under load, with UnprocessedItems or
 * UnprocessedKeys): which commands, what is left, the request that sends it again, the responses
 * merged into one, and the back-off between rounds. Pure: the loop is source/steps/batch-call.ts.
 *
 * Only these four return work to send again. BatchExecuteStatement is not among them: it answers
 * per statement, with an Error for each that failed (a condition, a validation, a throttle), and a
 * PartiQL statement may write, so resending the failed ones is the runbook's decision.
 */

export type BatchRule = {
	/** The response field that holds what is left (same shape as the request field). */
	readonly pending: 'UnprocessedItems' | 'UnprocessedKeys';
	/** The request field it is sent back in. */
	readonly request: 'RequestItems';
	/** What one pending entry is, for messages. */
	readonly noun: 'item' | 'key';
};

const write: BatchRule = {pending: 'UnprocessedItems', request: 'RequestItems', noun: 'item'};
const read: BatchRule = {pending: 'UnprocessedKeys', request: 'RequestItems', noun: 'key'};

const rules: Readonly<Record<string, Readonly<Record<string, BatchRule>>>> = {
	dynamodb: {BatchWriteItem: write, BatchGetItem: read},
	'dynamodb-document': {BatchWrite: write, BatchGet: read},
};

/** The batch rule of a command, or undefined when its responses leave nothing to send again. */
export function batchRule(service: string, command: string): BatchRule | undefined {
	return Object.hasOwn(rules, service) && Object.hasOwn(rules[service]!, command) ? rules[service]![command] : undefined;
}

type Json = Record<string, unknown>;

/** The work a response left, per table, or undefined when there is none. */
export function pendingOf(rule: BatchRule, response: unknown): Json | undefined {
	const pending = isObject(response) ? response[rule.pending] : undefined;
	return isObject(pending) && countPending(rule, pending) > 0 ? pending : undefined;
}

/** How many items (BatchWrite) or keys (BatchGet) are left: `{table: [requests]}` / `{table: {Keys: [...]}}`. */
export function countPending(rule: BatchRule, pending: Json): number {
	let count = 0;
	for (const entry of Object.values(pending)) {
		const list = rule.pending === 'UnprocessedItems' ? entry : isObject(entry) ? entry['Keys'] : undefined;
		if (Array.isArray(list)) count += list.length;
	}
	return count;
}

/** The next round's input: the step's input with only what is left to do. */
export function retryInput(rule: BatchRule, input: Json, pending: Json): Json {
	return {...input, [rule.request]: pending};
}

/**
 * The rounds' responses as one: lists are concatenated (ConsumedCapacity), maps of lists are merged
 * per key (BatchGetItem's `Responses` per table, BatchWriteItem's `ItemCollectionMetrics`), and
 * what is left unprocessed is the last round's (empty when every round's work was done).
 */
export function mergeBatchResponses(rule: BatchRule, responses: readonly Json[]): Json {
	const merged: Json = {...responses.at(-1)};
	const keys = new Set(responses.flatMap(response => Object.keys(response)));
	keys.delete(rule.pending);
	for (const key of keys) {
		const values = responses.map(response => response[key]).filter(value => value !== undefined);
		if (values.length === 0) continue;
		if (values.every(Array.isArray)) merged[key] = values.flat(1);
		else if (values.every(value => isObject(value) && Object.values(value).every(Array.isArray))) {
			merged[key] = mergeLists(values as Json[]);
		}
	}
	return merged;
}

function mergeLists(maps: readonly Json[]): Json {
	const merged: Record<string, unknown[]> = {};
	for (const map of maps) {
		for (const [name, list] of Object.entries(map)) merged[name] = [...(merged[name] ?? []), ...(list as unknown[])];
	}
	return merged;
}

/** The first wait before a resend, and the longest: DynamoDB's guidance is exponential back-off with jitter. */
export const firstBackoffMs = 100;
export const maxBackoffMs = 20_000;

/**
 * The wait before resend number `round` (0 for the first): doubling from firstBackoffMs up to
 * maxBackoffMs, then "equal jitter": half of it fixed, half random, so resends of many runs spread
 * out and never come back at once. `random` is in [0, 1) (the run's clock).
 */
export function backoffMs(round: number, random: number): number {
	const ceiling = Math.min(maxBackoffMs, firstBackoffMs * 2 ** Math.min(round, 30));
	return Math.round(ceiling / 2 + (ceiling / 2) * random);
}

/** `3 items` / `1 key`. */
export function describePending(rule: BatchRule, count: number): string {
	return `${count} ${rule.noun}${count === 1 ? '' : 's'}`;
}

function isObject(value: unknown): value is Json {
	return value !== null && typeof value === 'object' && !Array.isArray(value);
}
