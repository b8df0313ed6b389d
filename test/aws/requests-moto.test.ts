import {rmSync} from 'node:fs';
import {join} from 'node:path';
import {CreateTableCommand, DynamoDBClient, ScanCommand} from '@aws-sdk/client-dynamodb';
import {CreateDBInstanceCommand, CreateDBSnapshotCommand, DescribeDBInstancesCommand, RDSClient} from '@aws-sdk/client-rds';
import {afterAll, beforeAll, describe, expect, test} from 'vitest';
import {buildPrivateCli, describeExit, scratch, show, stepOf, writeRunbook, type Cli} from './cli.js';
import {fakeAwsEnv, startMoto, type Moto} from './moto-local.js';

/**
 * The CLI, as a child process, against moto with only AWS_ENDPOINT_URL set: requests are fitted to
 * the SDK's input shapes before the call (a one-element JSONata result where a list goes), what
 * does not fit fails the step before anything is sent, and mapping keys with `${{ }}` are evaluated.
 */

let moto: Moto;
let cli: Cli;
let rds: RDSClient;
let dynamodb: DynamoDBClient;
const dirs: string[] = [];
const group = 'sg-0123456789abcdef0';

beforeAll(async () => {
	[moto, cli] = await Promise.all([startMoto(), buildPrivateCli()]);
	const config = {region: 'us-east-1', endpoint: moto.endpoint, credentials: {accessKeyId: 'test', secretAccessKey: 'test'}};
	rds = new RDSClient(config);
	dynamodb = new DynamoDBClient(config);
	await rds.send(
		new CreateDBInstanceCommand({
			DBInstanceIdentifier: 'lpa-source',
			DBInstanceClass: 'db.t3.micro',
			Engine: 'postgres',
			MasterUsername: 'admin1',
			MasterUserPassword: 'password123',
			AllocatedStorage: 20,
			VpcSecurityGroupIds: [group],
		}),
	);
	await rds.send(new CreateDBSnapshotCommand({DBInstanceIdentifier: 'lpa-source', DBSnapshotIdentifier: 'lpa-snapshot'}));
}, 120_000);

afterAll(async () => {
	rds?.destroy();
	dynamodb?.destroy();
	cli?.dispose();
	await moto?.stop();
	for (const dir of dirs) rmSync(dir, {recursive: true, force: true});
});

async function runBelay(name: string, runbook: Record<string, unknown>): Promise<{exit: Awaited<ReturnType<Cli['run']>>; state: string; runId: string}> {
	const dir = scratch('requests');
	dirs.push(dir);
	const path = writeRunbook(dir, `${name}.yaml`, {version: 1, name, title: name, ...runbook});
	const state = join(dir, 'state');
	const runId = `${name}-${Math.random().toString(36).slice(2, 6)}`;
	const exit = await cli.run(['run', path, '--non-interactive', '--state-dir', state, '--run-id', runId], {
		env: {...fakeAwsEnv, AWS_ENDPOINT_URL: moto.endpoint},
	});
	return {exit, state, runId};
}

const describeSource = {id: 'source', title: 'Read the source instance', aws: {service: 'rds', command: 'DescribeDBInstances', input: {DBInstanceIdentifier: 'lpa-source'}}};

async function instanceGroups(id: string): Promise<string[]> {
	const {DBInstances = []} = await rds.send(new DescribeDBInstancesCommand({DBInstanceIdentifier: id}));
	return (DBInstances[0]?.VpcSecurityGroups ?? []).map(entry => entry.VpcSecurityGroupId ?? '');
}

