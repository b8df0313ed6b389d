import {existsSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {DescribeTableCommand, ScanCommand, type AttributeValue} from '@aws-sdk/client-dynamodb';
import {GetPipelineCommand, StartPipelineCommand, StopPipelineCommand} from '@aws-sdk/client-osis';
import {logger} from '@aws-sdk/smithy-client';
import {afterAll, beforeAll, describe, expect, test} from 'vitest';
import {parseDocument, stringify} from 'yaml';
import {idempotencyToken} from '../../source/aws/runtime.js';
import {motoEnv, motoUrl, uniqueName} from '../helpers/moto.js';
import {lpaItems, makeRestoreEnvironment, oldTable, pipelineName, type RestoreEnvironment} from '../standins/restore-environment.js';
import {buildPrivateCli, describeExit, root, scratch, show, stepOf, type Cli, type Exit} from './cli.js';

/**
 * The bundled runbook restore-dynamodb-table, run by the CLI against moto (DynamoDB, KMS, OSIS,
 * STS), the AWS Backup stand-in (moto has no recovery points or restore jobs) and the terraform
 * stand-in project, with an answers file for every question.
 *
 * The runbook is run as bundled but for its `development` environment, in a copy: its account is one
 * of moto's that no other test uses. Only AWS_ENDPOINT_URL points at moto: belay applies it to every
 * client, the pinned @aws-sdk/client-osis 3.332 included (which alone would call
 * osis.eu-west-1.amazonaws.com). The terraform addresses are the stand-in's, given as inputs.
 */

let cli: Cli;
let url = '';
let world: RestoreEnvironment;
let runbook = '';

beforeAll(async () => {
	// moto's OSIS timestamps are not what the osis 3.332 client expects: keep its warnings out of the test output.
	logger.warn = () => undefined;
	url = await motoUrl();
	cli = await buildPrivateCli();
	world = await makeRestoreEnvironment(url, scratch('restore-runbook'));
	const document = parseDocument(readFileSync(join(root, 'runbooks', 'restore-dynamodb-table.yaml'), 'utf8'));
	document.setIn(['environments', 'development', 'account'], world.account);
	runbook = join(world.dir, 'restore-dynamodb-table.yaml');
	writeFileSync(runbook, document.toString(), 'utf8');
}, 60_000);

afterAll(async () => {
	await world?.close();
	if (world) rmSync(world.dir, {recursive: true, force: true});
	cli?.dispose();
});

/** An answers file for every question the runbook asks. */
const answers = (): string => {
	const path = join(world.dir, `answers-${uniqueName('a')}.yaml`);
	writeFileSync(
		path,
		stringify({
			steps: {
				'pre-flight': true,
				'image-tag': 'v1.2.3',
				'recovery-point': world.recoveryPointArn,
				'prepare-branch': true,
				'plan-reviewed': {approver: 'bob'},
				'commit-and-pr': true,
				'delete-old-table': {confirmText: oldTable},
				finish: true,
			},
		}),
		'utf8',
	);
	return path;
};

async function belay(args: readonly string[]): Promise<{exit: Exit; runId: string; state: string}> {
	const runId = uniqueName('restore');
	const state = join(world.dir, 'state');
	const exit = await cli.run(
		[
			'run',
			runbook,
			'--env',
			'development',
			'--operator',
			'alice',
			'--pair',
			'bob',
			'--yes',
			'--non-interactive',
			'--input',
			'resourceAddress=terraform_data.lpas_table',
			'--input',
			'pipelineAddress=terraform_data.lpas_stream[0]',
			'--state-dir',
			state,
			'--run-id',
			runId,
			...args,
		],
		{env: {...motoEnv(url, world.keys), AWS_ENDPOINT_URL_BACKUP: world.backup.url, ...world.terraformEnv}, cwd: world.dir},
	);
	return {exit, runId, state};
}

/** Every item of a table in the world's account, sorted by id. */
async function itemsOf(table: string): Promise<Record<string, AttributeValue>[]> {
	const {Items = []} = await world.dynamodb.send(new ScanCommand({TableName: table, ConsistentRead: true}));
	return Items.sort((a, b) => String(a['id']?.S).localeCompare(String(b['id']?.S)));
}

const pipelineStatus = async (): Promise<string | undefined> => (await world.osis.send(new GetPipelineCommand({PipelineName: pipelineName}))).Pipeline?.Status;

type TerraformState = {resources: {type: string; name: string; instances: {index_key?: number; attributes: {id: string; input?: {value: unknown}}}[]}[]};
const terraformState = (): TerraformState =>
	JSON.parse(readFileSync(join(world.terraformDir, 'terraform.tfstate.d', 'development', 'terraform.tfstate'), 'utf8')) as TerraformState;
const resourceId = (state: TerraformState, name: string): string | undefined => state.resources.find(resource => resource.name === name)?.instances[0]?.attributes.id;

describe('the bundled restore-dynamodb-table, against moto and the stand-ins', () => {
	test('a dry run finishes: the reads run, mutating steps are shown resolved, waits after them are shown, not polled, and nothing changes', async () => {
		const {exit, runId, state} = await belay(['--dry-run', '--answers', answers()]);
		const document = await show(cli, state, runId);
		const statuses = document.steps.map(step => [step.id, step.skipReason ? `${step.status} (${step.skipReason})` : step.status]);
		expect(exit.code, describeExit(exit)).toBe(0);
		expect(statuses.slice(0, 5), describeExit(exit)).toEqual([
			['pre-flight', 'skipped (dry-run)'],
			['image-tag', 'succeeded'],
			['pipeline-before', 'succeeded'],
			['stop-pipeline', 'skipped (dry-run)'],
			// Before issue 10 this polled every 20 s for 30 minutes: StopPipeline was only shown.
			['pipeline-stopped', 'skipped (dry-run)'],
		]);
		expect(stepOf(document, 'kms-key').outputs).toEqual({arn: world.kmsKeyArn});
		expect(exit.stdout).toContain(`◌ start-restore: dry run, not performed\n  would: aws backup StartRestoreJob {"RecoveryPointArn":"${world.recoveryPointArn}"`);
		// The job id of a step the dry run did not perform is not sent as an empty request.
		expect(stepOf(document, 'restore-done')).toMatchObject({status: 'skipped', skipReason: 'dry-run'});
		expect(exit.stdout).not.toContain('DescribeRestoreJob {}');
		// Nothing was restored or changed.
		expect(await pipelineStatus()).toBe('ACTIVE');
		expect(world.backup.jobs).toEqual([]);
		expect(await itemsOf(oldTable)).toHaveLength(lpaItems.length + 1);
		expect(JSON.parse(readFileSync(join(world.terraformDir, 'terraform.tfvars.json'), 'utf8'))).toEqual({dynamodb: {table_name: 'Lpas'}});
	});

	test('a real run: the backup is restored into a new table, terraform takes it over, the pipeline runs again and the old table is deleted', async () => {
		expect(await pipelineStatus()).toBe('ACTIVE');
		const terraformBefore = terraformState();

		const {exit, runId, state} = await belay(['--answers', answers()]);

		expect(exit.code, describeExit(exit)).toBe(0);
		const restoredName = /restoredName="(Lpas-\d{8})"/.exec(exit.stdout)?.[1] ?? '';
		expect(restoredName).toMatch(/^Lpas-\d{8}$/);
		const restoredTable = `development-${restoredName}`;
		const document = await show(cli, state, runId);
		expect(document.status).toBe('succeeded');
		expect(document.caller).toEqual({account: world.account, arn: `arn:aws:sts::${world.account}:assumed-role/operator/alice`});
		expect(document.steps.filter(step => step.status !== 'succeeded').map(step => step.id)).toEqual([]);

		// AWS Backup: one restore job, for the chosen recovery point, with the KMS key and belay's token.
		expect(world.backup.jobs).toHaveLength(1);
		expect(world.backup.jobs[0]).toMatchObject({
			RecoveryPointArn: world.recoveryPointArn,
			IamRoleArn: `arn:aws:iam::${world.account}:role/service-role/AWSBackupDefaultServiceRole`,
			ResourceType: 'DynamoDB',
			Metadata: {targetTableName: restoredTable, encryptionType: 'KMS', kmsMasterKeyArn: world.kmsKeyArn},
			IdempotencyToken: idempotencyToken(runId, 'start-restore'),
			Status: 'COMPLETED',
		});
		const restoredArn = `arn:aws:dynamodb:eu-west-1:${world.account}:table/${restoredTable}`;
		expect(stepOf(document, 'restore-done').outputs).toEqual({tableArn: restoredArn});
		expect(stepOf(document, 'restored-table-active').outputs).toEqual({itemCount: lpaItems.length});

		// DynamoDB: the restored table holds the backup's items (not the one written after it); the old table is gone.
		expect(await itemsOf(restoredTable)).toEqual(lpaItems);
		await expect(world.dynamodb.send(new DescribeTableCommand({TableName: oldTable}))).rejects.toThrow(/not found/i);

		// terraform: the table's address now holds the restored table, tfvars names it, the pipeline was recreated.
		expect(JSON.parse(readFileSync(join(world.terraformDir, 'terraform.tfvars.json'), 'utf8'))).toEqual({dynamodb: {table_name: restoredName}});
		const terraformAfter = terraformState();
		expect(resourceId(terraformAfter, 'lpas_table')).toBe(restoredArn);
		expect(resourceId(terraformAfter, 'lpas_stream')).not.toBe(resourceId(terraformBefore, 'lpas_stream'));
		expect(terraformAfter.resources.find(resource => resource.name === 'lpas_stream')?.instances[0]?.attributes.input?.value).toEqual({
			table: restoredTable,
			container_version: 'v1.2.3',
			role: 'operator',
		});
		expect(existsSync(join(world.terraformDir, 'belay-restore.tfplan'))).toBe(true);

		// OSIS: the pipeline runs again.
		expect(await pipelineStatus()).toBe('ACTIVE');
	});
});
