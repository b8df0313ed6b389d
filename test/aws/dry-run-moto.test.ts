import {rmSync} from 'node:fs';
import {join} from 'node:path';
import {CreateTableCommand, DynamoDBClient, ListBackupsCommand} from '@aws-sdk/client-dynamodb';
import {afterAll, beforeAll, describe, expect, test} from 'vitest';
import {buildPrivateCli, describeExit, scratch, show, stepOf, writeRunbook, type Cli} from './cli.js';
import {fakeAwsEnv, startMoto, type Moto} from './moto-local.js';

/**
 * Dry runs that finish, against moto: a request built from a step the dry run only showed is shown
 * as unresolvable, never sent with its field dropped; a wait after a shown step is shown, not polled.
 */

let moto: Moto;
let cli: Cli;
let dynamodb: DynamoDBClient;
const dirs: string[] = [];

beforeAll(async () => {
	[moto, cli] = await Promise.all([startMoto(), buildPrivateCli()]);
	dynamodb = new DynamoDBClient({region: 'us-east-1', endpoint: moto.endpoint, credentials: {accessKeyId: 'test', secretAccessKey: 'test'}});
	await dynamodb.send(
		new CreateTableCommand({
			TableName: 'Lpas',
			AttributeDefinitions: [{AttributeName: 'id', AttributeType: 'S'}],
			KeySchema: [{AttributeName: 'id', KeyType: 'HASH'}],
			BillingMode: 'PAY_PER_REQUEST',
		}),
	);
}, 120_000);

afterAll(async () => {
	dynamodb?.destroy();
	cli?.dispose();
	await moto?.stop();
	for (const dir of dirs) rmSync(dir, {recursive: true, force: true});
});

describe('a dry run against moto', () => {
	test('shows what depends on shown steps instead of sending it half-built or polling for ever', async () => {
		const dir = scratch('dry-run');
		dirs.push(dir);
		const path = writeRunbook(dir, 'dry.yaml', {
			version: 1,
			name: 'dry',
			title: 'Dry',
			steps: [
				{id: 'table', title: 'Read the table', aws: {service: 'dynamodb', command: 'DescribeTable', input: {TableName: 'Lpas'}}},
				{id: 'backup', title: 'Back it up', aws: {service: 'dynamodb', command: 'CreateBackup', input: {TableName: 'Lpas', BackupName: 'before'}}},
				{
					id: 'read-backup',
					title: 'Read the backup',
					aws: {service: 'dynamodb', command: 'DescribeBackup', input: {BackupArn: '${{ steps.backup.result.BackupDetails.BackupArn }}'}},
				},
				{
					id: 'gone',
					title: 'Wait until the table is being deleted',
					wait: {aws: {service: 'dynamodb', command: 'DescribeTable', input: {TableName: 'Lpas'}}, until: "result.Table.TableStatus = 'DELETING'", interval: '1s', timeout: '30m'},
				},
			],
		});
		const state = join(dir, 'state');
		const began = Date.now();
		const exit = await cli.run(['run', path, '--non-interactive', '--dry-run', '--state-dir', state, '--run-id', 'dry1'], {
			env: {...fakeAwsEnv, AWS_ENDPOINT_URL: moto.endpoint},
		});
		expect(exit.code, describeExit(exit)).toBe(0);
		// The wait's timeout is 30 minutes: it was not polled.
		expect(Date.now() - began).toBeLessThan(60_000);
		const document = await show(cli, state, 'dry1');
		expect(stepOf(document, 'table').status).toBe('succeeded');
		expect(stepOf(document, 'backup')).toMatchObject({status: 'skipped', skipReason: 'dry-run'});
		expect(stepOf(document, 'read-backup')).toMatchObject({status: 'skipped', skipReason: 'dry-run'});
		expect(exit.stdout).toContain('read-backup: dry run, not performed');
		expect(exit.stdout).toContain('steps.backup');
		expect(stepOf(document, 'gone')).toMatchObject({status: 'skipped', skipReason: 'dry-run'});
		// Nothing was backed up.
		expect((await dynamodb.send(new ListBackupsCommand({TableName: 'Lpas'}))).BackupSummaries ?? []).toEqual([]);
	});
});
