import {CreateTableCommand, DynamoDBClient, ScanCommand} from '@aws-sdk/client-dynamodb';
import {afterAll, afterEach, beforeAll, describe, expect, test} from 'vitest';
import {SimulatedClock} from '../../source/ports/clock.js';
import {startUnprocessedStandIn, type UnprocessedStandIn} from '../standins/dynamodb-unprocessed.js';
import {RunHarness, TestFrontEnd} from './harness.js';
import {useHarnessMoto} from './moto-local.js';

/**
 * Batch steps finish their work: DynamoDB under load (a stand-in in front of moto that answers part
 * of each of the first batches as unprocessed) gets the unprocessed items sent again until none are
 * left. The proof is moto's table afterwards, and the step's result and failure as the run journals them.
 */

const moto = useHarnessMoto();
let dynamodb: DynamoDBClient;
let standIn: UnprocessedStandIn | undefined;

beforeAll(() => {
	dynamodb = new DynamoDBClient({region: 'eu-west-1', endpoint: moto().endpoint, credentials: {accessKeyId: 'test', secretAccessKey: 'test'}});
});

afterEach(async () => {
	await standIn?.close();
	standIn = undefined;
});

afterAll(() => {
	dynamodb?.destroy();
});

async function table(name: string): Promise<void> {
	await dynamodb.send(
		new CreateTableCommand({
			TableName: name,
			KeySchema: [{AttributeName: 'id', KeyType: 'HASH'}],
			AttributeDefinitions: [{AttributeName: 'id', AttributeType: 'S'}],
			BillingMode: 'PAY_PER_REQUEST',
		}),
	);
}

async function ids(name: string): Promise<string[]> {
	const {Items = []} = await dynamodb.send(new ScanCommand({TableName: name}));
	return Items.map(item => item['id']?.S ?? '').sort();
}

/** A runbook whose dynamodb (and document client) calls go to the stand-in. */
function runbook(endpoint: string, steps: string): string {
	return `version: 1
name: batch
title: Batch
environments:
  test:
    account: '123456789012'
    region: eu-west-1
    endpoints: {dynamodb: '${endpoint}'}
steps:
${steps}`;
}

const ten = Array.from({length: 10}, (_, index) => `lpa-${String(index).padStart(2, '0')}`);

