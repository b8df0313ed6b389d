import {DescribeDBInstancesCommand, RDSClient, RDSServiceException} from '@aws-sdk/client-rds';
import {mockClient} from 'aws-sdk-client-mock';
import {afterAll, describe, expect, test} from 'vitest';
import {SimulatedClock} from '../../source/ports/clock.js';
import {RunHarness, TestFrontEnd} from './harness.js';

/**
 * A wait whose polls AWS keeps throttling: the back-off doubles, and the wait's timeout bounds it
 * (moto cannot be made to throttle, so the RDS client is mocked; the engine and clock are real).
 */

const rds = mockClient(RDSClient);

afterAll(() => {
	rds.restore();
	RunHarness.cleanUp();
});

describe('a wait throttled until its timeout', () => {
	test('backs off 2s, 4s, then gives up before passing 10s, naming the throttling; no expression saw it', async () => {
		rds.on(DescribeDBInstancesCommand).rejects(
			new RDSServiceException({name: 'Throttling', $fault: 'client', message: 'Rate exceeded', $metadata: {httpStatusCode: 400}}),
		);
		const run = RunHarness.start(
			`version: 1
name: throttled
title: Throttled
environments:
  development: {account: '111111111111', region: eu-west-1}
steps:
  - id: gone
    title: Wait until the old instance is gone
    wait:
      aws: {service: rds, command: DescribeDBInstances, input: {DBInstanceIdentifier: lpa-old}}
      until: error.name = 'Throttling'
      interval: 1s
      timeout: 10s
`,
			{environment: 'development'},
		);
		const clock = new SimulatedClock();
		const frontEnd = new TestFrontEnd();

		const outcome = await run.drive(frontEnd, {clock});

		expect(outcome.status).toBe('failed');
		expect(outcome.state.steps['gone']?.error).toMatchObject({
			code: 'Timeout',
			message: 'gave up after 10s (0 polls answered): the last poll failed with Throttling: Rate exceeded',
		});
		expect(clock.slept).toEqual([2_000, 4_000]);
		expect(frontEnd.of('notice').map(notice => notice.message)).toEqual(['throttled by AWS; next poll in 2s', 'throttled by AWS; next poll in 4s']);
		expect(frontEnd.of('wait-polled')).toEqual([]);
		expect(rds.commandCalls(DescribeDBInstancesCommand)).toHaveLength(3);
	});
});
