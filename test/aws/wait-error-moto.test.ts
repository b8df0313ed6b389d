import {CreateDBInstanceCommand, DeleteDBInstanceCommand, RDSClient} from '@aws-sdk/client-rds';
import {afterAll, afterEach, beforeAll, describe, expect, test} from 'vitest';
import {actionOf, startStandInProxy, type Answer, type StandInProxy} from '../../source/sandbox/stand-in-proxy.js';
import {RunHarness, TestFrontEnd} from './harness.js';
import {useHarnessMoto} from './moto-local.js';

/**
 * A wait reads the poll's failed call as `error`: "until the instance is gone" is
 * `until: error.name = 'DBInstanceNotFoundFault'`, against moto's RDS. Server and network errors
 * (from a stand-in in front of moto) are polled again without reaching the conditions.
 */

const moto = useHarnessMoto();
let rds: RDSClient;
let standIn: StandInProxy | undefined;

beforeAll(() => {
	rds = new RDSClient({region: 'eu-west-1', endpoint: moto().endpoint, credentials: {accessKeyId: 'test', secretAccessKey: 'test'}});
});

afterEach(async () => {
	await standIn?.close();
	standIn = undefined;
});

afterAll(() => {
	rds?.destroy();
});

async function createInstance(id: string): Promise<void> {
	await rds.send(
		new CreateDBInstanceCommand({DBInstanceIdentifier: id, DBInstanceClass: 'db.t3.micro', Engine: 'postgres', MasterUsername: 'admin1', MasterUserPassword: 'password123', AllocatedStorage: 20}),
	);
}

const deleteInstance = (id: string): Promise<unknown> => rds.send(new DeleteDBInstanceCommand({DBInstanceIdentifier: id, SkipFinalSnapshot: true}));

/** A runbook with one wait on DescribeDBInstances of `lpa-old`, its rds calls sent to `endpoint`. */
function waitRunbook(endpoint: string, conditions: string): string {
	return `version: 1
name: wait-error
title: Wait on an error
environments:
  test: {account: '123456789012', region: eu-west-1, endpoints: {rds: '${endpoint}'}}
steps:
  - id: gone
    title: Wait until the old instance is gone
    wait:
      aws: {service: rds, command: DescribeDBInstances, input: {DBInstanceIdentifier: lpa-old}}
${conditions}
      interval: 1s
      timeout: 1m
      message: "\${{ error ? error.name : result.DBInstances[0].DBInstanceStatus }}"
  - id: after
    title: After
    readOnly: true
    aws: {service: rds, command: DescribeDBInstances, input: {}}
`;
}

const untilGone = `      until: error.name = 'DBInstanceNotFoundFault'`;

/** Polls answered by the stand-in: DescribeDBInstances requests it saw. */
function counting(handle: (call: number, forward: () => Promise<Answer>) => Promise<Answer | 'reset'>): {calls: () => number; start: () => Promise<StandInProxy>} {
	let calls = 0;
	return {
		calls: () => calls,
		start: () =>
			startStandInProxy(moto().endpoint, (exchange, forward) => (actionOf(exchange) === 'DescribeDBInstances' ? handle(++calls, () => forward()) : forward())),
	};
}

