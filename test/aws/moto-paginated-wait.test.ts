import {CreateTableCommand, DynamoDBClient, PutItemCommand} from '@aws-sdk/client-dynamodb';
import {afterAll, beforeAll, describe, expect, test} from 'vitest';
import type {Clock} from '../../source/ports/clock.js';
import {motoClientConfig, motoUrl, uniqueName, useMotoHere} from '../helpers/moto.js';
import {instantClock, RunHarness, TestFrontEnd} from './harness.js';

/**
 * A wait whose call is paginated, driven in-process against moto: every poll reads every page, from
 * the first, so an item written between polls on any page is seen.
 */

let dynamodb: DynamoDBClient;

beforeAll(async () => {
	const url = await motoUrl();
	useMotoHere(url);
	dynamodb = new DynamoDBClient(motoClientConfig(url));
});

afterAll(() => {
	dynamodb?.destroy();
	RunHarness.cleanUp();
});

const put = (table: string, id: string): Promise<unknown> => dynamodb.send(new PutItemCommand({TableName: table, Item: {id: {S: id}}}));

describe('a paginated wait, on moto', () => {
	test('reads every page on every poll, from the first page: an item written between polls ends the wait', async () => {
		const table = uniqueName('lpas');
		await dynamodb.send(
			new CreateTableCommand({
				TableName: table,
				AttributeDefinitions: [{AttributeName: 'id', AttributeType: 'S'}],
				KeySchema: [{AttributeName: 'id', KeyType: 'HASH'}],
				BillingMode: 'PAY_PER_REQUEST',
			}),
		);
		await put(table, 'a');
		await put(table, 'b');
		// Between the first poll and the second, a third item is written.
		let sleeps = 0;
		const clock: Clock = {
			...instantClock,
			sleep: async () => {
				if (++sleeps === 1) await put(table, 'c');
			},
		};
		const run = RunHarness.start(`version: 1
name: paginated-wait
title: A paginated wait
steps:
  - id: three-items
    title: Wait for three items
    wait:
      aws:
        service: dynamodb
        command: Scan
        input: {TableName: ${table}, Limit: 1}
        paginate: true
      until: $count(result.Items) >= 3
      interval: 1s
      timeout: 5s
      message: '\${{ $count(result.Items) & " items" }}'
`);
		const frontEnd = new TestFrontEnd();

		const outcome = await run.drive(frontEnd, {clock});

		expect(outcome.status, JSON.stringify(outcome.state.steps)).toBe('succeeded');
		expect(frontEnd.of('wait-polled').map(event => event.message)).toEqual(['2 items', '3 items']);
		const step = outcome.state.steps['three-items'];
		expect((step?.result as {Items: {id: {S: string}}[]}).Items.map(item => item.id.S).sort()).toEqual(['a', 'b', 'c']);
		// No page token is left in the result, nor in the request the run recorded.
		expect(step?.result).not.toHaveProperty('LastEvaluatedKey');
		expect((step?.request as {input: unknown}).input).toStrictEqual({TableName: table, Limit: 1});
	});
});
