/**
 * The world the bundled runbook restore-dynamodb-table expects in its `development` environment,
 * made in one moto account of its own (an account id no other test uses, so a run is isolated from
 * every other test and from earlier runs against the same moto):
 *
 * - the table `development-Lpas` (deletion protection on) with items, and one backup of it;
 * - the KMS key `alias/opg-modernising-lpa_dynamodb_encryption`;
 * - the OpenSearch ingestion pipeline `lpas-development-stream`, ACTIVE (or STOPPED, as asked);
 * - an AWS Backup stand-in (source/sandbox/backup-stand-in.ts) whose recovery point is that backup,
 *   and the backup plan `development-main-backup-plan` (moto's);
 * - the terraform stand-in project (source/sandbox/restore-terraform-project.ts) in
 *   `terraform/environment` under `dir`, applied in
 *   the workspace `development`, as an environment is before a restore (its provisioners, which
 *   turn point-in-time recovery and the stream on and point the selection `lpas-table` of the backup
 *   plan at the table, run when the runbook applies it).
 */
import {writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {CreateBackupCommand, CreateTableCommand, DynamoDBClient, PutItemCommand, type AttributeValue} from '@aws-sdk/client-dynamodb';
import {CreateAliasCommand, CreateKeyCommand, KMSClient} from '@aws-sdk/client-kms';
import {BackupClient, CreateBackupPlanCommand} from '@aws-sdk/client-backup';
import {CreatePipelineCommand, GetPipelineCommand, OSISClient, StopPipelineCommand} from '@aws-sdk/client-osis';
import {assumeRole, motoClientConfig, motoEnv, motoRegion, type Keys} from '../helpers/moto.js';
import {startBackupStandIn, type BackupStandIn} from '../../source/sandbox/backup-stand-in.js';
import {applyRestoreTerraformProject} from '../../source/sandbox/restore-terraform-project.js';

export const kmsAlias = 'alias/opg-modernising-lpa_dynamodb_encryption';
export const oldTable = 'development-Lpas';
export const pipelineName = 'lpas-development-stream';
export const backupPlanName = 'development-main-backup-plan';

export const lpaItems: Record<string, AttributeValue>[] = [
	{id: {S: 'lpa-1'}, donor: {S: 'Ada'}},
	{id: {S: 'lpa-2'}, donor: {S: 'Grace'}},
];

export type RestoreEnvironment = {
	readonly account: string;
	/** Keys of the operator's role in that account (moto's STS). */
	readonly keys: Keys;
	readonly recoveryPointArn: string;
	readonly kmsKeyArn: string;
	readonly backup: BackupStandIn;
	readonly dynamodb: DynamoDBClient;
	readonly osis: OSISClient;
	/** Where belay runs: the terraform project is in terraform/environment under it. */
	readonly dir: string;
	readonly terraformDir: string;
	/** The environment a run needs: moto and the Backup stand-in, as the world's operator. */
	readonly awsEnv: Readonly<Record<string, string>>;
	/** The environment terraform runs with (no checkpoint calls, no operator configuration). */
	readonly terraformEnv: Readonly<Record<string, string>>;
	close(): Promise<void>;
};

/** 12 digits no other test's account has. */
function uniqueAccount(): string {
	return `5${String(Math.floor(Math.random() * 1e11)).padStart(11, '0')}`;
}

export type RestoreEnvironmentOptions = {
	/** The pipeline is stopped before the run (as by an operator who stopped it in the console). */
	readonly pipelineStopped?: boolean;
};

export async function makeRestoreEnvironment(url: string, dir: string, options: RestoreEnvironmentOptions = {}): Promise<RestoreEnvironment> {
	const account = uniqueAccount();
	const keys = await assumeRole(url, `arn:aws:iam::${account}:role/operator`, 'alice');
	const config = motoClientConfig(url, keys);
	const dynamodb = new DynamoDBClient(config);
	const kms = new KMSClient(config);
	const osis = new OSISClient(config);

	await dynamodb.send(
		new CreateTableCommand({
			TableName: oldTable,
			AttributeDefinitions: [{AttributeName: 'id', AttributeType: 'S'}],
			KeySchema: [{AttributeName: 'id', KeyType: 'HASH'}],
			BillingMode: 'PAY_PER_REQUEST',
			DeletionProtectionEnabled: true,
		}),
	);
	for (const Item of lpaItems) await dynamodb.send(new PutItemCommand({TableName: oldTable, Item}));
	const {BackupDetails} = await dynamodb.send(new CreateBackupCommand({TableName: oldTable, BackupName: 'nightly'}));
	// Written after the backup: not in the restored table.
	await dynamodb.send(new PutItemCommand({TableName: oldTable, Item: {id: {S: 'lpa-after-backup'}, donor: {S: 'Eve'}}}));

	const {KeyMetadata} = await kms.send(new CreateKeyCommand({Description: 'DynamoDB encryption'}));
	await kms.send(new CreateAliasCommand({AliasName: kmsAlias, TargetKeyId: KeyMetadata?.KeyId}));
	kms.destroy();

	await osis.send(
		new CreatePipelineCommand({
			PipelineName: pipelineName,
			MinUnits: 1,
			MaxUnits: 2,
			PipelineConfigurationBody: `version: "2"\nlpas-stream:\n  source:\n    http:\n      path: "/lpas"\n  sink:\n    - s3:\n        bucket: lpas-stream\n`,
		}),
	);

	if (options.pipelineStopped) {
		await osis.send(new GetPipelineCommand({PipelineName: pipelineName}));
		await osis.send(new StopPipelineCommand({PipelineName: pipelineName}));
	}

	const backup = await startBackupStandIn({motoUrl: url, credentials: keys, region: motoRegion});
	const backupClient = new BackupClient({...config, endpoint: backup.url});
	await backupClient.send(new CreateBackupPlanCommand({BackupPlan: {BackupPlanName: backupPlanName, Rules: [{RuleName: 'daily', TargetBackupVaultName: 'eu-west-1-development-backup-vault'}]}}));
	backupClient.destroy();
	const awsEnv = {...motoEnv(url, keys), AWS_ENDPOINT_URL_BACKUP: backup.url};

	const terraformDir = join(dir, 'terraform', 'environment');
	const cliConfig = join(dir, 'terraformrc');
	writeFileSync(cliConfig, '');
	const terraformEnv = {CHECKPOINT_DISABLE: '1', TF_IN_AUTOMATION: '1', TF_CLI_CONFIG_FILE: cliConfig, TF_VAR_default_role: 'operator'};
	await applyRestoreTerraformProject(terraformDir, 'development', terraformEnv);

	return {
		account,
		keys,
		recoveryPointArn: BackupDetails?.BackupArn ?? '',
		kmsKeyArn: KeyMetadata?.Arn ?? '',
		backup,
		dynamodb,
		osis,
		dir,
		terraformDir,
		awsEnv,
		terraformEnv,
		async close() {
			dynamodb.destroy();
			osis.destroy();
			await backup.close();
		},
	};
}
