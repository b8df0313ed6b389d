import {
	BackupClient,
	BackupServiceException,
	DescribeRestoreJobCommand,
	GetRecoveryPointRestoreMetadataCommand,
	ListRecoveryPointsByBackupVaultCommand,
	StartRestoreJobCommand,
	type DescribeRestoreJobCommandInput,
	type DescribeRestoreJobCommandOutput,
	type GetRecoveryPointRestoreMetadataCommandInput,
	type ListRecoveryPointsByBackupVaultCommandInput,
	type ListRecoveryPointsByBackupVaultCommandOutput,
	type StartRestoreJobCommandInput,
} from '@aws-sdk/client-backup';
import {BatchWriteItemCommand, DynamoDBClient, type BatchWriteItemCommandInput} from '@aws-sdk/client-dynamodb';
import {mockClient} from 'aws-sdk-client-mock';
import {afterAll, beforeEach, describe, expect, test} from 'vitest';
import {AwsRuntime, idempotencyToken} from '../../source/aws/runtime.js';
import type {OpenQuestion} from '../../source/engine/questions.js';
import {loadRunbookText} from '../../source/runbook/load.js';
import {RunHarness, TestFrontEnd} from './harness.js';

/**
 * AWS steps driven in-process by the real engine, with the AWS clients mocked, for what neither moto
 * nor dynalite serves (test/aws/moto-*.test.ts run the rest against moto): AWS Backup recovery
 * points and restore jobs, throttling and expired credentials while a wait polls, and a
 * BatchWriteItem that leaves items unprocessed. Each test states the exact request a step sends
 * (typed with the SDK's own input types) and what the run makes of the responses.
 */

const backup = mockClient(BackupClient);
const dynamodb = mockClient(DynamoDBClient);

beforeEach(() => {
	for (const mock of [backup, dynamodb]) mock.reset();
});

afterAll(() => {
	for (const mock of [backup, dynamodb]) mock.restore();
	RunHarness.cleanUp();
});

const vault = 'eu-west-1-development-backup-vault';
const tableArn = 'arn:aws:dynamodb:eu-west-1:111111111111:table/development-Lpas';
const pointArn = (n: number): string => `arn:aws:backup:eu-west-1:111111111111:recovery-point:rp-${n}`;

/** A runbook: the environment `development` in account 111111111111, then `steps` (YAML text). */
function runbook(steps: string, name = 'aws-mocked'): string {
	return `version: 1
name: ${name}
title: Mocked AWS steps
environments:
  development:
    account: "111111111111"
    region: eu-west-1
    vars:
      backupVault: ${vault}
      pipelineName: lpas-development-stream
vars:
  oldTableName: \${{ env.name & '-Lpas' }}
steps:
${steps}`;
}

/** An error as an AWS client throws it: a ServiceException with name, fault and metadata. */
function awsError(name: string, message: string, httpStatusCode = 400, requestId = 'req-1'): BackupServiceException {
	return new BackupServiceException({name, $fault: httpStatusCode >= 500 ? 'server' : 'client', message, $metadata: {httpStatusCode, requestId}});
}

const restoreJob = (Status: DescribeRestoreJobCommandOutput['Status'], PercentDone?: string): Partial<DescribeRestoreJobCommandOutput> => ({
	RestoreJobId: 'job-1',
	Status,
	...(PercentDone !== undefined ? {PercentDone} : {}),
	...(Status === 'COMPLETED' ? {CreatedResourceArn: 'arn:aws:dynamodb:eu-west-1:111111111111:table/development-Lpas-20240715'} : {}),
});

const selectRecoveryPoint = `
  - id: recovery-point
    title: Choose the recovery point to restore
    select:
      prompt: Which backup?
      from:
        service: backup
        command: ListRecoveryPointsByBackupVault
        input:
          BackupVaultName: \${{ vars.backupVault }}
          ByResourceArn: arn:aws:dynamodb:\${{ env.region }}:\${{ env.account }}:table/\${{ vars.oldTableName }}
        paginate: true
      items: '[result.RecoveryPoints[Status in ["COMPLETED", "AVAILABLE"]]^(>CreationDate)]'
      label: '$substringAfter(item.ResourceArn, ":table/") & " — created " & item.CreationDate & " (" & item.Status & ")"'
      value: item.RecoveryPointArn
`;

