import {describe, expect, test} from 'vitest';
import {
	backoffMs,
	batchRule,
	countPending,
	describePending,
	maxBackoffMs,
	mergeBatchResponses,
	pendingOf,
	retryInput,
} from '../../source/aws/unprocessed.js';

/** The rules of a batch command's resends, without AWS: what is left, what is sent, what the step returns. */

const write = batchRule('dynamodb', 'BatchWriteItem')!;
const read = batchRule('dynamodb', 'BatchGetItem')!;
const put = (id: string): object => ({PutRequest: {Item: {id: {S: id}}}});
const key = (id: string): object => ({id: {S: id}});

describe('which commands resend their unprocessed work', () => {
	test('DynamoDB BatchWriteItem and BatchGetItem, and the document client\'s BatchWrite and BatchGet', () => {
		expect(write).toEqual({pending: 'UnprocessedItems', request: 'RequestItems', noun: 'item'});
		expect(read).toEqual({pending: 'UnprocessedKeys', request: 'RequestItems', noun: 'key'});
		expect(batchRule('dynamodb-document', 'BatchWrite')).toEqual(write);
		expect(batchRule('dynamodb-document', 'BatchGet')).toEqual(read);
	});

	test('not BatchExecuteStatement (per-statement errors, PartiQL may write), nor other commands or services', () => {
		expect(batchRule('dynamodb', 'BatchExecuteStatement')).toBeUndefined();
		expect(batchRule('dynamodb', 'TransactWriteItems')).toBeUndefined();
		expect(batchRule('dynamodb-document', 'BatchWriteItem')).toBeUndefined();
		expect(batchRule('s3', 'DeleteObjects')).toBeUndefined();
		expect(batchRule('constructor', 'BatchWriteItem')).toBeUndefined();
		expect(batchRule('dynamodb', 'toString')).toBeUndefined();
	});
});

describe('what is left', () => {
	test('items per table for a write, keys per table for a read', () => {
		const items = {Lpas: [put('a'), put('b')], Donors: [put('c')]};
		expect(countPending(write, items)).toBe(3);
		const keys = {Lpas: {Keys: [key('a'), key('b')], ConsistentRead: true}, Donors: {Keys: [key('c')]}};
		expect(countPending(read, keys)).toBe(3);
		expect(describePending(write, 3)).toBe('3 items');
		expect(describePending(read, 1)).toBe('1 key');
	});

	test('an empty map, empty lists, or no field at all: nothing left', () => {
		expect(pendingOf(write, {UnprocessedItems: {}})).toBeUndefined();
		expect(pendingOf(write, {UnprocessedItems: {Lpas: []}})).toBeUndefined();
		expect(pendingOf(read, {Responses: {}})).toBeUndefined();
		expect(pendingOf(read, undefined)).toBeUndefined();
		expect(pendingOf(read, {UnprocessedKeys: {Lpas: {Keys: [key('a')]}}})).toEqual({Lpas: {Keys: [key('a')]}});
	});

	test('the next round sends only what is left, with the rest of the input as it was', () => {
		const input = {RequestItems: {Lpas: [put('a'), put('b')]}, ReturnConsumedCapacity: 'TOTAL'};
		expect(retryInput(write, input, {Lpas: [put('b')]})).toEqual({RequestItems: {Lpas: [put('b')]}, ReturnConsumedCapacity: 'TOTAL'});
		expect(input.RequestItems.Lpas).toHaveLength(2);
	});
});

describe('the responses merged into the step\'s result', () => {
	test('BatchGetItem: Responses per table concatenated, ConsumedCapacity listed, UnprocessedKeys the last (empty)', () => {
		const merged = mergeBatchResponses(read, [
			{Responses: {Lpas: [{id: 'a'}], Donors: [{id: 'x'}]}, UnprocessedKeys: {Lpas: {Keys: [key('b')]}}, ConsumedCapacity: [{TableName: 'Lpas', CapacityUnits: 1}]},
			{Responses: {Lpas: [{id: 'b'}]}, UnprocessedKeys: {}, ConsumedCapacity: [{TableName: 'Lpas', CapacityUnits: 0.5}]},
		]);
		expect(merged).toEqual({
			Responses: {Lpas: [{id: 'a'}, {id: 'b'}], Donors: [{id: 'x'}]},
			UnprocessedKeys: {},
			ConsumedCapacity: [
				{TableName: 'Lpas', CapacityUnits: 1},
				{TableName: 'Lpas', CapacityUnits: 0.5},
			],
		});
	});

	test('BatchWriteItem: ItemCollectionMetrics per table; given up, the last round\'s UnprocessedItems stay', () => {
		const merged = mergeBatchResponses(write, [
			{UnprocessedItems: {Lpas: [put('b'), put('c')]}, ItemCollectionMetrics: {Lpas: [{SizeEstimateRangeGB: [0, 1]}]}},
			{UnprocessedItems: {Lpas: [put('c')]}, ItemCollectionMetrics: {Lpas: [{SizeEstimateRangeGB: [1, 2]}]}},
		]);
		expect(merged).toEqual({
			UnprocessedItems: {Lpas: [put('c')]},
			ItemCollectionMetrics: {Lpas: [{SizeEstimateRangeGB: [0, 1]}, {SizeEstimateRangeGB: [1, 2]}]},
		});
	});

	test('one round: the response as it was', () => {
		const only = {Responses: {Lpas: [{id: 'a'}]}, UnprocessedKeys: {}};
		expect(mergeBatchResponses(read, [only])).toEqual(only);
	});
});

describe('back-off between rounds', () => {
	test('doubles from 100 ms, half fixed and half random (the run\'s clock), up to 20 s', () => {
		expect([0, 1, 2, 3].map(round => backoffMs(round, 0))).toEqual([50, 100, 200, 400]);
		expect([0, 1, 2, 3].map(round => backoffMs(round, 0.999_999))).toEqual([100, 200, 400, 800]);
		expect(backoffMs(20, 0)).toBe(maxBackoffMs / 2);
		expect(backoffMs(1_000, 0.999_999)).toBe(maxBackoffMs);
	});

	test('never below half its ceiling, never above it, for any round and random number', () => {
		for (let round = 0; round < 40; round++) {
			for (const random of [0, 0.25, 0.5, 0.75, 0.999]) {
				const ceiling = Math.min(maxBackoffMs, 100 * 2 ** round);
				const delay = backoffMs(round, random);
				expect(delay).toBeGreaterThanOrEqual(ceiling / 2);
				expect(delay).toBeLessThanOrEqual(ceiling);
			}
		}
	});
});
