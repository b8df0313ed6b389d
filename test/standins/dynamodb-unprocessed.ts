/**
 * DynamoDB under load, in front of moto (which always finishes a batch): for the first `rounds`
 * calls of BatchWriteItem, and of BatchGetItem, it sends only the first `keep` items (or keys) on
 * to moto and answers the rest as UnprocessedItems (UnprocessedKeys), as DynamoDB does when a table
 * is short of capacity. Later calls pass through whole. `keep` may depend on the call (0 for the
 * first of that command): `keep: call => (call === 0 ? 2 : 0)` takes two items, then none.
 *
 *     const dynamodb = await startUnprocessedStandIn(moto.endpoint, {rounds: 2, keep: 2});
 *     // point the run's dynamodb endpoint at dynamodb.endpoint
 */
import {actionOf, startStandInProxy, type Answer, type StandInProxy} from '../../source/sandbox/stand-in-proxy.js';

export type BatchSeen = {
	readonly action: 'BatchWriteItem' | 'BatchGetItem';
	/** Items (keys) in the request. */
	readonly asked: number;
	/** Of those, how many went on to moto. */
	readonly forwarded: number;
};

export type UnprocessedStandIn = StandInProxy & {
	/** Every batch call it got, in order. */
	readonly batches: BatchSeen[];
};

type Json = Record<string, unknown>;
type Split = {readonly kept: Json; readonly held: Json; readonly asked: number; readonly forwarded: number};

export async function startUnprocessedStandIn(
	moto: string,
	options: {readonly rounds: number; readonly keep: number | ((call: number) => number)},
): Promise<UnprocessedStandIn> {
	const batches: BatchSeen[] = [];
	const proxy = await startStandInProxy(moto, async (exchange, forward): Promise<Answer | 'reset'> => {
		const action = actionOf(exchange);
		if (action !== 'BatchWriteItem' && action !== 'BatchGetItem') return forward();
		const request = JSON.parse(exchange.body) as {RequestItems: Json};
		const call = batches.filter(batch => batch.action === action).length;
		const keep = call >= options.rounds ? Infinity : typeof options.keep === 'number' ? options.keep : options.keep(call);
		const split = action === 'BatchWriteItem' ? splitWrites(request.RequestItems, keep) : splitKeys(request.RequestItems, keep);
		batches.push({action, asked: split.asked, forwarded: split.forwarded});
		const pendingField = action === 'BatchWriteItem' ? 'UnprocessedItems' : 'UnprocessedKeys';
		let answer: Answer = {status: 200, headers: {'content-type': 'application/x-amz-json-1.0'}, body: JSON.stringify(action === 'BatchGetItem' ? {Responses: {}} : {})};
		if (split.forwarded > 0) answer = await forward(JSON.stringify({...request, RequestItems: split.kept}));
		if (answer.status !== 200) return answer;
		const response = JSON.parse(answer.body) as Json;
		return {...answer, body: JSON.stringify({...response, [pendingField]: split.held})};
	});
	return {...proxy, batches};
}

/** `{table: [WriteRequest]}`: the first `keep` requests across tables go on, the rest are held back. */
function splitWrites(items: Json, keep: number): Split {
	const kept: Json = {};
	const held: Json = {};
	let asked = 0;
	for (const [table, requests] of Object.entries(items)) {
		for (const request of requests as unknown[]) {
			const into = asked++ < keep ? kept : held;
			into[table] = [...((into[table] as unknown[] | undefined) ?? []), request];
		}
	}
	return {kept, held, asked, forwarded: Math.min(asked, keep)};
}

/** `{table: {Keys, ...}}`: the first `keep` keys across tables go on, the rest are held back. */
function splitKeys(items: Json, keep: number): Split {
	const kept: Json = {};
	const held: Json = {};
	let asked = 0;
	for (const [table, entry] of Object.entries(items)) {
		const {Keys: keys, ...rest} = entry as {Keys: unknown[]};
		for (const key of keys) {
			const into = asked++ < keep ? kept : held;
			const target = (into[table] as {Keys: unknown[]} | undefined) ?? {...rest, Keys: []};
			into[table] = {...target, Keys: [...target.Keys, key]};
		}
	}
	return {kept, held, asked, forwarded: Math.min(asked, keep)};
}
