/**
 * Fills the sandbox's moto with what the bundled runbook restore-dynamodb-table needs in its
 * `sandbox` environment, so an operator can rehearse it end to end:
 *
 * - the table `sandbox-Lpas` (point-in-time recovery and its stream on, deletion protection on) with
 *   sample items, one backup of it (the recovery point AWS Backup lists), and one item written after
 *   the backup (a rehearsal shows it is not in the restored table);
 * - the KMS key `alias/opg-modernising-lpa_dynamodb_encryption`;
 * - the OpenSearch ingestion pipeline `lpas-sandbox-stream`, running;
 * - the backup plan `sandbox-main-backup-plan`, whose selection `lpas-table` protects the table;
 * - when asked (`terraformDir`), the terraform stand-in project there, applied in the workspace
 *   `sandbox` (restore-terraform-project.ts): run the runbook with `--input terraformDir=DIR` and
 *   the addresses in `restoreProjectInputs`.
 *
 * Seeding twice is harmless: what is already there is left as it is.
 */
import {BackupClient, CreateBackupPlanCommand, CreateBackupSelectionCommand, ListBackupPlansCommand} from '@aws-sdk/client-backup';
import {
	CreateBackupCommand,
	CreateTableCommand,
	DescribeTableCommand,
	DynamoDBClient,
	ListBackupsCommand,
	PutItemCommand,
	UpdateContinuousBackupsCommand,
	type AttributeValue,
} from '@aws-sdk/client-dynamodb';
import {CreateAliasCommand, CreateKeyCommand, DescribeKeyCommand, KMSClient} from '@aws-sdk/client-kms';
import {CreatePipelineCommand, ListPipelinesCommand, OSISClient} from '@aws-sdk/client-osis';
import {awsCatalog} from '../aws/catalog.js';
import {endpointVariables} from '../aws/endpoints.js';
import {addEpochTimestamps} from '../aws/legacy-timestamps.js';
import {onPath} from './moto-server.js';
import type {MotoService} from './moto-service.js';
import {applyRestoreTerraformProject} from './restore-terraform-project.js';

export const restoreSandbox = {
	environment: 'sandbox',
	table: 'sandbox-Lpas',
	kmsAlias: 'alias/opg-modernising-lpa_dynamodb_encryption',
	pipelineName: 'lpas-sandbox-stream',
	backupPlanName: 'sandbox-main-backup-plan',
	backupSelectionName: 'lpas-table',
	backupVault: 'eu-west-1-sandbox-backup-vault',
} as const;

export const sampleLpas: Record<string, AttributeValue>[] = [
	{id: {S: 'lpa-1'}, donor: {S: 'Ada Lovelace'}, status: {S: 'registered'}},
	{id: {S: 'lpa-2'}, donor: {S: 'Grace Hopper'}, status: {S: 'in-progress'}},
	{id: {S: 'lpa-3'}, donor: {S: 'Katherine Johnson'}, status: {S: 'registered'}},
];

export type RestoreSeed = {
	readonly tableArn: string;
	readonly recoveryPointArn: string;
	readonly kmsKeyArn: string;
	readonly pipelineName: string;
	readonly backupPlanId: string;
	/** The terraform project: applied in `dir`, or why not (terraform is not installed). */
	readonly terraform?: {readonly dir: string} | {readonly missing: string};
};

export type RestoreSeedOptions = {
	/** Where to write and apply the terraform stand-in project (a directory that does not hold one yet). */
	readonly terraformDir?: string;
};

/** The environment a process needs to act in the sandbox as its operator (endpoints, keys, region). */
export function sandboxProcessEnv(service: MotoService): Record<string, string> {
	return {
		...endpointVariables(service.endpoints),
		AWS_REGION: service.region,
		AWS_ACCESS_KEY_ID: service.credentials.accessKeyId,
		AWS_SECRET_ACCESS_KEY: service.credentials.secretAccessKey,
		...(service.credentials.sessionToken ? {AWS_SESSION_TOKEN: service.credentials.sessionToken} : {}),
	};
}

const named = (name: string) => (error: unknown): boolean => (error as Error).name === name;

