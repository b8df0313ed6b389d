import {DescribeContinuousBackupsCommand, DescribeTableCommand, DynamoDBClient} from '@aws-sdk/client-dynamodb';
import {randomBytes} from 'node:crypto';
import {describe, expect, it} from 'vitest';
import {belay, describeExit} from '../cli/belay.js';
import {stateUrl, useMoto} from './state-tables.js';

describe('belay state init', () => {
	it('creates the table on demand with point-in-time recovery and deletion protection, and prints the policy (moto)', async () => {
		const {endpoint} = await useMoto();
		const table = `belay-init-${randomBytes(4).toString('hex')}`;
		const env = {AWS_ACCESS_KEY_ID: 'testing', AWS_SECRET_ACCESS_KEY: 'testing'};
		const made = await belay(['state', 'init', '--state', stateUrl(table, endpoint)], {env});
		expect(made.code, describeExit(made)).toBe(0);
		expect(made.stderr).toContain(`created table ${table} in eu-west-1: on-demand billing, point-in-time recovery on, deletion protection on`);
		const policy = JSON.parse(made.stdout) as {Statement: {Action: string[]; Resource: string}[]};
		expect(policy.Statement[0]!.Resource).toBe(`arn:aws:dynamodb:eu-west-1:*:table/${table}`);
		expect(policy.Statement[0]!.Action).toEqual(expect.arrayContaining(['dynamodb:PutItem', 'dynamodb:ConditionCheckItem', 'dynamodb:Query']));

		const client = new DynamoDBClient({endpoint, region: 'eu-west-1', credentials: {accessKeyId: 'testing', secretAccessKey: 'testing'}});
		const described = await client.send(new DescribeTableCommand({TableName: table}));
		expect(described.Table?.BillingModeSummary?.BillingMode).toBe('PAY_PER_REQUEST');
		expect(described.Table?.DeletionProtectionEnabled).toBe(true);
		const backups = await client.send(new DescribeContinuousBackupsCommand({TableName: table}));
		expect(backups.ContinuousBackupsDescription?.PointInTimeRecoveryDescription?.PointInTimeRecoveryStatus).toBe('ENABLED');
		client.destroy();

		// Again: the table is kept; and a run with no table says how to make one.
		const again = await belay(['state', 'init', '--state', stateUrl(table, endpoint)], {env});
		expect(again.stderr).toContain(`kept the existing table ${table}`);
		const missing = await belay(['runs', '--state', stateUrl(`${table}-none`, endpoint)], {env});
		expect(missing.code, describeExit(missing)).toBe(2);
		expect(missing.stderr).toContain(`does not exist (in this account and region): create it with: belay state init --state dynamodb://${table}-none`);
	}, 30_000);
});