const restoreSteps = `${selectRecoveryPoint}
  - id: restore-metadata
    title: Read the recovery point's restore metadata
    aws:
      service: backup
      command: GetRecoveryPointRestoreMetadata
      input:
        BackupVaultName: \${{ vars.backupVault }}
        RecoveryPointArn: \${{ steps.\`recovery-point\`.value }}
    outputs:
      metadata: result.RestoreMetadata

  - id: start-restore
    title: Restore the backup
    aws:
      service: backup
      command: StartRestoreJob
      input:
        RecoveryPointArn: \${{ steps.\`recovery-point\`.value }}
        IamRoleArn: arn:aws:iam::\${{ env.account }}:role/service-role/AWSBackupDefaultServiceRole
        ResourceType: DynamoDB
        Metadata:
          targetTableName: development-Lpas-20240715
          encryptionType: \${{ steps.\`restore-metadata\`.outputs.metadata.encryptionType }}
    outputs:
      jobId: result.RestoreJobId

  - id: restore-done
    title: Wait for the restore job to complete
    wait:
      aws:
        service: backup
        command: DescribeRestoreJob
        input:
          RestoreJobId: \${{ steps.\`start-restore\`.outputs.jobId }}
      until: result.Status = 'COMPLETED'
      failWhen: result.Status in ['ABORTED', 'FAILED']
      interval: 1m
      timeout: 12h
      progress: result.PercentDone
      message: '\${{ "Restore job " & result.Status & (result.StatusMessage ? ": " & result.StatusMessage : "") }}'
    outputs:
      tableArn: result.CreatedResourceArn
`;

/** The answer to the select: the first option offered (the newest recovery point). */
const firstOption = (question: OpenQuestion): unknown => (question.type === 'select' ? question.options[0]?.value : undefined);

/**
 * The inputs of each page request, as sent. (The SDK's paginator sends every page with one input
 * object that it updates with the next token, so `commandCalls` would show the last token on all.)
 */
let listedInputs: ListRecoveryPointsByBackupVaultCommandInput[] = [];

function mockRecoveryPoints(): void {
	listedInputs = [];
	// Two pages, as the real API returns them (NextToken), with timestamps as the SDK gives them: Dates.
	const pages: ListRecoveryPointsByBackupVaultCommandOutput[] = [
		{
			$metadata: {},
			RecoveryPoints: [
				{RecoveryPointArn: pointArn(1), ResourceArn: tableArn, Status: 'COMPLETED', CreationDate: new Date('2024-07-13T01:00:00Z')},
				{RecoveryPointArn: pointArn(2), ResourceArn: tableArn, Status: 'PARTIAL', CreationDate: new Date('2024-07-14T01:00:00Z')},
			],
			NextToken: 'page-2',
		},
		{
			$metadata: {},
			RecoveryPoints: [
				{RecoveryPointArn: pointArn(3), ResourceArn: tableArn, Status: 'COMPLETED', CreationDate: new Date('2024-07-15T01:00:00Z')},
				{RecoveryPointArn: pointArn(4), ResourceArn: tableArn, Status: 'AVAILABLE', CreationDate: new Date('2024-07-12T01:00:00Z')},
			],
		},
	];
	backup.on(ListRecoveryPointsByBackupVaultCommand).callsFake((input: ListRecoveryPointsByBackupVaultCommandInput) => {
		listedInputs.push(structuredClone(input));
		return pages[listedInputs.length - 1];
	});
	backup.on(GetRecoveryPointRestoreMetadataCommand).resolves({
		BackupVaultArn: `arn:aws:backup:eu-west-1:111111111111:backup-vault:${vault}`,
		RecoveryPointArn: pointArn(3),
		RestoreMetadata: {encryptionType: 'KMS', originalTableName: 'development-Lpas'},
		ResourceType: 'DynamoDB',
	});
	backup.on(StartRestoreJobCommand).resolves({RestoreJobId: 'job-1'});
}

