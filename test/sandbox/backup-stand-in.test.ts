import {
	BackupClient,
	CreateBackupPlanCommand,
	CreateBackupSelectionCommand,
	DeleteBackupSelectionCommand,
	GetBackupSelectionCommand,
	ListBackupPlansCommand,
	ListBackupSelectionsCommand,
	DescribeRestoreJobCommand,
	GetRecoveryPointRestoreMetadataCommand,
	ListRecoveryPointsByResourceCommand,
	StartRestoreJobCommand,
	paginateListRecoveryPointsByBackupVault,
	type RecoveryPointByBackupVault,
} from '@aws-sdk/client-backup';
import {CreateBackupCommand, CreateTableCommand, DynamoDBClient, PutItemCommand, ScanCommand} from '@aws-sdk/client-dynamodb';
import {afterAll, beforeAll, describe, expect, test} from 'vitest';
import {motoAccount, motoClientConfig, motoKeys, motoRegion, motoUrl, uniqueName} from '../helpers/moto.js';
import {startBackupStandIn, type BackupStandIn} from '../../source/sandbox/backup-stand-in.js';

/**
 * The AWS Backup stand-in, spoken to by the AWS SDK's own Backup client: what it answers is what the
 * SDK parses (the REST-JSON routes, query names, epoch-second timestamps, error types), and its
 * restore jobs restore moto's DynamoDB backups.
 */

let standIn: BackupStandIn;
let backup: BackupClient;
let dynamodb: DynamoDBClient;
let table = '';
let tableArn = '';
const backupArns: string[] = [];

beforeAll(async () => {
	const url = await motoUrl();
	standIn = await startBackupStandIn({motoUrl: url, credentials: motoKeys, region: motoRegion});
	backup = new BackupClient({...motoClientConfig(url), endpoint: standIn.url});
	dynamodb = new DynamoDBClient(motoClientConfig(url));
	table = uniqueName('lpas');
	const {TableDescription} = await dynamodb.send(
		new CreateTableCommand({
			TableName: table,
			AttributeDefinitions: [{AttributeName: 'id', AttributeType: 'S'}],
			KeySchema: [{AttributeName: 'id', KeyType: 'HASH'}],
			BillingMode: 'PAY_PER_REQUEST',
		}),
	);
	tableArn = TableDescription?.TableArn ?? '';
	await dynamodb.send(new PutItemCommand({TableName: table, Item: {id: {S: 'lpa-1'}}}));
	for (const name of ['first', 'second', 'third']) {
		const {BackupDetails} = await dynamodb.send(new CreateBackupCommand({TableName: table, BackupName: name}));
		backupArns.push(BackupDetails?.BackupArn ?? '');
	}
});

afterAll(async () => {
	backup?.destroy();
	dynamodb?.destroy();
	await standIn?.close();
});

