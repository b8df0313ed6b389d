import {DescribeDBInstancesCommand, DescribeDBSnapshotsCommand, RDSClient} from '@aws-sdk/client-rds';
import {afterAll, beforeAll, describe, expect, test} from 'vitest';
import {motoClientConfig, motoUrl, uniqueName} from '../helpers/moto.js';
import {buildPrivateCli, describeExit, show, stepOf, type Cli} from './cli.js';
import {MotoRunner} from './moto-run.js';

/**
 * RDS through belay against moto: create an instance, snapshot it, restore the snapshot into a new
 * instance and wait for each to be available; and a wait whose failWhen becomes true.
 */

let cli: Cli;
let runner: MotoRunner;
let rds: RDSClient;

beforeAll(async () => {
	const url = await motoUrl();
	cli = await buildPrivateCli();
	runner = new MotoRunner(cli, url, 'moto-rds');
	rds = new RDSClient(motoClientConfig(url));
});

afterAll(() => {
	rds?.destroy();
	runner?.dispose();
	cli?.dispose();
});

const createInstance = (id: string): Record<string, unknown> => ({
	id: 'create-instance',
	title: `Create ${id}`,
	aws: {
		service: 'rds',
		command: 'CreateDBInstance',
		input: {DBInstanceIdentifier: id, DBInstanceClass: 'db.t3.micro', Engine: 'postgres', MasterUsername: 'cobalt', MasterUserPassword: 'not-a-secret-1', AllocatedStorage: 20},
	},
});

/** A wait for an instance to be available, as a restore runbook writes it. */
const instanceAvailable = (key: string, instance: string): Record<string, unknown> => ({
	id: key,
	title: `Wait for ${instance} to be available`,
	wait: {
		aws: {service: 'rds', command: 'DescribeDBInstances', input: {DBInstanceIdentifier: instance}},
		until: "result.DBInstances[0].DBInstanceStatus = 'available'",
		failWhen: "result.DBInstances[0].DBInstanceStatus in ['failed', 'incompatible-restore', 'restore-error', 'stopping', 'stopped', 'storage-full']",
		interval: '1s',
		timeout: '30s',
		message: '${{ result.DBInstances[0].DBInstanceIdentifier & " is " & result.DBInstances[0].DBInstanceStatus }}',
	},
	outputs: {endpoint: 'result.DBInstances[0].Endpoint.Address', created: 'result.DBInstances[0].InstanceCreateTime'},
});

describe('RDS on moto, through the CLI', () => {
	test('create an instance, snapshot it, restore the snapshot into a new instance, wait for it: the new instance is there, from that snapshot', async () => {
		const instance = uniqueName('cobalt');
		const snapshot = `${instance}-pre-release`;
		const restored = `${instance}-restored`;

		const {exit, state, runId} = await runner.run([
			createInstance(instance),
			instanceAvailable('instance-available', instance),
			{
				id: 'snapshot',
				title: `Snapshot ${instance}`,
				aws: {service: 'rds', command: 'CreateDBSnapshot', input: {DBInstanceIdentifier: instance, DBSnapshotIdentifier: snapshot}},
			},
			{
				id: 'snapshot-available',
				title: 'Wait for the snapshot',
				wait: {
					aws: {service: 'rds', command: 'DescribeDBSnapshots', input: {DBSnapshotIdentifier: snapshot}},
					until: "result.DBSnapshots[0].Status = 'available'",
					failWhen: "result.DBSnapshots[0].Status = 'failed'",
					interval: '1s',
					timeout: '30s',
				},
			},
			{
				id: 'restore-instance',
				title: 'Restore the snapshot into a new instance',
				aws: {service: 'rds', command: 'RestoreDBInstanceFromDBSnapshot', input: {DBInstanceIdentifier: restored, DBSnapshotIdentifier: snapshot}},
			},
			instanceAvailable('restored-available', '${{ steps.`restore-instance`.result.DBInstance.DBInstanceIdentifier }}'),
		]);

		expect(exit.code, describeExit(exit)).toBe(0);
		expect(exit.stdout).toContain(`… restored-available: poll 1 ${restored} is available\n`);
		const document = await show(cli, state, runId);
		expect(document.steps.every(step => step.status === 'succeeded')).toBe(true);
		const {outputs} = stepOf(document, 'restored-available');
		expect(outputs['endpoint']).toMatch(new RegExp(`^${restored}\\.[a-z0-9]+\\.eu-west-1\\.rds\\.amazonaws\\.com$`));
		// Timestamps reach expressions as ISO 8601 strings.
		expect(outputs['created']).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);

		// What moto holds: the snapshot of the first instance, and the new instance as the run saw it.
		const {DBSnapshots = []} = await rds.send(new DescribeDBSnapshotsCommand({DBInstanceIdentifier: instance, SnapshotType: 'manual'}));
		expect(DBSnapshots.map(candidate => [candidate.DBSnapshotIdentifier, candidate.Status])).toEqual([[snapshot, 'available']]);
		const {DBInstances = []} = await rds.send(new DescribeDBInstancesCommand({DBInstanceIdentifier: restored}));
		expect(DBInstances.map(candidate => [candidate.DBInstanceStatus, candidate.Engine, candidate.Endpoint?.Address])).toEqual([
			['available', 'postgres', outputs['endpoint']],
		]);
	});

	test('an instance stopped while the run waits for it to be available: failWhen is true, the wait fails (exit 1) naming the status', async () => {
		const instance = uniqueName('cobalt');

		const {exit, runId} = await runner.run([
			createInstance(instance),
			{id: 'stop', title: `Stop ${instance}`, aws: {service: 'rds', command: 'StopDBInstance', input: {DBInstanceIdentifier: instance}}},
			instanceAvailable('instance-available', instance),
			{id: 'after', title: 'Never reached', shell: 'echo reached'},
		]);

		expect(exit.code, describeExit(exit)).toBe(1);
		expect(exit.stdout).toContain(`✘ instance-available failed: the wait ended in failure (failWhen is true): ${instance} is stopped\n`);
		expect(exit.stdout).not.toContain('after | reached');
		expect(exit.stderr).toContain(`belay resume ${runId}`);
		const {DBInstances = []} = await rds.send(new DescribeDBInstancesCommand({DBInstanceIdentifier: instance}));
		expect(DBInstances[0]?.DBInstanceStatus).toBe('stopped');
	});
});