describe('AWS Backup: restore a DynamoDB table', () => {
	test('select from ListRecoveryPointsByBackupVault (every page, newest first), metadata, StartRestoreJob with belay\'s token, DescribeRestoreJob polled to COMPLETED', async () => {
		mockRecoveryPoints();
		backup
			.on(DescribeRestoreJobCommand)
			.resolvesOnce(restoreJob('PENDING'))
			.resolvesOnce(restoreJob('RUNNING', '40.5'))
			.resolvesOnce(restoreJob('RUNNING', '99'))
			.resolves(restoreJob('COMPLETED', '100'));
		const run = RunHarness.start(runbook(restoreSteps), {environment: 'development', runId: 'restore-1'});
		const frontEnd = new TestFrontEnd({'recovery-point:select': firstOption});

		const outcome = await run.drive(frontEnd);

		expect(outcome.status, JSON.stringify(outcome.state.steps, null, 2)).toBe('succeeded');
		expect(outcome.exitCode).toBe(0);

		// The listing: both pages asked for, the second with the first page's NextToken.
		const listed: ListRecoveryPointsByBackupVaultCommandInput[] = [
			{BackupVaultName: vault, ByResourceArn: tableArn},
			{BackupVaultName: vault, ByResourceArn: tableArn, NextToken: 'page-2'},
		];
		expect(listedInputs).toEqual(listed);

		// The options: usable points only, newest first, labelled.
		const [select] = frontEnd.asked('select');
		expect(select?.options).toEqual([
			{label: 'development-Lpas — created 2024-07-15T01:00:00.000Z (COMPLETED)', value: pointArn(3)},
			{label: 'development-Lpas — created 2024-07-13T01:00:00.000Z (COMPLETED)', value: pointArn(1)},
			{label: 'development-Lpas — created 2024-07-12T01:00:00.000Z (AVAILABLE)', value: pointArn(4)},
		]);
		expect(outcome.state.steps['recovery-point']?.value).toBe(pointArn(3));

		const metadata: GetRecoveryPointRestoreMetadataCommandInput = {BackupVaultName: vault, RecoveryPointArn: pointArn(3)};
		expect(backup.commandCalls(GetRecoveryPointRestoreMetadataCommand)[0]?.args[0].input).toEqual(metadata);
		expect(outcome.state.steps['restore-metadata']?.outputs).toEqual({metadata: {encryptionType: 'KMS', originalTableName: 'development-Lpas'}});

		// StartRestoreJob: what the step says, plus the token belay derives from run id and step key.
		const token = idempotencyToken('restore-1', 'start-restore');
		expect(token).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-a[0-9a-f]{3}-[0-9a-f]{12}$/);
		const start: StartRestoreJobCommandInput = {
			RecoveryPointArn: pointArn(3),
			IamRoleArn: 'arn:aws:iam::111111111111:role/service-role/AWSBackupDefaultServiceRole',
			ResourceType: 'DynamoDB',
			Metadata: {targetTableName: 'development-Lpas-20240715', encryptionType: 'KMS'},
			IdempotencyToken: token,
		};
		expect(backup.commandCalls(StartRestoreJobCommand).map(call => call.args[0].input)).toEqual([start]);
		// The journal records the request with the token, before the call.
		expect(run.started('start-restore').map(event => (event.request as {input: unknown}).input)).toEqual([start]);

		// The wait: every poll asks for the job start-restore returned; PercentDone (a string) is the progress.
		const describe: DescribeRestoreJobCommandInput = {RestoreJobId: 'job-1'};
		const polls = backup.commandCalls(DescribeRestoreJobCommand).map(call => call.args[0].input);
		expect(polls).toEqual([describe, describe, describe, describe]);
		const polled = frontEnd.of('wait-polled').filter(event => event.key === 'restore-done');
		expect(polled.map(event => [event.attempt, event.progress, event.message])).toEqual([
			[1, undefined, 'Restore job PENDING'],
			[2, 40.5, 'Restore job RUNNING'],
			[3, 99, 'Restore job RUNNING'],
			[4, 100, 'Restore job COMPLETED'],
		]);
		expect(outcome.state.steps['restore-done']).toMatchObject({
			status: 'succeeded',
			attempts: 1,
			result: {Status: 'COMPLETED', RestoreJobId: 'job-1'},
			outputs: {tableArn: 'arn:aws:dynamodb:eu-west-1:111111111111:table/development-Lpas-20240715'},
		});
	});
});