describe('requests match the SDK input shapes', () => {
	test('RestoreDBInstanceFromDBSnapshot with VpcSecurityGroupIds from a one-element JSONata path: the instance has that group', async () => {
		const {exit, state, runId} = await runBelay('restore-groups', {
			steps: [
				describeSource,
				{
					id: 'restore',
					title: 'Restore the snapshot',
					aws: {
						service: 'rds',
						command: 'RestoreDBInstanceFromDBSnapshot',
						input: {
							DBInstanceIdentifier: 'lpa-restored',
							DBSnapshotIdentifier: 'lpa-snapshot',
							// One group: JSONata gives the bare string 'sg-…', not a list.
							VpcSecurityGroupIds: '${{ steps.source.result.DBInstances[0].VpcSecurityGroups.VpcSecurityGroupId }}',
						},
					},
				},
			],
		});
		expect(exit.code, describeExit(exit)).toBe(0);
		expect(stepOf(await show(cli, state, runId), 'restore').status).toBe('succeeded');
		expect(await instanceGroups('lpa-restored')).toEqual([group]);
	});

	test('a list where a string is expected fails the step before the call, naming the field; nothing is created', async () => {
		const {exit, state, runId} = await runBelay('restore-bad-id', {
			steps: [
				describeSource,
				{
					id: 'restore',
					title: 'Restore the snapshot',
					aws: {
						service: 'rds',
						command: 'RestoreDBInstanceFromDBSnapshot',
						input: {DBInstanceIdentifier: '${{ ["lpa-one", "lpa-two"] }}', DBSnapshotIdentifier: 'lpa-snapshot', Tags: [{Key: 'team', Valeu: 'opg'}]},
					},
				},
			],
		});
		expect(exit.code, describeExit(exit)).toBe(1);
		expect(exit.stderr + exit.stdout).not.toMatch(/^\s+at /m);
		const step = stepOf(await show(cli, state, runId), 'restore');
		expect(step.error?.code).toBe('RequestShape');
		expect(step.error?.message).toContain('DBInstanceIdentifier: expected a string, got a list');
		expect(step.error?.message).toContain("Tags[0].Valeu: no such member (did you mean 'Value'?)");
		expect(exit.stdout + exit.stderr).toContain('DBInstanceIdentifier: expected a string, got a list');
		const {DBInstances = []} = await rds.send(new DescribeDBInstancesCommand({}));
		expect(DBInstances.map(instance => instance.DBInstanceIdentifier)).not.toContain('lpa-one');
	});
});

describe('${{ }} in mapping keys', () => {
	const runbook = (table: string, key = '${{ inputs.table }}'): Record<string, unknown> => ({
		inputs: {table: {default: table}},
		steps: [
			{
				id: 'write',
				title: 'Write two items',
				aws: {
					service: 'dynamodb',
					command: 'BatchWriteItem',
					input: {
						RequestItems: {
							[key]: [{PutRequest: {Item: {id: {S: 'lpa-1'}}}}, {PutRequest: {Item: {id: {S: 'lpa-2'}}}}],
						},
					},
				},
			},
		],
	});

	test('BatchWriteItem with RequestItems keyed by ${{ inputs.table }} writes to that table; validate accepts it', async () => {
		await dynamodb.send(
			new CreateTableCommand({
				TableName: 'lpa-keys',
				AttributeDefinitions: [{AttributeName: 'id', AttributeType: 'S'}],
				KeySchema: [{AttributeName: 'id', KeyType: 'HASH'}],
				BillingMode: 'PAY_PER_REQUEST',
			}),
		);
		const {exit} = await runBelay('templated-key', runbook('lpa-keys'));
		expect(exit.code, describeExit(exit)).toBe(0);
		const {Items = []} = await dynamodb.send(new ScanCommand({TableName: 'lpa-keys'}));
		expect(Items.map(item => item['id']?.S).sort()).toEqual(['lpa-1', 'lpa-2']);

		const dir = scratch('requests-validate');
		dirs.push(dir);
		const validate = await cli.run(['validate', writeRunbook(dir, 'keys.yaml', {version: 1, name: 'keys', title: 'Keys', ...runbook('lpa-keys')})]);
		expect(validate.code, describeExit(validate)).toBe(0);
	});

	test('a key that evaluates to an empty text fails the step with a clear message', async () => {
		const {exit, state, runId} = await runBelay('empty-key', runbook('-lpa', '${{ $substringBefore(inputs.table, "-") }}'));
		expect(exit.code, describeExit(exit)).toBe(1);
		const step = stepOf(await show(cli, state, runId), 'write');
		expect(step.error?.message).toContain(`the key '\${{ $substringBefore(inputs.table, "-") }}' evaluates to an empty text; a key must be a non-empty text`);
	});
});
