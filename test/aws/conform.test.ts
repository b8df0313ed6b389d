import {describe, expect, test} from 'vitest';
import {conform, type Conformed} from '../../source/aws/conform.js';
import {lazyList, lazyMap, lazyStructure, type Shape} from '../../source/aws/shape.js';

/** The pure check of a resolved request against a command's input shape (no SDK loaded). */

const string: Shape = {kind: 'string'};
const number: Shape = {kind: 'number'};
const boolean: Shape = {kind: 'boolean'};
const timestamp: Shape = {kind: 'timestamp'};
const list = (member: Shape): Shape => ({kind: 'list', member});
const map = (value: Shape): Shape => ({kind: 'map', value});
const structure = (members: Record<string, Shape>, union = false): Shape => ({kind: 'structure', members: new Map(Object.entries(members)), ...(union ? {union} : {})});

const tag = structure({Key: string, Value: string});
const restore = structure({
	DBInstanceIdentifier: string,
	DBSnapshotIdentifier: string,
	VpcSecurityGroupIds: list(string),
	AllocatedStorage: number,
	MultiAZ: boolean,
	Tags: list(tag),
	RestoreTime: timestamp,
});

// DynamoDB's AttributeValue: a union that holds maps and lists of itself.
const attributeValue: Shape = lazyStructure(['S', 'N', 'M', 'L', 'BOOL'], index => [string, string, lazyMap(() => attributeValue), lazyList(() => attributeValue), boolean][index]!, true);
const batchWrite = structure({
	RequestItems: map(list(structure({PutRequest: structure({Item: map(attributeValue)}), DeleteRequest: structure({Key: map(attributeValue)})}))),
});

const problems = (result: Conformed): readonly string[] => (result.ok ? [] : result.problems);
const value = (result: Conformed): unknown => {
	if (!result.ok) throw new Error(result.problems.join('\n'));
	return result.value;
};

describe('conform: what fits is sent, a single value where a list goes becomes a list', () => {
	test('a one-element JSONata result (a bare string) where a list is expected is sent as a list of one', () => {
		const result = conform({DBInstanceIdentifier: 'restored', VpcSecurityGroupIds: 'sg-1'}, restore);
		expect(value(result)).toEqual({DBInstanceIdentifier: 'restored', VpcSecurityGroupIds: ['sg-1']});
		expect(result.ok && result.changes).toEqual(['VpcSecurityGroupIds: the single value sent as a list of one']);
	});

	test('a single mapping where a list of structures is expected is wrapped too, then checked', () => {
		expect(value(conform({Tags: {Key: 'team', Value: 'opg'}}, restore))).toEqual({Tags: [{Key: 'team', Value: 'opg'}]});
		expect(problems(conform({Tags: {Key: 'team', Valeu: 'opg'}}, restore))).toEqual([
			"Tags[0].Valeu: no such member (did you mean 'Value'?); Tags[0] has Key, Value",
		]);
	});

	test('a request that fits is returned as it is, with no changes', () => {
		const input = {DBInstanceIdentifier: 'a', VpcSecurityGroupIds: ['sg-1', 'sg-2'], AllocatedStorage: 20, MultiAZ: false, Tags: []};
		const result = conform(input, restore);
		expect(value(result)).toEqual(input);
		expect(result.ok && result.changes).toEqual([]);
	});

	test('a number where a string is expected is sent as its text', () => {
		expect(value(conform({DBInstanceIdentifier: 42}, restore))).toEqual({DBInstanceIdentifier: '42'});
	});

	test('an ISO 8601 text or epoch seconds where a timestamp is expected becomes a Date', () => {
		expect(value(conform({RestoreTime: '2024-05-01T12:00:00Z'}, restore))).toEqual({RestoreTime: new Date('2024-05-01T12:00:00Z')});
		expect(value(conform({RestoreTime: 1714564800}, restore))).toEqual({RestoreTime: new Date('2024-05-01T12:00:00Z')});
		expect(problems(conform({RestoreTime: 'yesterday'}, restore))).toEqual([
			"RestoreTime: expected a timestamp (ISO 8601 such as 2024-05-01T12:00:00Z, or epoch seconds), got a string ('yesterday')",
		]);
	});

	test('null and absent members are left to the SDK', () => {
		expect(value(conform({DBInstanceIdentifier: 'a', VpcSecurityGroupIds: null}, restore))).toEqual({DBInstanceIdentifier: 'a', VpcSecurityGroupIds: null});
	});
});