/** A restore job to wait on, started by an earlier run (the job id is a var). */
const waitOnJob = (extra = ''): string => `
  - id: restore-done
    title: Wait for the restore job to complete
    wait:
      aws:
        service: backup
        command: DescribeRestoreJob
        input:
          RestoreJobId: ${'${{ vars.jobId }}'}
      until: result.Status = 'COMPLETED'
      failWhen: result.Status in ['ABORTED', 'FAILED']
      interval: 1m
      timeout: 12h
      progress: '$number($replace(result.PercentDone, "%", ""))'
      message: '${'${{ "Restore job " & result.Status & (result.StatusMessage ? ": " & result.StatusMessage : "") }}'}'
${extra}
  - id: after
    title: Read the job once more
    aws:
      service: backup
      command: DescribeRestoreJob
      input:
        RestoreJobId: ${'${{ vars.jobId }}'}
`;

function jobRunbook(jobId = 'job-1'): string {
	return runbook(waitOnJob()).replace("  oldTableName: ${{ env.name & '-Lpas' }}", `  jobId: ${jobId}`);
}

const describeJob: DescribeRestoreJobCommandInput = {RestoreJobId: 'job-1'};
const inputsOf = (mock: typeof backup, command: typeof DescribeRestoreJobCommand): unknown[] => mock.commandCalls(command).map(call => call.args[0].input);

describe('AwsRuntime.call with paginate', () => {
	test('merges every page: lists concatenated, no continuation token left, timestamps as ISO strings', async () => {
		mockRecoveryPoints();
		const runtime = new AwsRuntime({region: 'eu-west-1', endpoints: {}, runId: 'call-1'});
		const input = {BackupVaultName: vault, ByResourceArn: tableArn};

		const result = await runtime.call({service: 'backup', command: 'ListRecoveryPointsByBackupVault', input, paginate: true});

		expect(result).toStrictEqual({
			RecoveryPoints: [
				{RecoveryPointArn: pointArn(1), ResourceArn: tableArn, Status: 'COMPLETED', CreationDate: '2024-07-13T01:00:00.000Z'},
				{RecoveryPointArn: pointArn(2), ResourceArn: tableArn, Status: 'PARTIAL', CreationDate: '2024-07-14T01:00:00.000Z'},
				{RecoveryPointArn: pointArn(3), ResourceArn: tableArn, Status: 'COMPLETED', CreationDate: '2024-07-15T01:00:00.000Z'},
				{RecoveryPointArn: pointArn(4), ResourceArn: tableArn, Status: 'AVAILABLE', CreationDate: '2024-07-12T01:00:00.000Z'},
			],
		});
		// The caller's input is left as it was.
		expect(input).toStrictEqual({BackupVaultName: vault, ByResourceArn: tableArn});
		expect(listedInputs).toEqual([input, {...input, NextToken: 'page-2'}]);
	});
});

