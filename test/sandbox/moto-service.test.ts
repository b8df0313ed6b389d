import {execFileSync} from 'node:child_process';
import {rmSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {GetCallerIdentityCommand, STSClient} from '@aws-sdk/client-sts';
import {GetPipelineCommand, OSISClient} from '@aws-sdk/client-osis';
import {logger} from '@aws-sdk/smithy-client';
import {afterAll, beforeAll, describe, expect, test} from 'vitest';
import {stringify} from 'yaml';
import {DescribeTableCommand, DynamoDBClient} from '@aws-sdk/client-dynamodb';
import {motoMissingMessage, sandboxAccount, startMotoService, type MotoService} from '../../source/sandbox/moto-service.js';
import {restoreProjectInputs} from '../../source/sandbox/restore-terraform-project.js';
import {restoreSandbox, sandboxProcessEnv, seedRestoreDynamoDb, type RestoreSeed} from '../../source/sandbox/seed-restore-dynamodb.js';
import {buildPrivateCli, describeExit, root, scratch, show, stepOf, type Cli} from '../aws/cli.js';

/**
 * The sandbox's moto service: a moto_server of its own with the stand-ins in front, seeded for the
 * DynamoDB restore runbook (its terraform stand-in project included), which an operator then
 * rehearses for real against it through the CLI, in the runbook's `sandbox` environment; stopped,
 * nothing is left running.
 */

let service: MotoService;
let seed: RestoreSeed;
let cli: Cli;
const dir = scratch('sandbox-moto');

beforeAll(async () => {
	// moto's OSIS timestamps are not what the osis 3.332 client expects: keep its warnings out of the test output.
	logger.warn = () => undefined;
	const [started, built] = await Promise.all([startMotoService(), buildPrivateCli()]);
	cli = built;
	if (started.status !== 'started') throw new Error(started.message);
	service = started.service;
	seed = await seedRestoreDynamoDb(service, {terraformDir: join(dir, 'terraform')});
}, 60_000);

afterAll(async () => {
	await service?.stop();
	cli?.dispose();
	rmSync(dir, {recursive: true, force: true});
});

describe('the sandbox moto service', () => {
	test('serves every runbook service, the stand-ins for AWS Backup and Elastic Beanstalk, as moto\'s account', async () => {
		expect(service.name).toBe('moto');
		expect(service.endpoints['backup']).toBe(service.backup.url);
		expect(service.endpoints['elasticbeanstalk']).toBe(service.elasticBeanstalk.endpoint);
		for (const name of ['dynamodb', 'osis', 'kms', 'rds', 's3', 'sts']) expect(service.endpoints[name]).toBe(service.motoUrl);
		const sts = new STSClient({region: service.region, credentials: service.credentials, endpoint: service.endpoints['sts']});
		expect((await sts.send(new GetCallerIdentityCommand({}))).Account).toBe(sandboxAccount);
		sts.destroy();
	});

	test('seeded twice, the restore rehearsal is there once; the bundled runbook runs end to end in its sandbox environment', async () => {
		const {terraform, ...seeded} = seed;
		expect(terraform).toEqual({dir: join(dir, 'terraform')});
		expect(await seedRestoreDynamoDb(service)).toEqual(seeded);
		expect(seed.tableArn).toBe(`arn:aws:dynamodb:eu-west-1:${sandboxAccount}:table/${restoreSandbox.table}`);

		const answers = join(dir, 'answers.yaml');
		const steps = {
			'pre-flight': true,
			'image-tag': 'v1.0.0',
			'recovery-point': seed.recoveryPointArn,
			'prepare-branch': true,
			'plan-checked': true,
			'plan-reviewed': {approver: 'bob'},
			'commit-and-pr': true,
			'delete-old-table': {confirmText: restoreSandbox.table},
			finish: true,
		};
		writeFileSync(answers, stringify({steps}), 'utf8');
		const inputs = Object.entries({...restoreProjectInputs, terraformDir: 'terraform'}).flatMap(([name, value]) => ['--input', `${name}=${value}`]);
		const state = join(dir, 'state');
		const exit = await cli.run(
			['run', join(root, 'runbooks', 'restore-dynamodb-table.yaml'), '--env', 'sandbox', '--answers', answers, '--operator', 'alice', '--pair', 'bob', '--yes', '--non-interactive', ...inputs, '--state-dir', state, '--run-id', 'rehearsal'],
			{env: {...sandboxProcessEnv(service), CHECKPOINT_DISABLE: '1'}, cwd: dir},
		);

		expect(exit.code, describeExit(exit)).toBe(0);
		const document = await show(cli, state, 'rehearsal');
		expect(document.steps.filter(step => step.status !== 'succeeded').map(step => step.id)).toEqual(['pipeline-settled']);
		expect(stepOf(document, 'kms-key').outputs).toEqual({arn: seed.kmsKeyArn});
		const restored = String(stepOf(document, 'restored-table').outputs?.['arn']);
		expect(restored).toMatch(/:table\/sandbox-Lpas-\d{8}$/);
		expect(service.backup.selections.map(selection => selection.BackupSelection['Resources'])).toEqual([[restored]]);
		const dynamodb = new DynamoDBClient({region: service.region, credentials: service.credentials, endpoint: service.endpoints['dynamodb']});
		await expect(dynamodb.send(new DescribeTableCommand({TableName: restoreSandbox.table}))).rejects.toMatchObject({name: 'ResourceNotFoundException'});
		dynamodb.destroy();
		const osis = new OSISClient({region: service.region, credentials: service.credentials, endpoint: service.endpoints['osis']});
		expect((await osis.send(new GetPipelineCommand({PipelineName: restoreSandbox.pipelineName}))).Pipeline?.Status).toBe('ACTIVE');
		osis.destroy();
	});
	test('stopped (after the tests above), its moto process is gone and its stand-ins no longer answer', async () => {
		const {backup, motoUrl} = service;
		const port = new URL(motoUrl).port;
		const motoProcesses = (): string[] => execFileSync('ps', ['-eo', 'args'], {encoding: 'utf8'}).split('\n').filter(line => line.includes('moto_server') && line.includes(` -p ${port}`));
		expect(motoProcesses().length).toBeGreaterThan(0);

		await service.stop();

		expect(motoProcesses()).toEqual([]);
		await expect(fetch(`${motoUrl}/moto-api/`)).rejects.toThrow();
		await expect(fetch(`${backup.url}/restore-jobs/x`)).rejects.toThrow();
	});

});

describe('without moto', () => {
	test('without moto_server on PATH, it says so and what the sandbox still serves', async () => {
		expect(await startMotoService({path: '/nonexistent'})).toEqual({status: 'not-installed', message: motoMissingMessage});
		expect(motoMissingMessage).toMatch(/^moto_server is not installed \(not on PATH\): the sandbox serves DynamoDB only.*pip install 'moto\[server\]'$/);
	});
});
