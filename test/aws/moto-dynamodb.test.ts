import {DynamoDBClient, ListBackupsCommand, ScanCommand, type AttributeValue} from '@aws-sdk/client-dynamodb';
import {afterAll, beforeAll, describe, expect, test} from 'vitest';
import {motoClientConfig, motoUrl, uniqueName} from '../helpers/moto.js';
import {buildPrivateCli, describeExit, show, stepOf, type Cli} from './cli.js';
import {MotoRunner} from './moto-run.js';

/**
 * DynamoDB through belay against moto: the CLI creates a table, writes it (one item, then a
 * transaction), backs it up and restores the backup into a new table, and restores to a point in
 * time; the test reads what moto then holds.
 */

let cli: Cli;
let runner: MotoRunner;
let dynamodb: DynamoDBClient;

beforeAll(async () => {
	const url = await motoUrl();
	cli = await buildPrivateCli();
	runner = new MotoRunner(cli, url, 'moto-dynamodb');
	dynamodb = new DynamoDBClient(motoClientConfig(url));
});

afterAll(() => {
	dynamodb?.destroy();
	runner?.dispose();
	cli?.dispose();
});

const keySchema = {
	AttributeDefinitions: [{AttributeName: 'id', AttributeType: 'S'}],
	KeySchema: [{AttributeName: 'id', KeyType: 'HASH'}],
	BillingMode: 'PAY_PER_REQUEST',
};

const item = (id: string, revision: number): Record<string, AttributeValue> => ({id: {S: id}, revision: {N: String(revision)}});

/** Every item of a table as moto holds it, sorted by id. */
async function itemsOf(table: string): Promise<Record<string, AttributeValue>[]> {
	const {Items = []} = await dynamodb.send(new ScanCommand({TableName: table, ConsistentRead: true}));
	return Items.sort((a, b) => String(a['id']?.S).localeCompare(String(b['id']?.S)));
}

/** A wait for a table to be ACTIVE, as the bundled runbook writes it. */
const tableActive = (id: string, table: string): Record<string, unknown> => ({
	id,
	title: `Wait for ${table} to be ACTIVE`,
	wait: {
		aws: {service: 'dynamodb', command: 'DescribeTable', input: {TableName: table}},
		until: "result.Table.TableStatus = 'ACTIVE'",
		failWhen: "result.Table.TableStatus in ['DELETING', 'ARCHIVED']",
		interval: '1s',
		timeout: '30s',
		message: '${{ result.Table.TableName & " is " & result.Table.TableStatus }}',
	},
	outputs: {itemCount: 'result.Table.ItemCount'},
});