describe('StartRestoreJob: the idempotency token belay adds is the same for the same run and step', () => {
	const startOnly = (retry: string): string =>
		runbook(`
  - id: start-restore
    title: Restore the backup
${retry}
    aws:
      service: backup
      command: StartRestoreJob
      input:
        RecoveryPointArn: ${pointArn(3)}
        IamRoleArn: arn:aws:iam::111111111111:role/service-role/AWSBackupDefaultServiceRole
        ResourceType: DynamoDB
        Metadata: {targetTableName: development-Lpas-20240715}
`);
	const expected = (runId: string): StartRestoreJobCommandInput => ({
		RecoveryPointArn: pointArn(3),
		IamRoleArn: 'arn:aws:iam::111111111111:role/service-role/AWSBackupDefaultServiceRole',
		ResourceType: 'DynamoDB',
		Metadata: {targetTableName: 'development-Lpas-20240715'},
		IdempotencyToken: idempotencyToken(runId, 'start-restore'),
	});

	test('derived from run id and step key: another run gets another token, a step that sets its own keeps it', async () => {
		expect(idempotencyToken('restore-a', 'start-restore')).toBe(idempotencyToken('restore-a', 'start-restore'));
		expect(idempotencyToken('restore-a', 'start-restore')).not.toBe(idempotencyToken('restore-b', 'start-restore'));
		expect(idempotencyToken('restore-a', 'start-restore')).not.toBe(idempotencyToken('restore-a', 'loop[1].start-restore'));

		backup.on(StartRestoreJobCommand).resolves({RestoreJobId: 'job-1'});
		for (const runId of ['restore-a', 'restore-b']) {
			const outcome = await RunHarness.start(startOnly(''), {environment: 'development', runId}).drive(new TestFrontEnd());
			expect(outcome.status).toBe('succeeded');
		}
		expect(backup.commandCalls(StartRestoreJobCommand).map(call => call.args[0].input)).toEqual([expected('restore-a'), expected('restore-b')]);

		const own = startOnly('').replace('ResourceType: DynamoDB', 'ResourceType: DynamoDB\n        IdempotencyToken: my-own-token');
		await RunHarness.start(own, {environment: 'development', runId: 'restore-c'}).drive(new TestFrontEnd());
		expect(backup.commandCalls(StartRestoreJobCommand)[2]?.args[0].input.IdempotencyToken).toBe('my-own-token');
	});

	test('an automatic retry after a 503 sends the same token', async () => {
		backup
			.on(StartRestoreJobCommand)
			.rejectsOnce(awsError('ServiceUnavailableException', 'Service is unavailable', 503))
			.resolves({RestoreJobId: 'job-1'});
		const run = RunHarness.start(startOnly('    retry: {attempts: 2, delay: 1s}'), {environment: 'development', runId: 'restore-retry'});

		const outcome = await run.drive(new TestFrontEnd());

		expect(outcome.status).toBe('succeeded');
		expect(outcome.state.steps['start-restore']).toMatchObject({status: 'succeeded', attempts: 2, outputs: {}});
		expect(backup.commandCalls(StartRestoreJobCommand).map(call => call.args[0].input)).toEqual([expected('restore-retry'), expected('restore-retry')]);
	});

	test('a call interrupted in flight and retried on resume sends the same token', async () => {
		const controller = new AbortController();
		backup
			.on(StartRestoreJobCommand)
			.callsFakeOnce(async () => {
				// SIGINT while the request is on the wire: the SDK gives up with an abort error.
				controller.abort('SIGINT');
				throw Object.assign(new Error('Request aborted'), {name: 'AbortError'});
			})
			.resolves({RestoreJobId: 'job-1'});
		const run = RunHarness.start(startOnly(''), {environment: 'development', runId: 'restore-resumed'});

		const first = await run.drive(new TestFrontEnd(), {controller});
		expect(first).toMatchObject({status: 'interrupted', exitCode: 130});
		expect(run.state().steps['start-restore']?.status).toBe('interrupted');

		// A mutating step found interrupted runs again only when the operator says so.
		const frontEnd = new TestFrontEnd({'start-restore:resume': 'retry'});
		const second = await run.drive(frontEnd);

		expect(second.status).toBe('succeeded');
		expect(frontEnd.asked('resume').map(question => question.key)).toEqual(['start-restore']);
		expect(backup.commandCalls(StartRestoreJobCommand).map(call => call.args[0].input)).toEqual([
			expected('restore-resumed'),
			expected('restore-resumed'),
		]);
		expect(run.started('start-restore').map(event => [event.attempt, (event.request as {input: unknown}).input])).toEqual([
			[1, expected('restore-resumed')],
			[2, expected('restore-resumed')],
		]);
	});
});

