import {rmSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {GetCallerIdentityCommand, STSClient} from '@aws-sdk/client-sts';
import {GetPipelineCommand, OSISClient} from '@aws-sdk/client-osis';
import {logger} from '@aws-sdk/smithy-client';
import {afterAll, beforeAll, describe, expect, test} from 'vitest';
import {stringify} from 'yaml';
import {endpointVariables} from '../../source/aws/endpoints.js';
import {motoMissingMessage, sandboxAccount, startMotoService, type MotoService} from '../../source/sandbox/moto-service.js';
import {restoreSandbox, seedRestoreDynamoDb, type RestoreSeed} from '../../source/sandbox/seed-restore-dynamodb.js';
import {buildPrivateCli, describeExit, root, scratch, show, stepOf, type Cli} from '../aws/cli.js';

/**
 * The sandbox's moto service: a moto_server of its own with the stand-ins in front, seeded for the
 * DynamoDB restore runbook, which then rehearses (a dry run) against it through the CLI; stopped,
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
	seed = await seedRestoreDynamoDb(service);
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

	test('seeded twice, the restore rehearsal is there once; the bundled runbook\'s dry run in its sandbox environment finds all it reads', async () => {
		expect(await seedRestoreDynamoDb(service)).toEqual(seed);
		expect(seed.tableArn).toBe(`arn:aws:dynamodb:eu-west-1:${sandboxAccount}:table/${restoreSandbox.table}`);
		expect(service.backup.selections.map(selection => selection.BackupSelection['Resources'])).toEqual([[seed.tableArn]]);

		const answers = join(dir, 'answers.yaml');
		writeFileSync(answers, stringify({steps: {'pre-flight': true, 'image-tag': 'v1.0.0', 'recovery-point': seed.recoveryPointArn, 'plan-reviewed': {approver: 'bob'}}}), 'utf8');
		const env = {...endpointVariables(service.endpoints), AWS_REGION: service.region, AWS_ACCESS_KEY_ID: 'AKIAOPERATOR', AWS_SECRET_ACCESS_KEY: 'operator'};
		const state = join(dir, 'state');
		const exit = await cli.run(
			['run', join(root, 'runbooks', 'restore-dynamodb-table.yaml'), '--env', 'sandbox', '--dry-run', '--answers', answers, '--operator', 'alice', '--pair', 'bob', '--yes', '--non-interactive', '--state-dir', state, '--run-id', 'rehearsal'],
			{env, cwd: dir},
		);

		expect(exit.code, describeExit(exit)).toBe(0);
		const document = await show(cli, state, 'rehearsal');
		expect(stepOf(document, 'pipeline-before').outputs).toEqual({status: 'ACTIVE'});
		expect(stepOf(document, 'kms-key').outputs).toEqual({arn: seed.kmsKeyArn});
		expect(stepOf(document, 'restore-metadata').status).toBe('succeeded');
		expect(exit.stdout).toContain(`would: aws backup StartRestoreJob {"RecoveryPointArn":"${seed.recoveryPointArn}"`);
		const osis = new OSISClient({region: service.region, credentials: service.credentials, endpoint: service.endpoints['osis']});
		expect((await osis.send(new GetPipelineCommand({PipelineName: restoreSandbox.pipelineName}))).Pipeline?.Status).toBe('ACTIVE');
		osis.destroy();
	});
});

describe('starting and stopping', () => {
	test('stopped, its moto process has exited and its stand-ins no longer answer', async () => {
		const started = await startMotoService();
		if (started.status !== 'started') throw new Error(started.message);
		const {backup, motoUrl} = started.service;
		expect((await fetch(`${motoUrl}/moto-api/`)).ok).toBe(true);

		await started.service.stop();

		await expect(fetch(`${motoUrl}/moto-api/`)).rejects.toThrow();
		await expect(fetch(`${backup.url}/restore-jobs/x`)).rejects.toThrow();
	}, 60_000);

	test('without moto_server on PATH, it says so and what the sandbox still serves', async () => {
		expect(await startMotoService({path: '/nonexistent'})).toEqual({status: 'not-installed', message: motoMissingMessage});
		expect(motoMissingMessage).toMatch(/^moto_server is not installed \(not on PATH\): the sandbox serves DynamoDB only.*pip install 'moto\[server\]'$/);
	});
});