async function seedTable(dynamodb: DynamoDBClient): Promise<{tableArn: string; recoveryPointArn: string}> {
	const table = restoreSandbox.table;
	const existing = await dynamodb.send(new DescribeTableCommand({TableName: table})).catch(error => {
		if (named('ResourceNotFoundException')(error)) return undefined;
		throw error;
	});
	if (!existing) {
		await dynamodb.send(
			new CreateTableCommand({
				TableName: table,
				AttributeDefinitions: [{AttributeName: 'id', AttributeType: 'S'}],
				KeySchema: [{AttributeName: 'id', KeyType: 'HASH'}],
				BillingMode: 'PAY_PER_REQUEST',
				DeletionProtectionEnabled: true,
				StreamSpecification: {StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES'},
			}),
		);
		await dynamodb.send(new UpdateContinuousBackupsCommand({TableName: table, PointInTimeRecoverySpecification: {PointInTimeRecoveryEnabled: true}}));
		for (const Item of sampleLpas) await dynamodb.send(new PutItemCommand({TableName: table, Item}));
		await dynamodb.send(new CreateBackupCommand({TableName: table, BackupName: 'nightly'}));
		await dynamodb.send(new PutItemCommand({TableName: table, Item: {id: {S: 'lpa-after-backup'}, donor: {S: 'Written after the backup'}}}));
	}
	const {Table} = await dynamodb.send(new DescribeTableCommand({TableName: table}));
	const {BackupSummaries = []} = await dynamodb.send(new ListBackupsCommand({TableName: table}));
	return {tableArn: Table?.TableArn ?? '', recoveryPointArn: BackupSummaries[0]?.BackupArn ?? ''};
}

async function seedKey(kms: KMSClient): Promise<string> {
	const found = await kms.send(new DescribeKeyCommand({KeyId: restoreSandbox.kmsAlias})).catch(error => {
		if (named('NotFoundException')(error)) return undefined;
		throw error;
	});
	if (found?.KeyMetadata?.Arn) return found.KeyMetadata.Arn;
	const {KeyMetadata} = await kms.send(new CreateKeyCommand({Description: 'DynamoDB encryption (belay sandbox)'}));
	await kms.send(new CreateAliasCommand({AliasName: restoreSandbox.kmsAlias, TargetKeyId: KeyMetadata?.KeyId}));
	return KeyMetadata?.Arn ?? '';
}

async function seedPipeline(osis: OSISClient): Promise<void> {
	const {Pipelines = []} = await osis.send(new ListPipelinesCommand({}));
	if (Pipelines.some(pipeline => pipeline.PipelineName === restoreSandbox.pipelineName)) return;
	await osis.send(
		new CreatePipelineCommand({
			PipelineName: restoreSandbox.pipelineName,
			MinUnits: 1,
			MaxUnits: 2,
			PipelineConfigurationBody: `version: "2"\nlpas-stream:\n  source:\n    http:\n      path: "/lpas"\n  sink:\n    - s3:\n        bucket: lpas-stream\n`,
		}),
	);
}

async function seedBackupPlan(backup: BackupClient, tableArn: string, account: string): Promise<string> {
	const {BackupPlansList = []} = await backup.send(new ListBackupPlansCommand({}));
	const existing = BackupPlansList.find(plan => plan.BackupPlanName === restoreSandbox.backupPlanName)?.BackupPlanId;
	if (existing) return existing;
	const {BackupPlanId = ''} = await backup.send(
		new CreateBackupPlanCommand({
			BackupPlan: {BackupPlanName: restoreSandbox.backupPlanName, Rules: [{RuleName: 'DailyBackups', TargetBackupVaultName: restoreSandbox.backupVault}]},
		}),
	);
	await backup.send(
		new CreateBackupSelectionCommand({
			BackupPlanId,
			BackupSelection: {SelectionName: restoreSandbox.backupSelectionName, IamRoleArn: `arn:aws:iam::${account}:role/aws-backup-role`, Resources: [tableArn]},
		}),
	);
	return BackupPlanId;
}

/** Seeds the restore rehearsal into a started moto service; returns what an answers file needs. */
export async function seedRestoreDynamoDb(service: MotoService, options: RestoreSeedOptions = {}): Promise<RestoreSeed> {
	const config = {region: service.region, credentials: service.credentials};
	const dynamodb = new DynamoDBClient({...config, endpoint: service.endpoints['dynamodb']});
	const kms = new KMSClient({...config, endpoint: service.endpoints['kms']});
	const osis = new OSISClient({...config, endpoint: service.endpoints['osis']});
	// The pinned client reads time stamps as numbers, and moto sends ISO text (with a warning and a stack on the screen).
	addEpochTimestamps(osis as unknown as Parameters<typeof addEpochTimestamps>[0], awsCatalog['osis']?.timestamps ?? []);
	const backup = new BackupClient({...config, endpoint: service.endpoints['backup']});
	try {
		const {tableArn, recoveryPointArn} = await seedTable(dynamodb);
		const kmsKeyArn = await seedKey(kms);
		await seedPipeline(osis);
		const backupPlanId = await seedBackupPlan(backup, tableArn, tableArn.split(':')[4] ?? '');
		const seeded = {tableArn, recoveryPointArn, kmsKeyArn, pipelineName: restoreSandbox.pipelineName, backupPlanId};
		if (options.terraformDir === undefined) return seeded;
		if (!onPath('terraform')) return {...seeded, terraform: {missing: 'terraform is not installed (not on PATH): the runbook\'s terraform steps cannot be rehearsed'}};
		await applyRestoreTerraformProject(options.terraformDir, restoreSandbox.environment, {TF_VAR_default_role: 'operator'});
		return {...seeded, terraform: {dir: options.terraformDir}};
	} finally {
		for (const client of [dynamodb, kms, osis, backup]) client.destroy();
	}
}