describe('DescribeRestoreJob polled by a wait', () => {
	test('FAILED with failWhen true fails the step with the job in the details; the run stops there', async () => {
		backup
			.on(DescribeRestoreJobCommand)
			.resolvesOnce(restoreJob('RUNNING', '10.00%'))
			.resolves({...restoreJob('FAILED', '10.00%'), StatusMessage: 'Access denied to the KMS key'});
		const run = RunHarness.start(jobRunbook(), {environment: 'development'});

		const outcome = await run.drive(new TestFrontEnd());

		expect(outcome).toMatchObject({status: 'failed', exitCode: 1});
		const step = outcome.state.steps['restore-done'];
		expect(step?.status).toBe('failed');
		expect(step?.error?.code).toBe('WaitFailed');
		expect(step?.error?.message).toBe('the wait ended in failure (failWhen is true): Restore job FAILED: Access denied to the KMS key');
		expect(step?.error?.details).toEqual({result: {RestoreJobId: 'job-1', Status: 'FAILED', PercentDone: '10.00%', StatusMessage: 'Access denied to the KMS key'}});
		expect(inputsOf(backup, DescribeRestoreJobCommand)).toEqual([describeJob, describeJob]);
		expect(outcome.state.steps['after']).toBeUndefined();
	});

	test('a first poll throttled by AWS backs off and the wait still ends succeeded', async () => {
		backup
			.on(DescribeRestoreJobCommand)
			.rejectsOnce(awsError('ThrottlingException', 'Rate exceeded'))
			.resolvesOnce(restoreJob('RUNNING', '50.00%'))
			.resolves(restoreJob('COMPLETED', '100.00%'));
		const run = RunHarness.start(jobRunbook(), {environment: 'development'});
		const frontEnd = new TestFrontEnd();

		const outcome = await run.drive(frontEnd);

		expect(outcome.status).toBe('succeeded');
		expect(outcome.state.steps['restore-done']).toMatchObject({status: 'succeeded', attempts: 1, result: {Status: 'COMPLETED'}});
		expect(frontEnd.of('notice')).toContainEqual({type: 'notice', key: 'restore-done', level: 'warning', message: 'throttled by AWS; next poll in 2m'});
		const polled = frontEnd.of('wait-polled').filter(event => event.key === 'restore-done');
		expect(polled.map(event => [event.attempt, event.progress])).toEqual([
			[1, 50],
			[2, 100],
		]);
		// The throttled poll, then two more, then the `after` step.
		expect(inputsOf(backup, DescribeRestoreJobCommand)).toEqual([describeJob, describeJob, describeJob, describeJob]);
	});
});

