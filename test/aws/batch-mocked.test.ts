import {BatchGetItemCommand, BatchWriteItemCommand, DynamoDBClient, DynamoDBServiceException} from '@aws-sdk/client-dynamodb';
import {mockClient} from 'aws-sdk-client-mock';
import {afterAll, beforeEach, describe, expect, test} from 'vitest';
import {RunHarness, TestFrontEnd} from './harness.js';

/**
 * What moto cannot be made to do between the rounds of a batch step: a resend throttled (after the
 * SDK's own retries), a resend refused. Only the DynamoDB client is mocked; the engine is real.
 */

const dynamodb = mockClient(DynamoDBClient);

beforeEach(() => dynamodb.reset());
afterAll(() => {
	dynamodb.restore();
	RunHarness.cleanUp();
});

function awsError(name: string, message: string, httpStatusCode = 400): DynamoDBServiceException {
	return new DynamoDBServiceException({name, $fault: 'client', message, $metadata: {httpStatusCode, requestId: 'req-1'}});
}

const runbook = (step: string): string => `version: 1
name: batch-mocked
title: Batch
environments:
  development: {account: '111111111111', region: eu-west-1}
steps:
${step}`;

const put = (id: string): object => ({PutRequest: {Item: {id: {S: id}}}});

const writeThree = `  - id: write
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
`;

describe('between the rounds of a batch step', () => {
	test('a resend throttled by DynamoDB is backed off and the same items sent again', async () => {
		dynamodb
			.on(BatchWriteItemCommand)
			.resolvesOnce({UnprocessedItems: {Lpas: [put('b'), put('c')]}})
			.rejectsOnce(awsError('ProvisionedThroughputExceededException', 'The level of configured provisioned throughput for the table was exceeded'))
			.resolves({UnprocessedItems: {}});
		const run = RunHarness.start(runbook(writeThree), {environment: 'development'});
		const frontEnd = new TestFrontEnd();

		const outcome = await run.drive(frontEnd);

		expect(outcome.status).toBe('succeeded');
		expect(outcome.state.steps['write']).toMatchObject({attempts: 1, result: {UnprocessedItems: {}}});
		const sent = dynamodb.commandCalls(BatchWriteItemCommand).map(call => call.args[0].input.RequestItems);
		expect(sent).toEqual([{Lpas: [put('a'), put('b'), put('c')]}, {Lpas: [put('b'), put('c')]}, {Lpas: [put('b'), put('c')]}]);
		expect(frontEnd.of('notice').map(notice => notice.message)).toEqual([
			expect.stringMatching(/^dynamodb BatchWriteItem: 2 items left unprocessed; sending them again in /),
			expect.stringMatching(/^dynamodb BatchWriteItem: 2 items left unprocessed; sending them again in /),
		]);
	});

	test('a resend refused fails the step, naming the error and how many items were left', async () => {
		dynamodb
			.on(BatchWriteItemCommand)
			.resolvesOnce({UnprocessedItems: {Lpas: [put('c')]}})
			.rejects(awsError('AccessDeniedException', 'User is not authorized to perform: dynamodb:BatchWriteItem'));
		const run = RunHarness.start(runbook(writeThree), {environment: 'development'});

		const outcome = await run.drive(new TestFrontEnd());

		expect(outcome.status).toBe('failed');
		expect(outcome.state.steps['write']?.error).toMatchObject({
			code: 'Unprocessed',
			message:
				'dynamodb BatchWriteItem left 1 item of 3 unprocessed: they were not written when sending them again failed: ' +
				'AccessDeniedException: User is not authorized to perform: dynamodb:BatchWriteItem. ' +
				'Retry the step to send the whole request again (a put or delete sent twice leaves the same item)',
			details: {unprocessed: 1, UnprocessedItems: {Lpas: [put('c')]}},
		});
	});

	test('BatchGetItem: the projection and consistency of each table go with its unprocessed keys; Responses merged', async () => {
		const keys = (...ids: string[]): {id: {S: string}}[] => ids.map(id => ({id: {S: id}}));
		dynamodb
			.on(BatchGetItemCommand)
			.resolvesOnce({Responses: {Lpas: [{id: {S: 'a'}}]}, UnprocessedKeys: {Lpas: {Keys: keys('b'), ConsistentRead: true, ProjectionExpression: 'id'}}})
			.resolves({Responses: {Lpas: [{id: {S: 'b'}}]}, UnprocessedKeys: {}});
		const run = RunHarness.start(
			runbook(`  - id: read
    title: Read two items
    aws:
      service: dynamodb
      command: BatchGetItem
      input:
        RequestItems:
          Lpas: {Keys: [{id: {S: a}}, {id: {S: b}}], ConsistentRead: true, ProjectionExpression: id}
    outputs:
      ids: result.Responses.Lpas.id.S
`),
			{environment: 'development'},
		);

		const outcome = await run.drive(new TestFrontEnd());

		expect(outcome.status).toBe('succeeded');
		expect(outcome.state.steps['read']).toMatchObject({result: {UnprocessedKeys: {}}, outputs: {ids: ['a', 'b']}});
		expect(dynamodb.commandCalls(BatchGetItemCommand)[1]?.args[0].input).toEqual({
			RequestItems: {Lpas: {Keys: keys('b'), ConsistentRead: true, ProjectionExpression: 'id'}},
		});
	});
});