describe("until: error.name = 'DBInstanceNotFoundFault'", () => {
	test('an instance already deleted: the first poll ends the wait, and the run goes on', async () => {
		await createInstance('lpa-old');
		await deleteInstance('lpa-old');
		const run = RunHarness.start(waitRunbook(moto().endpoint, untilGone), {environment: 'test'});
		const frontEnd = new TestFrontEnd();

		const outcome = await run.drive(frontEnd);

		expect(outcome.status, JSON.stringify(outcome.state.steps)).toBe('succeeded');
		expect(outcome.state.steps['gone']).toMatchObject({status: 'succeeded', attempts: 1});
		expect(outcome.state.steps['gone']?.result).toBeUndefined();
		expect(frontEnd.of('wait-polled').map(event => [event.attempt, event.message])).toEqual([[1, 'DBInstanceNotFoundFault']]);
		expect(outcome.state.steps['after']?.status).toBe('succeeded');
	});

	test('an instance deleted after the first poll: polled while it exists, then the error ends the wait', async () => {
		await createInstance('lpa-old');
		// The instance is deleted in moto right after the first poll is answered.
		const polls = counting(async (call, forward) => {
			const answer = await forward();
			if (call === 1) await deleteInstance('lpa-old');
			return answer;
		});
		standIn = await polls.start();
		const run = RunHarness.start(waitRunbook(standIn.endpoint, untilGone), {environment: 'test'});
		const frontEnd = new TestFrontEnd();

		const outcome = await run.drive(frontEnd);

		expect(outcome.status, JSON.stringify(outcome.state.steps)).toBe('succeeded');
		expect(frontEnd.of('wait-polled').map(event => [event.attempt, event.message])).toEqual([
			[1, 'available'],
			[2, 'DBInstanceNotFoundFault'],
		]);
		// Two polls, then the `after` step's call.
		expect(polls.calls()).toBe(3);
	});

	test('server errors (503) and dropped connections are polled again without reaching the condition', async () => {
		await createInstance('lpa-old');
		await deleteInstance('lpa-old');
		// The SDK tries each poll three times: the first poll meets three 503s, the second three resets.
		const unavailable: Answer = {
			status: 503,
			headers: {'content-type': 'text/xml'},
			body: '<ErrorResponse><Error><Type>Receiver</Type><Code>ServiceUnavailable</Code><Message>Please try again</Message></Error><RequestId>r-1</RequestId></ErrorResponse>',
		};
		const polls = counting(async (call, forward) => (call <= 3 ? unavailable : call <= 6 ? 'reset' : forward()));
		standIn = await polls.start();
		const run = RunHarness.start(waitRunbook(standIn.endpoint, untilGone), {environment: 'test'});
		const frontEnd = new TestFrontEnd();

		const outcome = await run.drive(frontEnd);

		expect(outcome.status, JSON.stringify(outcome.state.steps)).toBe('succeeded');
		// Three 503s, three dropped connections, the poll that ended the wait, the `after` step's call.
		expect(polls.calls()).toBe(8);
		expect(frontEnd.of('notice').map(event => event.message)).toEqual([
			expect.stringMatching(/^ServiceUnavailable \(a server or network error\); next poll in \d/),
			// The SDK reports a connection dropped before any answer as "socket hang up".
			expect.stringMatching(/^TimeoutError \(a server or network error\); next poll in \d/),
		]);
		expect(frontEnd.of('wait-polled').map(event => [event.attempt, event.message])).toEqual([[1, 'DBInstanceNotFoundFault']]);
	}, 30_000);
});

describe('errors the conditions do not end the wait on', () => {
	test('failWhen over the error fails the wait, naming it', async () => {
		const run = RunHarness.start(
			waitRunbook(moto().endpoint, `      until: result.DBInstances[0].DBInstanceStatus = 'available'\n      failWhen: error.name = 'DBInstanceNotFoundFault'`),
			{environment: 'test'},
		);

		const outcome = await run.drive(new TestFrontEnd());

		expect(outcome.status).toBe('failed');
		expect(outcome.state.steps['gone']?.error).toMatchObject({
			code: 'WaitFailed',
			message: 'the wait ended in failure (failWhen is true): DBInstanceNotFoundFault; the poll failed with DBInstanceNotFoundFault: DBInstance lpa-old not found.',
			details: {error: {name: 'DBInstanceNotFoundFault', code: 'DBInstanceNotFound', statusCode: 404}},
		});
		expect(outcome.state.steps['after']).toBeUndefined();
	});

	test('an error neither condition is true for fails the wait as any failed call does', async () => {
		const run = RunHarness.start(waitRunbook(moto().endpoint, `      until: error.name = 'DBSnapshotNotFoundFault'`), {environment: 'test'});

		const outcome = await run.drive(new TestFrontEnd());

		expect(outcome.status).toBe('failed');
		expect(outcome.state.steps['gone']?.error).toMatchObject({
			code: 'DBInstanceNotFound',
			message: 'rds DescribeDBInstances failed: DBInstanceNotFound: DBInstance lpa-old not found.',
		});
	});

	test('six network errors in a row fail the wait, naming the last', async () => {
		const polls = counting(async () => 'reset');
		standIn = await polls.start();
		const run = RunHarness.start(waitRunbook(standIn.endpoint, untilGone), {environment: 'test'});
		const frontEnd = new TestFrontEnd();

		const outcome = await run.drive(frontEnd);

		expect(outcome.status).toBe('failed');
		expect(outcome.state.steps['gone']?.error?.message).toBe('rds DescribeDBInstances failed: TimeoutError: socket hang up');
		expect(frontEnd.of('notice')).toHaveLength(5);
		expect(polls.calls()).toBe(18);
	}, 30_000);
});