describe('conform: what does not fit fails before the call, naming the field', () => {
	test('a list where a string is expected', () => {
		expect(problems(conform({DBInstanceIdentifier: ['a', 'b']}, restore))).toEqual(['DBInstanceIdentifier: expected a string, got a list']);
	});

	test('a mapping where a string is expected; a text where a number, boolean or structure is expected', () => {
		expect(problems(conform({DBSnapshotIdentifier: {id: 'x'}, AllocatedStorage: '20', MultiAZ: 'yes', Tags: ['team']}, restore))).toEqual([
			'DBSnapshotIdentifier: expected a string, got a mapping',
			"AllocatedStorage: expected a number (write it without quotes, or convert it with $number()), got a string ('20')",
			"MultiAZ: expected true or false, got a string ('yes')",
			"Tags[0]: expected a structure (a mapping of Key, Value), got a string ('team')",
		]);
	});

	test('an unknown member, with the closest name', () => {
		expect(problems(conform({DBInstanceIdentifer: 'a'}, restore))).toEqual([
			"DBInstanceIdentifer: no such member (did you mean 'DBInstanceIdentifier'?); the input has DBInstanceIdentifier, DBSnapshotIdentifier, VpcSecurityGroupIds, AllocatedStorage, MultiAZ, Tags, RestoreTime",
		]);
	});

	test('paths go through maps and lists: a table name with a dot is quoted', () => {
		const input = {RequestItems: {'my.table': [{PutRequest: {Item: {id: {S: 'a', N: '1'}, name: {SS: ['x']}}}}]}};
		expect(problems(conform(input, batchWrite))).toEqual([
			'RequestItems["my.table"][0].PutRequest.Item.id: takes exactly one of its members, got S and N',
			"RequestItems[\"my.table\"][0].PutRequest.Item.name.SS: no such member (did you mean 'S'?); RequestItems[\"my.table\"][0].PutRequest.Item.name has S, N, M, L, BOOL",
		]);
	});

	test('a recursive shape is walked only as deep as the value', () => {
		const deep = {RequestItems: {t: [{PutRequest: {Item: {doc: {M: {inner: {L: [{M: {leaf: {N: 5}}}]}}}}}}]}};
		// A number where DynamoDB wants a text (N is a string): sent as its text.
		expect(value(conform(deep, batchWrite))).toEqual({RequestItems: {t: [{PutRequest: {Item: {doc: {M: {inner: {L: [{M: {leaf: {N: '5'}}}]}}}}}}]}});
		expect(problems(conform({RequestItems: {t: [{PutRequest: {Item: {doc: {M: {x: {L: [{BOOL: 'no'}]}}}}}}]}}, batchWrite))).toEqual([
			"RequestItems.t[0].PutRequest.Item.doc.M.x.L[0].BOOL: expected true or false, got a string ('no')",
		]);
	});

	test('at most five problems are reported', () => {
		const input = Object.fromEntries(Array.from({length: 8}, (_, index) => [`Unknown${index}`, 1]));
		expect(problems(conform(input, restore))).toHaveLength(5);
	});
});

describe('conform: the document client takes plain values where it marshalls them', () => {
	const native = {RequestItems: {'*': {'*': {PutRequest: {Item: {}}, DeleteRequest: {Key: {}}}}}};

	test('plain values under Item pass; the structure around them is still checked and fitted', () => {
		const input = {RequestItems: {Lpas: {PutRequest: {Item: {id: 'a', count: 3, tags: ['x'], nested: {deep: true}}}}}};
		expect(value(conform(input, batchWrite, native))).toEqual({
			RequestItems: {Lpas: [{PutRequest: {Item: {id: 'a', count: 3, tags: ['x'], nested: {deep: true}}}}]},
		});
		expect(problems(conform({RequestItems: {Lpas: [{PutRequst: {Item: {id: 'a'}}}]}}, batchWrite, native))).toEqual([
			"RequestItems.Lpas[0].PutRequst: no such member (did you mean 'PutRequest'?); RequestItems.Lpas[0] has PutRequest, DeleteRequest",
		]);
	});

	test('null (the whole value) and [] (every item) are plain values too', () => {
		expect(value(conform({RequestItems: 'anything'}, batchWrite, {RequestItems: null}))).toEqual({RequestItems: 'anything'});
		expect(value(conform({RequestItems: 5}, batchWrite, {RequestItems: []}))).toEqual({RequestItems: 5});
	});
});

describe('conform copies only what it changes', () => {
	test('a bulk write that fits is sent as the very objects it was given', () => {
		const items = Array.from({length: 25}, (_, index) => ({PutRequest: {Item: {id: {S: `cred-${index}`}, tags: {L: [{S: 'a'}, {M: {k: {N: '1'}}}]}}}}));
		const input = {RequestItems: {table: items}};
		expect(value(conform(input, batchWrite))).toBe(input);
	});

	test('a change deep inside copies the path to it and shares the rest', () => {
		const untouched = {PutRequest: {Item: {id: {S: 'a'}}}};
		const input = {DBInstanceIdentifier: 'restored', VpcSecurityGroupIds: 'sg-1', Tags: [{Key: 'team', Value: 'x'}]};
		const fitted = value(conform(input, restore)) as typeof input;
		expect(fitted).not.toBe(input);
		expect(fitted).toEqual({...input, VpcSecurityGroupIds: ['sg-1']});
		expect(fitted.Tags).toBe(input.Tags);
		expect(input.VpcSecurityGroupIds).toBe('sg-1');
		const batch = {RequestItems: {table: [untouched, {PutRequest: {Item: {n: {N: 5}}}}]}};
		const written = value(conform(batch, batchWrite)) as typeof batch;
		expect(written.RequestItems.table[0]).toBe(untouched);
		expect(written.RequestItems.table[1]).toEqual({PutRequest: {Item: {n: {N: '5'}}}});
		expect(batch.RequestItems.table[1]).toEqual({PutRequest: {Item: {n: {N: 5}}}});
	});

	test('a problem deep in a list still names its place', () => {
		const batch = {RequestItems: {'my table': [{PutRequest: {Item: {id: {S: 'a'}}}}, {PutRequest: {Item: {id: {S: ['x']}}}}]}};
		expect(problems(conform(batch, batchWrite))).toEqual(['RequestItems["my table"][1].PutRequest.Item.id.S: expected a string, got a list']);
	});
});

