import {existsSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {DescribeTableCommand, ScanCommand, type AttributeValue} from '@aws-sdk/client-dynamodb';
import {GetPipelineCommand, StartPipelineCommand, StopPipelineCommand} from '@aws-sdk/client-osis';
import {logger} from '@aws-sdk/smithy-client';
import {afterAll, beforeAll, describe, expect, test} from 'vitest';
import {parseDocument, stringify} from 'yaml';
import {idempotencyToken} from '../../source/aws/runtime.js';
import {motoUrl, uniqueName} from '../helpers/moto.js';
import {lpaItems, makeRestoreEnvironment, oldTable, pipelineName, type RestoreEnvironment, type RestoreEnvironmentOptions} from '../standins/restore-environment.js';
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
 *
 * Three worlds, each in an account of its own, made at once: the usual one (a dry run, then a real
 * run), one whose pipeline is already stopped (and whose terraform calls the image tag
 * `app_version`), and one whose terraform leaves point-in-time recovery off.
 */

let cli: Cli;
let url = '';
let world: RestoreEnvironment;
let stoppedWorld: RestoreEnvironment;
let noPitrWorld: RestoreEnvironment;
const worlds: RestoreEnvironment[] = [];

/** A world, with the bundled runbook copied into it for its account. */
async function makeWorld(options: RestoreEnvironmentOptions = {}): Promise<RestoreEnvironment> {
	const made = await makeRestoreEnvironment(url, scratch('restore-runbook'), options);
	worlds.push(made);
	const document = parseDocument(readFileSync(join(root, 'runbooks', 'restore-dynamodb-table.yaml'), 'utf8'));
	document.setIn(['environments', 'development', 'account'], made.account);
	writeFileSync(join(made.dir, 'restore-dynamodb-table.yaml'), document.toString(), 'utf8');
	return made;
}

beforeAll(async () => {
	// moto's OSIS timestamps are not what the osis 3.332 client expects: keep its warnings out of the test output.
	logger.warn = () => undefined;
	url = await motoUrl();
	[cli, world, stoppedWorld, noPitrWorld] = await Promise.all([buildPrivateCli(), makeWorld(), makeWorld({pipelineStopped: true}), makeWorld()]);
}, 120_000);

afterAll(async () => {
	for (const made of worlds) {
		await made.close();
		rmSync(made.dir, {recursive: true, force: true});
	}
	cli?.dispose();
});

/** An answers file for every question the runbook asks. */
const answers = (world: RestoreEnvironment): string => {
	const path = join(world.dir, `answers-${uniqueName('a')}.yaml`);
	writeFileSync(
		path,
		stringify({
			steps: {
				'pre-flight': true,
				'image-tag': 'v1.2.3',
				'recovery-point': world.recoveryPointArn,
				'prepare-branch': true,
				'plan-checked': true,
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

async function belay(world: RestoreEnvironment, args: readonly string[], env: Readonly<Record<string, string>> = {}): Promise<{exit: Exit; runId: string; state: string}> {
	const runId = uniqueName('restore');
	const state = join(world.dir, 'state');
	const exit = await cli.run(
		[
			'run',
			join(world.dir, 'restore-dynamodb-table.yaml'),
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
		{env: {...world.awsEnv, ...world.terraformEnv, ...env}, cwd: world.dir},
	);
	return {exit, runId, state};
}

/** Every item of a table in the world's account, sorted by id. */
async function itemsOf(world: RestoreEnvironment, table: string): Promise<Record<string, AttributeValue>[]> {
	const {Items = []} = await world.dynamodb.send(new ScanCommand({TableName: table, ConsistentRead: true}));
	return Items.sort((a, b) => String(a['id']?.S).localeCompare(String(b['id']?.S)));
}

const pipelineStatus = async (world: RestoreEnvironment): Promise<string | undefined> => (await world.osis.send(new GetPipelineCommand({PipelineName: pipelineName}))).Pipeline?.Status;

type TerraformState = {resources: {type: string; name: string; instances: {index_key?: number; attributes: {id: string; input?: {value: unknown}}}[]}[]};
const terraformState = (world: RestoreEnvironment): TerraformState =>
	JSON.parse(readFileSync(join(world.terraformDir, 'terraform.tfstate.d', 'development', 'terraform.tfstate'), 'utf8')) as TerraformState;
const resourceId = (state: TerraformState, name: string): string | undefined => state.resources.find(resource => resource.name === name)?.instances[0]?.attributes.id;

describe('the bundled restore-dynamodb-table, against moto and the stand-ins', {timeout: 90_000}, () => {
	test('a dry run finishes: the reads run, mutating steps are shown resolved, waits after them are shown, not polled, and nothing changes', async () => {
		const {exit, runId, state} = await belay(world, ['--dry-run', '--answers', answers(world)]);
		const document = await show(cli, state, runId);
		const statuses = document.steps.map(step => [step.id, step.skipReason ? `${step.status} (${step.skipReason})` : step.status]);
		expect(exit.code, describeExit(exit)).toBe(0);
		expect(statuses.slice(0, 6), describeExit(exit)).toEqual([
			['pre-flight', 'skipped (dry-run)'],
			['image-tag', 'succeeded'],
			['pipeline-before', 'succeeded'],
			['pipeline-settled', 'skipped (when)'],
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
		expect(await pipelineStatus(world)).toBe('ACTIVE');
		expect(world.backup.jobs).toEqual([]);
		expect(await itemsOf(world, oldTable)).toHaveLength(lpaItems.length + 1);
		expect(JSON.parse(readFileSync(join(world.terraformDir, 'terraform.tfvars.json'), 'utf8'))).toEqual({dynamodb: {table_name: 'Lpas'}});
	});

	test('a real run: the backup is restored into a new table, terraform takes it over, the pipeline runs again and the old table is deleted', async () => {
		expect(await pipelineStatus(world)).toBe('ACTIVE');
		const terraformBefore = terraformState(world);

		const {exit, runId, state} = await belay(world, ['--answers', answers(world)]);

		expect(exit.code, describeExit(exit)).toBe(0);
		const restoredName = /restoredName="(Lpas-\d{8})"/.exec(exit.stdout)?.[1] ?? '';
		expect(restoredName).toMatch(/^Lpas-\d{8}$/);
		const restoredTable = `development-${restoredName}`;
		const document = await show(cli, state, runId);
		expect(document.status).toBe('succeeded');
		expect(document.caller).toEqual({account: world.account, arn: `arn:aws:sts::${world.account}:assumed-role/operator/alice`});
		expect(document.steps.filter(step => step.status !== 'succeeded').map(step => step.id)).toEqual(['pipeline-settled']);

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
		expect(await itemsOf(world, restoredTable)).toEqual(lpaItems);
		await expect(world.dynamodb.send(new DescribeTableCommand({TableName: oldTable}))).rejects.toThrow(/not found/i);

		// terraform: the table's address now holds the restored table, tfvars names it, the pipeline was recreated.
		expect(JSON.parse(readFileSync(join(world.terraformDir, 'terraform.tfvars.json'), 'utf8'))).toEqual({dynamodb: {table_name: restoredName}});
		const terraformAfter = terraformState(world);
		// Imported by the table's name, not its ARN.
		expect(resourceId(terraformAfter, 'lpas_table')).toBe(restoredTable);
		expect(exit.stdout).toContain(`$ terraform import -input=false -var "container_version=v1.2.3" terraform_data.lpas_table ${restoredTable}\n`);
		expect(resourceId(terraformAfter, 'lpas_stream')).not.toBe(resourceId(terraformBefore, 'lpas_stream'));
		expect(terraformAfter.resources.find(resource => resource.name === 'lpas_stream')?.instances[0]?.attributes.input?.value).toEqual({
			table: restoredTable,
			container_version: 'v1.2.3',
			app_version: 'unset',
			role: 'operator',
		});
		expect(existsSync(join(world.terraformDir, 'belay-restore.tfplan'))).toBe(true);

		// The checks after the apply passed: terraform turned on point-in-time recovery and the stream, and the backup selection names the table.
		expect(['check-point-in-time-recovery', 'check-stream', 'check-backup-selection'].map(id => stepOf(document, id).status)).toEqual(['succeeded', 'succeeded', 'succeeded']);
		expect(stepOf(document, 'backup-selection').outputs).toEqual({resources: [restoredArn]});

		// OSIS: the pipeline runs again.
		expect(await pipelineStatus(world)).toBe('ACTIVE');
	});
});

// Two worlds of their own, run side by side.
describe.concurrent('the bundled restore-dynamodb-table, corrected', {timeout: 90_000}, () => {
	test('a pipeline already stopped is not stopped again, and the image tag reaches terraform under the variable named by imageTagVariable', async () => {
		expect(await pipelineStatus(stoppedWorld)).toMatch(/^STOPP(ING|ED)$/);

		const {exit, runId, state} = await belay(stoppedWorld, ['--answers', answers(stoppedWorld), '--input', 'imageTagVariable=app_version']);

		expect(exit.code, describeExit(exit)).toBe(0);
		const document = await show(cli, state, runId);
		expect(stepOf(document, 'pipeline-before').outputs).toEqual({status: 'STOPPED'});
		expect(stepOf(document, 'pipeline-settled')).toMatchObject({status: 'skipped', skipReason: 'when'});
		expect(stepOf(document, 'stop-pipeline')).toMatchObject({status: 'skipped', skipReason: 'when'});
		expect(stepOf(document, 'pipeline-stopped').status).toBe('succeeded');
		const stream = terraformState(stoppedWorld).resources.find(resource => resource.name === 'lpas_stream')?.instances[0]?.attributes.input?.value;
		expect(stream).toMatchObject({app_version: 'v1.2.3', container_version: 'unset'});
		// Stopped before, the pipeline (recreated by the apply) is started at the end.
		expect(await pipelineStatus(stoppedWorld)).toBe('ACTIVE');
	});

	test('a restored table left without point-in-time recovery fails its check, saying so, before the pipeline is started or the old table deleted', async () => {
		const {exit, runId, state} = await belay(noPitrWorld, ['--answers', answers(noPitrWorld)], {TF_VAR_point_in_time_recovery: 'false'});

		expect(exit.code, describeExit(exit)).not.toBe(0);
		const document = await show(cli, state, runId);
		const restoredTable = `development-${/restoredName="(Lpas-\d{8})"/.exec(exit.stdout)?.[1] ?? ''}`;
		expect(stepOf(document, 'check-point-in-time-recovery').status).toBe('failed');
		expect(exit.stdout + exit.stderr).toContain(
			`Point-in-time recovery of ${restoredTable} is DISABLED, not ENABLED: the table's point_in_time_recovery block in terraform did not take effect.`,
		);
		expect(stepOf(document, 'start-pipeline').status).toBe('pending');
		expect(await itemsOf(noPitrWorld, oldTable)).toHaveLength(lpaItems.length + 1);
	});
});