describe('credentials that expire while a wait polls', () => {
	const expired = (): BackupServiceException => awsError('ExpiredTokenException', 'The security token included in the request is expired');

	test('a front end that answers "credentials" lets the same poll go on: one step-started, then succeeded', async () => {
		backup
			.on(DescribeRestoreJobCommand)
			.resolvesOnce(restoreJob('RUNNING', '30.00%'))
			.rejectsOnce(expired())
			.resolves(restoreJob('COMPLETED', '100.00%'));
		const run = RunHarness.start(jobRunbook(), {environment: 'development'});
		const frontEnd = new TestFrontEnd({'restore-done:credentials': 'refreshed'});

		const outcome = await run.drive(frontEnd);

		expect(outcome.status).toBe('succeeded');
		const [question] = frontEnd.asked('credentials');
		expect(question?.key).toBe('restore-done');
		expect(question?.reason).toMatch(/AWS credentials expired \(ExpiredTokenException\).*Refresh the credentials/);
		// The request the question shows is the one the wait polls.
		expect((question?.request as {input?: unknown}).input).toEqual(describeJob);
		expect(frontEnd.of('step-started').filter(event => event.key === 'restore-done')).toHaveLength(1);
		expect(run.started('restore-done')).toHaveLength(1);
		expect(run.events()).toContainEqual(
			expect.objectContaining({type: 'operator-answered', key: 'restore-done', question: 'credentials', by: 'alice'}),
		);
		expect(outcome.state.steps['restore-done']).toMatchObject({status: 'succeeded', attempts: 1, result: {Status: 'COMPLETED'}});
		expect(inputsOf(backup, DescribeRestoreJobCommand)).toEqual([describeJob, describeJob, describeJob, describeJob]);
	});

	test('without an answer the run pauses (exit 3); a resume re-attaches the wait with the same recorded request', async () => {
		backup
			.on(DescribeRestoreJobCommand)
			.resolvesOnce(restoreJob('RUNNING', '30.00%'))
			.rejectsOnce(expired())
			.resolves(restoreJob('COMPLETED', '100.00%'));
		const run = RunHarness.start(jobRunbook(), {environment: 'development'});

		const paused = await run.drive(new TestFrontEnd());

		expect(paused).toMatchObject({status: 'paused', exitCode: 3});
		expect(paused.state.pausedOn).toMatchObject({key: 'restore-done', question: 'credentials'});
		expect(paused.state.pausedOn?.reason).toMatch(/expired.*resume: the wait re-attaches to the same poll/);
		const [started] = run.started('restore-done');
		expect(started).toMatchObject({attempt: 1, request: {service: 'backup', command: 'DescribeRestoreJob', input: describeJob}});
		expect(run.state()).toMatchObject({status: 'paused', steps: {'restore-done': {status: 'running'}}});
		expect(inputsOf(backup, DescribeRestoreJobCommand)).toHaveLength(2);

		// Resume with the runbook changed under the run: the wait re-attaches to the job it was polling,
		// with the request the journal recorded, not one resolved again from the changed step.
		const changed = loadRunbookText(jobRunbook().replace('RestoreJobId: ${{ vars.jobId }}', 'RestoreJobId: job-other'), run.loaded.path);
		if (!changed.ok) throw new Error('changed runbook invalid');
		const frontEnd = new TestFrontEnd();
		const resumed = await run.drive(frontEnd, {loaded: changed.loaded});

		expect(resumed.status).toBe('succeeded');
		expect(frontEnd.questions).toEqual([]);
		const starts = run.started('restore-done');
		expect(starts.map(event => event.attempt)).toEqual([1, 2]);
		expect(starts[1]?.request).toEqual(starts[0]?.request);
		expect(inputsOf(backup, DescribeRestoreJobCommand).slice(2, 3)).toEqual([describeJob]);
		expect(resumed.state.steps['restore-done']).toMatchObject({status: 'succeeded', result: {Status: 'COMPLETED'}});
	});
});