describe('DynamoDB on moto, through the CLI', () => {
	test('create, wait for ACTIVE, put, transaction, paginated scan, backup, restore into a new table: the new table holds the items', async () => {
		const table = uniqueName('lpas');
		const restored = `${table}-restored`;

		const {exit, state, runId} = await runner.run([
			{id: 'create', title: `Create ${table}`, aws: {service: 'dynamodb', command: 'CreateTable', input: {TableName: table, ...keySchema}}},
			tableActive('active', table),
			{id: 'put', title: 'Put one item', aws: {service: 'dynamodb', command: 'PutItem', input: {TableName: table, Item: item('lpa-1', 1)}}},
			{
				id: 'transact',
				title: 'Two new items and a revision, all or nothing',
				aws: {
					service: 'dynamodb',
					command: 'TransactWriteItems',
					input: {
						TransactItems: [
							{Put: {TableName: table, Item: item('lpa-2', 1), ConditionExpression: 'attribute_not_exists(id)'}},
							{Put: {TableName: table, Item: item('lpa-3', 1), ConditionExpression: 'attribute_not_exists(id)'}},
							{
								Update: {
									TableName: table,
									Key: {id: {S: 'lpa-1'}},
									UpdateExpression: 'SET revision = :two',
									ExpressionAttributeValues: {':two': {N: '2'}},
								},
							},
						],
					},
				},
			},
			{
				id: 'scan',
				title: 'Scan one item a page',
				aws: {service: 'dynamodb', command: 'Scan', input: {TableName: table, Limit: 1}, paginate: true},
				outputs: {ids: '$sort(result.Items.id.S)'},
			},
			{
				id: 'backup',
				title: `Back up ${table}`,
				aws: {service: 'dynamodb', command: 'CreateBackup', input: {TableName: table, BackupName: 'before-the-restore'}},
				outputs: {arn: 'result.BackupDetails.BackupArn'},
			},
			{
				id: 'backup-available',
				title: 'Wait for the backup',
				wait: {
					aws: {service: 'dynamodb', command: 'DescribeBackup', input: {BackupArn: '${{ steps.backup.outputs.arn }}'}},
					until: "result.BackupDescription.BackupDetails.BackupStatus = 'AVAILABLE'",
					failWhen: "result.BackupDescription.BackupDetails.BackupStatus = 'DELETED'",
					interval: '1s',
					timeout: '30s',
				},
			},
			{
				id: 'restore',
				title: `Restore the backup into ${restored}`,
				aws: {service: 'dynamodb', command: 'RestoreTableFromBackup', input: {TargetTableName: restored, BackupArn: '${{ steps.backup.outputs.arn }}'}},
				outputs: {arn: 'result.TableDescription.TableArn'},
			},
			tableActive('restored-active', restored),
		]);

		expect(exit.code, describeExit(exit)).toBe(0);
		expect(exit.stdout).toMatch(new RegExp(`… active: poll 1 ${table} is ACTIVE\n`));
		const document = await show(cli, state, runId);
		expect(document.steps.map(step => [step.id, step.status])).toEqual([
			['create', 'succeeded'],
			['active', 'succeeded'],
			['put', 'succeeded'],
			['transact', 'succeeded'],
			['scan', 'succeeded'],
			['backup', 'succeeded'],
			['backup-available', 'succeeded'],
			['restore', 'succeeded'],
			['restored-active', 'succeeded'],
		]);
		expect(stepOf(document, 'scan').outputs).toEqual({ids: ['lpa-1', 'lpa-2', 'lpa-3']});
		expect(stepOf(document, 'restored-active').outputs).toEqual({itemCount: 3});

		// What moto holds: the one backup the run took, and the restored table with every item.
		const {BackupSummaries = []} = await dynamodb.send(new ListBackupsCommand({TableName: table}));
		expect(BackupSummaries.map(summary => [summary.BackupArn, summary.BackupName])).toEqual([[stepOf(document, 'backup').outputs['arn'], 'before-the-restore']]);
		expect(stepOf(document, 'restore').outputs['arn']).toMatch(new RegExp(`^arn:aws:dynamodb:eu-west-1:123456789012:table/${restored}$`));
		const expected = [item('lpa-1', 2), item('lpa-2', 1), item('lpa-3', 1)];
		expect(await itemsOf(table)).toEqual(expected);
		expect(await itemsOf(restored)).toEqual(expected);
	});

	test('point-in-time recovery: turn it on, wait for ENABLED, restore to the latest time; a transaction whose condition fails names the reason', async () => {
		const table = uniqueName('lpas');
		const restored = `${table}-pitr`;

		const {exit, state, runId} = await runner.run([
			{id: 'create', title: `Create ${table}`, aws: {service: 'dynamodb', command: 'CreateTable', input: {TableName: table, ...keySchema}}},
			{id: 'put', title: 'Put one item', aws: {service: 'dynamodb', command: 'PutItem', input: {TableName: table, Item: item('lpa-1', 1)}}},
			{
				id: 'pitr-on',
				title: 'Turn on point-in-time recovery',
				aws: {
					service: 'dynamodb',
					command: 'UpdateContinuousBackups',
					input: {TableName: table, PointInTimeRecoverySpecification: {PointInTimeRecoveryEnabled: true}},
				},
			},
			{
				id: 'pitr-enabled',
				title: 'Wait for point-in-time recovery',
				wait: {
					aws: {service: 'dynamodb', command: 'DescribeContinuousBackups', input: {TableName: table}},
					until: "result.ContinuousBackupsDescription.PointInTimeRecoveryDescription.PointInTimeRecoveryStatus = 'ENABLED'",
					interval: '1s',
					timeout: '30s',
				},
				outputs: {latest: 'result.ContinuousBackupsDescription.PointInTimeRecoveryDescription.LatestRestorableDateTime'},
			},
			{
				id: 'restore',
				title: `Restore ${table} as it is now into ${restored}`,
				aws: {
					service: 'dynamodb',
					command: 'RestoreTableToPointInTime',
					input: {SourceTableName: table, TargetTableName: restored, UseLatestRestorableTime: true},
				},
			},
			tableActive('restored-active', restored),
			{
				id: 'transact-again',
				title: 'Put lpa-1 again, only if it is not there',
				aws: {
					service: 'dynamodb',
					command: 'TransactWriteItems',
					input: {TransactItems: [{Put: {TableName: restored, Item: item('lpa-1', 9), ConditionExpression: 'attribute_not_exists(id)'}}]},
				},
			},
		]);

		expect(exit.code, describeExit(exit)).toBe(1);
		const document = await show(cli, state, runId);
		expect(stepOf(document, 'pitr-enabled').outputs['latest']).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/);
		expect(stepOf(document, 'restored-active')).toMatchObject({status: 'succeeded', outputs: {itemCount: 1}});
		const failed = stepOf(document, 'transact-again');
		expect(failed.status).toBe('failed');
		expect(failed.error?.code).toBe('TransactionCanceledException');
		expect(failed.error?.message).toMatch(/^dynamodb TransactWriteItems failed: TransactionCanceledException: .*ConditionalCheckFailed/);
		expect(exit.stderr).toContain(`belay resume ${runId}`);
		// The restored table is as the source was; the failed transaction wrote nothing.
		expect(await itemsOf(restored)).toEqual([item('lpa-1', 1)]);
	});
});