describe('the AWS Backup stand-in', () => {
	test('lists a table\'s backups as COMPLETED recovery points, page by page, by vault or by resource', async () => {
		const points: RecoveryPointByBackupVault[] = [];
		for await (const page of paginateListRecoveryPointsByBackupVault({client: backup, pageSize: 2}, {BackupVaultName: 'nightly', ByResourceArn: tableArn})) {
			points.push(...(page.RecoveryPoints ?? []));
		}

		expect(points.map(point => point.RecoveryPointArn).sort()).toEqual([...backupArns].sort());
		expect(points[0]).toMatchObject({
			BackupVaultName: 'nightly',
			BackupVaultArn: `arn:aws:backup:${motoRegion}:${motoAccount}:backup-vault:nightly`,
			ResourceArn: tableArn,
			ResourceType: 'DynamoDB',
			Status: 'COMPLETED',
		});
		expect(points[0]?.CreationDate).toBeInstanceOf(Date);
		expect(Math.abs(Date.now() - (points[0]?.CreationDate?.getTime() ?? 0))).toBeLessThan(10 * 60_000);
		expect(standIn.requests.filter(request => request.path.startsWith('/backup-vaults/nightly/recovery-points')).map(request => new URL(request.path, 'http://x').searchParams.get('nextToken'))).toEqual([null, '2']);

		const byResource = await backup.send(new ListRecoveryPointsByResourceCommand({ResourceArn: tableArn}));
		expect(byResource.RecoveryPoints?.map(point => point.RecoveryPointArn).sort()).toEqual([...backupArns].sort());
	});

	test('restore metadata names the original table', async () => {
		const metadata = await backup.send(new GetRecoveryPointRestoreMetadataCommand({BackupVaultName: 'nightly', RecoveryPointArn: backupArns[0]}));

		expect(metadata).toMatchObject({RecoveryPointArn: backupArns[0], ResourceType: 'DynamoDB', RestoreMetadata: {originalTableName: table, encryptionType: 'Default'}});
	});

	test('StartRestoreJob restores into a new table, once per idempotency token; a second restore into the same table is a FAILED job saying why', async () => {
		const target = `${table}-restored`;
		const start = {RecoveryPointArn: backupArns[1], IamRoleArn: `arn:aws:iam::${motoAccount}:role/backup`, ResourceType: 'DynamoDB', Metadata: {TargetTableName: target}};

		const first = await backup.send(new StartRestoreJobCommand({...start, IdempotencyToken: 'token-1'}));
		const again = await backup.send(new StartRestoreJobCommand({...start, IdempotencyToken: 'token-1'}));
		const other = await backup.send(new StartRestoreJobCommand({...start, IdempotencyToken: 'token-2'}));

		expect(again.RestoreJobId).toBe(first.RestoreJobId);
		const done = await backup.send(new DescribeRestoreJobCommand({RestoreJobId: first.RestoreJobId}));
		expect(done).toMatchObject({Status: 'COMPLETED', PercentDone: '100.00%', CreatedResourceArn: `arn:aws:dynamodb:${motoRegion}:${motoAccount}:table/${target}`});
		expect(done.CompletionDate).toBeInstanceOf(Date);
		expect((await dynamodb.send(new ScanCommand({TableName: target}))).Items).toEqual([{id: {S: 'lpa-1'}}]);
		const failed = await backup.send(new DescribeRestoreJobCommand({RestoreJobId: other.RestoreJobId}));
		expect(failed).toMatchObject({Status: 'FAILED', StatusMessage: `TableAlreadyExistsException: Table already exists: ${target}`});
		await expect(backup.send(new DescribeRestoreJobCommand({RestoreJobId: 'no-such-job'}))).rejects.toMatchObject({name: 'ResourceNotFoundException', message: 'no restore job no-such-job'});
	});

	test('backup plans are moto\'s (forwarded); their selections are kept by the stand-in, once per CreatorRequestId', async () => {
		const planName = uniqueName('plan');
		const {BackupPlanId = ''} = await backup.send(
			new CreateBackupPlanCommand({BackupPlan: {BackupPlanName: planName, Rules: [{RuleName: 'daily', TargetBackupVaultName: 'nightly'}]}}),
		);
		const plans = await backup.send(new ListBackupPlansCommand({}));
		expect(plans.BackupPlansList?.find(plan => plan.BackupPlanName === planName)?.BackupPlanId).toBe(BackupPlanId);

		const selection = {SelectionName: 'tables', IamRoleArn: `arn:aws:iam::${motoAccount}:role/backup`, Resources: [tableArn]};
		const created = await backup.send(new CreateBackupSelectionCommand({BackupPlanId, BackupSelection: selection, CreatorRequestId: 'once'}));
		const again = await backup.send(new CreateBackupSelectionCommand({BackupPlanId, BackupSelection: selection, CreatorRequestId: 'once'}));
		expect(again.SelectionId).toBe(created.SelectionId);
		const listed = await backup.send(new ListBackupSelectionsCommand({BackupPlanId}));
		expect(listed.BackupSelectionsList?.map(member => [member.SelectionName, member.SelectionId])).toEqual([['tables', created.SelectionId]]);
		const read = await backup.send(new GetBackupSelectionCommand({BackupPlanId, SelectionId: created.SelectionId}));
		expect(read.BackupSelection).toEqual(selection);
		expect(read.CreationDate).toBeInstanceOf(Date);

		await backup.send(new DeleteBackupSelectionCommand({BackupPlanId, SelectionId: created.SelectionId}));
		await expect(backup.send(new GetBackupSelectionCommand({BackupPlanId, SelectionId: created.SelectionId}))).rejects.toMatchObject({name: 'ResourceNotFoundException'});
	});
});