describe('BatchWriteItem sends its unprocessed items again', () => {
	test('ten items, two processed per call for three calls: all ten are in the table; the result has nothing left', async () => {
		await table('Lpas');
		standIn = await startUnprocessedStandIn(moto().endpoint, {rounds: 3, keep: 2});
		const run = RunHarness.start(
			runbook(
				standIn.endpoint,
				`  - id: write
    title: Write ten items
    aws:
      service: dynamodb
      command: BatchWriteItem
      input:
        RequestItems:
          Lpas:
${ten.map(id => `            - PutRequest: {Item: {id: {S: ${id}}}}`).join('\n')}
    outputs:
      left: $count($keys(result.UnprocessedItems))
`,
			),
			{environment: 'test'},
		);
		const frontEnd = new TestFrontEnd();

		const outcome = await run.drive(frontEnd);

		expect(outcome.status, JSON.stringify(outcome.state.steps['write'])).toBe('succeeded');
		expect(await ids('Lpas')).toEqual(ten);
		expect(outcome.state.steps['write']).toMatchObject({status: 'succeeded', attempts: 1, result: {UnprocessedItems: {}}, outputs: {left: 0}});
		// 10 asked, 2 done; 8 sent again, 2 done; 6, 2 done; then the 4 left pass whole.
		expect(standIn.batches.map(batch => [batch.asked, batch.forwarded])).toEqual([
			[10, 2],
			[8, 2],
			[6, 2],
			[4, 4],
		]);
		expect(frontEnd.of('notice').map(notice => notice.message)).toEqual([
			expect.stringMatching(/^dynamodb BatchWriteItem: 8 items left unprocessed; sending them again in \d+ms$/),
			expect.stringMatching(/^dynamodb BatchWriteItem: 6 items left unprocessed; sending them again in \d+ms$/),
			expect.stringMatching(/^dynamodb BatchWriteItem: 4 items left unprocessed; sending them again in \d+ms$/),
		]);
		expect(run.started('write')).toHaveLength(1);
	});

	test('DynamoDB never catches up: the step fails at its timeout, naming how many items were left, and which', async () => {
		await table('Lpas');
		standIn = await startUnprocessedStandIn(moto().endpoint, {rounds: Infinity, keep: call => (call === 0 ? 2 : 0)});
		const run = RunHarness.start(
			runbook(
				standIn.endpoint,
				`  - id: write
    title: Write three items
    timeout: 10s
    aws:
      service: dynamodb
      command: BatchWriteItem
      input:
        RequestItems:
          Lpas:
            - PutRequest: {Item: {id: {S: a}}}
            - PutRequest: {Item: {id: {S: b}}}
            - PutRequest: {Item: {id: {S: c}}}
`,
			),
			{environment: 'test'},
		);
		const clock = new SimulatedClock(Date.UTC(2026, 0, 1), {random: () => 0.5});

		const outcome = await run.drive(new TestFrontEnd(), {clock});

		expect(outcome.status).toBe('failed');
		// Two items reached the table in the first call; the third never did.
		expect(await ids('Lpas')).toEqual(['a', 'b']);
		const step = outcome.state.steps['write'];
		expect(step?.error?.code).toBe('Unprocessed');
		expect(step?.error?.message).toBe(
			"dynamodb BatchWriteItem left 1 item of 3 unprocessed: they were not written before the step's timeout (10s) ran out. " +
				'Retry the step to send the whole request again (a put or delete sent twice leaves the same item)',
		);
		expect(step?.error?.details).toMatchObject({unprocessed: 1, UnprocessedItems: {Lpas: [{PutRequest: {Item: {id: {S: 'c'}}}}]}});
		// Doubling back-off (75, 150, 300, ... ms at random 0.5) until the next wait would pass 10 s.
		expect(clock.slept.slice(0, 3)).toEqual([75, 150, 300]);
		expect(clock.slept.reduce((sum, ms) => sum + ms, 0)).toBeLessThanOrEqual(10_000);
	});

	test('a run stopped between rounds stops sending: the step is interrupted, not failed', async () => {
		await table('Lpas');
		standIn = await startUnprocessedStandIn(moto().endpoint, {rounds: Infinity, keep: 1});
		const controller = new AbortController();
		const run = RunHarness.start(
			runbook(
				standIn.endpoint,
				`  - id: write
    title: Write three items
    aws:
      service: dynamodb
      command: BatchWriteItem
      input:
        RequestItems:
          Lpas:
            - PutRequest: {Item: {id: {S: a}}}
            - PutRequest: {Item: {id: {S: b}}}
            - PutRequest: {Item: {id: {S: c}}}
`,
			),
			{environment: 'test'},
		);
		const frontEnd = new TestFrontEnd();
		const clock = new SimulatedClock(Date.UTC(2026, 0, 1), {autoAdvance: false});
		const driving = run.drive(frontEnd, {clock, controller});
		// Stop the run while it waits to send the unprocessed items again.
		while (frontEnd.of('notice').length === 0) await new Promise(resolve => setTimeout(resolve, 10));
		controller.abort();

		const outcome = await driving;

		expect(outcome.status).toBe('interrupted');
		expect(standIn.batches).toHaveLength(1);
		expect(await ids('Lpas')).toEqual(['a']);
		expect(outcome.state.steps['write']?.status).toBe('interrupted');
	});
});

describe('BatchGet (document client) reads every key', () => {
	test('five keys, two answered per call: Responses merged for the table, nothing left unprocessed', async () => {
		await table('Lpas');
		standIn = await startUnprocessedStandIn(moto().endpoint, {rounds: 2, keep: 2});
		const keys = ['k1', 'k2', 'k3', 'k4', 'k5'];
		const run = RunHarness.start(
			runbook(
				standIn.endpoint,
				`  - id: write
    title: Write five items
    aws:
      service: dynamodb-document
      command: BatchWrite
      input:
        RequestItems:
          Lpas:
${keys.map(id => `            - PutRequest: {Item: {id: ${id}, donor: donor-${id}}}`).join('\n')}
  - id: read
    title: Read them back
    aws:
      service: dynamodb-document
      command: BatchGet
      input:
        RequestItems:
          Lpas:
            Keys:
${keys.map(id => `              - {id: ${id}}`).join('\n')}
    outputs:
      donors: $sort(result.Responses.Lpas.donor)
`,
			),
			{environment: 'test'},
		);

		const outcome = await run.drive(new TestFrontEnd());

		expect(outcome.status, JSON.stringify(outcome.state.steps)).toBe('succeeded');
		expect(await ids('Lpas')).toEqual(keys);
		expect(outcome.state.steps['read']).toMatchObject({
			result: {UnprocessedKeys: {}},
			outputs: {donors: keys.map(id => `donor-${id}`)},
		});
		expect((outcome.state.steps['read']?.result as {Responses: {Lpas: unknown[]}}).Responses.Lpas).toHaveLength(5);
		expect(standIn.batches.map(batch => [batch.action, batch.asked, batch.forwarded])).toEqual([
			['BatchWriteItem', 5, 2],
			['BatchWriteItem', 3, 2],
			['BatchWriteItem', 1, 1],
			['BatchGetItem', 5, 2],
			['BatchGetItem', 3, 2],
			['BatchGetItem', 1, 1],
		]);
	});
});