describe('an AWS failure names service, command, code, message and request', () => {
	test('AccessDeniedException from StartRestoreJob fails the step with the request (and token) in the details', async () => {
		const message = 'User: arn:aws:sts::111111111111:assumed-role/operator/alice is not authorized to perform: backup:StartRestoreJob';
		backup.on(StartRestoreJobCommand).rejects(awsError('AccessDeniedException', message, 403, 'req-403'));
		const run = RunHarness.start(
			runbook(`
  - id: start-restore
    title: Restore the backup
    aws:
      service: backup
      command: StartRestoreJob
      input:
        RecoveryPointArn: ${pointArn(3)}
        IamRoleArn: arn:aws:iam::111111111111:role/service-role/AWSBackupDefaultServiceRole
        ResourceType: DynamoDB
        Metadata: {targetTableName: development-Lpas-20240715}
`),
			{environment: 'development', runId: 'restore-denied'},
		);

		const outcome = await run.drive(new TestFrontEnd());

		expect(outcome).toMatchObject({status: 'failed', exitCode: 1});
		const request: StartRestoreJobCommandInput = {
			RecoveryPointArn: pointArn(3),
			IamRoleArn: 'arn:aws:iam::111111111111:role/service-role/AWSBackupDefaultServiceRole',
			ResourceType: 'DynamoDB',
			Metadata: {targetTableName: 'development-Lpas-20240715'},
			IdempotencyToken: idempotencyToken('restore-denied', 'start-restore'),
		};
		expect(outcome.state.steps['start-restore']?.error).toEqual({
			message: `backup StartRestoreJob failed: AccessDeniedException: ${message} Check the role's permissions, then retry the step.`,
			code: 'AccessDeniedException',
			details: {service: 'backup', command: 'StartRestoreJob', requestId: 'req-403', httpStatusCode: 403, request},
		});
		// As journaled, too.
		expect(run.events()).toContainEqual(expect.objectContaining({type: 'step-failed', key: 'start-restore', final: true}));
	});

	test('an items expression that fails on a good listing is an expression failure, not an AWS one', async () => {
		mockRecoveryPoints();
		const run = RunHarness.start(runbook(selectRecoveryPoint.replace(/items: .*/, 'items: \'$number("not a number")\'')), {environment: 'development'});

		const outcome = await run.drive(new TestFrontEnd());

		expect(outcome.status).toBe('failed');
		const error = outcome.state.steps['recovery-point']?.error;
		expect(error?.code).toBe('Expression');
		expect(error?.message).toMatch(/^options: expression '\$number\("not a number"\)' failed/);
	});
});

describe('DynamoDB (mocked: moto and dynalite process every item of a batch)', () => {
	test('BatchWriteItem sends its UnprocessedItems again itself: the result has none left, with the same rest of the input', async () => {
		const unprocessed = {'development-Lpas': [{PutRequest: {Item: {id: {S: 'lpa-3'}, name: {S: 'three'}}}}]};
		dynamodb.on(BatchWriteItemCommand).resolvesOnce({UnprocessedItems: unprocessed}).resolves({UnprocessedItems: {}});
		const put = (id: string, name: string): string => `
            - PutRequest:
                Item: {id: {S: ${id}}, name: {S: ${name}}}`;
		const run = RunHarness.start(
			runbook(`
  - id: batch
    title: Write the items
    aws:
      service: dynamodb
      command: BatchWriteItem
      input:
        ReturnConsumedCapacity: TOTAL
        RequestItems:
          development-Lpas:${put('lpa-1', 'one')}${put('lpa-2', 'two')}${put('lpa-3', 'three')}
    outputs:
      left: '$count($keys(result.UnprocessedItems))'
`),
			{environment: 'development'},
		);

		const outcome = await run.drive(new TestFrontEnd());

		expect(outcome.status).toBe('succeeded');
		expect(outcome.state.steps['batch']).toMatchObject({attempts: 1, result: {UnprocessedItems: {}}, outputs: {left: 0}});
		const first: BatchWriteItemCommandInput = {
			ReturnConsumedCapacity: 'TOTAL',
			RequestItems: {
				'development-Lpas': [
					{PutRequest: {Item: {id: {S: 'lpa-1'}, name: {S: 'one'}}}},
					{PutRequest: {Item: {id: {S: 'lpa-2'}, name: {S: 'two'}}}},
					{PutRequest: {Item: {id: {S: 'lpa-3'}, name: {S: 'three'}}}},
				],
			},
		};
		const again: BatchWriteItemCommandInput = {ReturnConsumedCapacity: 'TOTAL', RequestItems: unprocessed};
		expect(dynamodb.commandCalls(BatchWriteItemCommand).map(call => call.args[0].input)).toEqual([first, again]);
	});
});
