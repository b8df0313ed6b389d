import {spawn} from 'node:child_process';
import {createServer, type Server} from 'node:http';
import type {AddressInfo} from 'node:net';
import {rmSync} from 'node:fs';
import {join} from 'node:path';
import {DescribeDBSnapshotsCommand, RDSClient} from '@aws-sdk/client-rds';
import {afterAll, beforeAll, describe, expect, test} from 'vitest';
import {motoClientConfig, motoEnv, motoUrl} from '../helpers/moto.js';
import {describeInstance, makeCobaltWorld, propertiesNamespace, settingsOf, type CobaltWorld} from '../standins/cobalt-environment.js';
import {startElasticBeanstalkStandIn, type ElasticBeanstalkStandIn} from '../standins/elastic-beanstalk.js';
import {actionOf, startStandInProxy, type StandInProxy} from '../standins/proxy.js';
import {awsFreeEnv, buildPrivateCli, describeExit, root, scratch, writeRunbook, type Cli, type Exit} from './cli.js';

/**
 * The bundled rds-snapshot and restore-rds-snapshot (seed 004), run by the CLI as bundled, in their
 * `sandbox` environment (moto's account), against moto's RDS and the Elastic Beanstalk stand-in
 * (moto has no UpdateEnvironment or configuration settings). RDS calls pass through a stand-in that
 * can report a new instance in another state for its first polls: moto's restores are available at
 * once, so that is how a run is caught mid-wait, or meets a failure state.
 */

let cli: Cli;
let url = '';
let rds: RDSClient;
let eb: ElasticBeanstalkStandIn;
let rdsProxy: StandInProxy;
/** One world per test, made while the CLI is built. */
let worlds: {dry: CobaltWorld; real: CobaltWorld; resumed: CobaltWorld; failed: CobaltWorld};
let health: Server;
let healthUrl = '';
let healthHits = 0;
const dir = scratch('rds-runbooks');
/** Statuses the RDS stand-in reports for an instance, one per DescribeDBInstances, before moto's own. */
const statuses = new Map<string, string[]>();
/** RestoreDBInstanceFromDBSnapshot requests seen, by new instance. */
const restores = new Map<string, number>();

beforeAll(async () => {
	url = await motoUrl();
	rds = new RDSClient(motoClientConfig(url));
	eb = await startElasticBeanstalkStandIn(url, {updatingPolls: 0});
	const made = (async () => {
		// The first world wakes moto's RDS and EC2 (seconds); the others follow at once.
		const dry = await makeCobaltWorld(url, eb);
		// The resumed run restores an instance made with none of the settings (no subnet group, defaults): the checks hold for it too.
		const [real, resumed, failed] = await Promise.all([makeCobaltWorld(url, eb), makeCobaltWorld(url, eb, {bare: true}), makeCobaltWorld(url, eb)]);
		return {dry, real, resumed, failed};
	})();
	[cli, worlds] = await Promise.all([buildPrivateCli(), made]);
	rdsProxy = await startStandInProxy(url, async (exchange, forward) => {
		const parameters = new URLSearchParams(exchange.body);
		const instance = parameters.get('DBInstanceIdentifier') ?? '';
		const action = actionOf(exchange);
		if (action === 'RestoreDBInstanceFromDBSnapshot') restores.set(instance, (restores.get(instance) ?? 0) + 1);
		const answer = await forward();
		const status = action === 'DescribeDBInstances' ? statuses.get(instance)?.shift() : undefined;
		return status ? {...answer, body: answer.body.replace(/<DBInstanceStatus>[^<]*</, `<DBInstanceStatus>${status}<`)} : answer;
	});
	health = createServer((request, response) => {
		healthHits++;
		response.writeHead(request.url === '/health' ? 200 : 404).end('ok');
	});
	await new Promise<void>(resolve => health.listen(0, '127.0.0.1', resolve));
	healthUrl = `http://127.0.0.1:${(health.address() as AddressInfo).port}/health`;
}, 120_000);

afterAll(async () => {
	rds?.destroy();
	await Promise.all([eb?.close(), rdsProxy?.close(), new Promise(resolve => (health ? health.close(resolve) : resolve(undefined)))]);
	cli?.dispose();
	rmSync(dir, {recursive: true, force: true});
});

const env = (): Record<string, string> => ({...motoEnv(url), AWS_ENDPOINT_URL_RDS: rdsProxy.endpoint, AWS_ENDPOINT_URL_ELASTIC_BEANSTALK: eb.endpoint});
const state = join(dir, 'state');
let runs = 0;

/** The arguments of `belay run` for a bundled runbook in the sandbox, headless, `--yes`. */
function runArgs(runbook: string, inputs: Record<string, string>, more: readonly string[] = []): {args: string[]; runId: string} {
	const runId = `${runbook}-${++runs}-${Math.random().toString(36).slice(2, 6)}`;
	const given = Object.entries(inputs).flatMap(([name, value]) => ['--input', `${name}=${value}`]);
	const args = ['run', join(root, 'runbooks', `${runbook}.yaml`), '--env', 'sandbox', '--non-interactive', '--yes', '--state-dir', state, '--run-id', runId, ...given, ...more];
	return {args, runId};
}

const restoreInputs = (world: CobaltWorld, more: Record<string, string> = {}): Record<string, string> => ({instance: world.instance, ebEnvironment: world.environment, ...more});

function answersFile(steps: Record<string, unknown>): string {
	return writeRunbook(dir, `answers-${++runs}.yaml`, {steps});
}

const appSettings = (world: CobaltWorld): [string | undefined, string | undefined] => {
	const settings = eb.settings(world.environment);
	return [settings[`${propertiesNamespace}:RDS_HOSTNAME`], settings[`${propertiesNamespace}:RDS_PORT`]];
};

async function snapshotsOf(instance: string): Promise<[string | undefined, string | undefined][]> {
	const {DBSnapshots = []} = await rds.send(new DescribeDBSnapshotsCommand({DBInstanceIdentifier: instance, SnapshotType: 'manual'}));
	return DBSnapshots.map(snapshot => [snapshot.DBSnapshotIdentifier, snapshot.Status]);
}

/** The new instance has the original's settings (and is available); its address. */
async function expectSameSettings(world: CobaltWorld, newInstance: string): Promise<string> {
	const restored = await describeInstance(rds, newInstance);
	expect(settingsOf(restored)).toEqual({...world.settings, status: 'available'});
	return restored?.Endpoint?.Address ?? '';
}

/** `belay` started as a child that the test can kill: its output so far, and its exit. */
function startBelay(args: readonly string[]): {output: () => string; kill: () => void; exited: Promise<Exit>} {
	const child = spawn(process.execPath, [cli.bin, ...args], {cwd: dir, env: awsFreeEnv(env()), stdio: ['ignore', 'pipe', 'pipe']});
	let stdout = '';
	let stderr = '';
	child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
	child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
	const exited = new Promise<Exit>(resolve => child.on('close', code => resolve({code, stdout, stderr})));
	return {output: () => stdout, kill: () => child.kill('SIGKILL'), exited};
}

async function until(condition: () => boolean, what: string, timeoutMs = 60_000): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (!condition()) {
		if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}`);
		await new Promise(resolve => setTimeout(resolve, 25));
	}
}

// Each test runs two or three CLI processes; on a loaded machine they take longer than the default 30 s.
describe.concurrent('rds-snapshot and restore-rds-snapshot, in the sandbox', {timeout: 120_000}, () => {
	test('dry runs finish: each reads what it needs, shows what it would change, and changes nothing; the docs read in order', async () => {
		const world = worlds.dry;
		const snapshot = runArgs('rds-snapshot', {instance: world.instance, release: 'v4.3.0'}, ['--dry-run']);
		const restore = runArgs('restore-rds-snapshot', restoreInputs(world), ['--dry-run']);

		const [snapshotExit, restoreExit, docs] = await Promise.all([
			cli.run(snapshot.args, {env: env(), cwd: dir}),
			cli.run(restore.args, {env: env(), cwd: dir}),
			cli.run(['docs', join(root, 'runbooks', 'restore-rds-snapshot.yaml')], {cwd: dir}),
		]);

		expect(snapshotExit.code, describeExit(snapshotExit)).toBe(0);
		expect(snapshotExit.stdout).toMatch(
			new RegExp(`◌ create-snapshot: dry run, not performed\\n  would: aws rds CreateDBSnapshot \\{"DBInstanceIdentifier":"${world.instance}","DBSnapshotIdentifier":"${world.instance}-release-v4-3-0-\\d{8}-\\d{4}"`),
		);
		expect(snapshotExit.stdout).toContain('◌ snapshot-available: dry run, not performed\n');
		expect(restoreExit.code, describeExit(restoreExit)).toBe(0);
		expect(restoreExit.stdout).not.toContain('✘');
		// The new instance's name by default: the old one's and the time; the newest snapshot by default.
		const newInstance = new RegExp(`"DBInstanceIdentifier":"(${world.instance}-\\d{8}-\\d{4})"`).exec(restoreExit.stdout)?.[1] ?? 'none';
		expect(restoreExit.stdout).toContain(
			`would: aws rds RestoreDBInstanceFromDBSnapshot {"DBInstanceIdentifier":"${newInstance}","DBSnapshotIdentifier":"${world.snapshots[1]}","DBInstanceClass":"db.m5.large","DBSubnetGroupName":"${world.settings.subnetGroup}","VpcSecurityGroupIds":${JSON.stringify(world.settings.securityGroups)},"DBParameterGroupName":"${world.settings.parameterGroups[0]}","MultiAZ":true,`,
		);
		for (const shown of ['restored', 'repoint', 'app-ready']) expect(restoreExit.stdout).toContain(`◌ ${shown}: dry run, not performed\n`);
		expect(restoreExit.stdout).toContain('↷ delete-old-instance skipped (its when is false)\n');
		expect(restoreExit.stdout).toContain(`belay: run ${restore.runId} succeeded`);
		// The runbook as a document: every step in order, the typed confirmation named.
		expect(docs.code, describeExit(docs)).toBe(0);
		expect(docs.stdout).toMatch(/^# Restore an RDS snapshot and point the app at it\n/);
		expect(docs.stdout).toContain('### 29. Close the restore\n');
		expect(docs.stdout).toContain('- **Confirm text:** the operator must type `${{ inputs.instance }}` to proceed');
		// Nothing changed.
		expect(await snapshotsOf(world.instance)).toEqual(world.snapshots.map(name => [name, 'available']));
		expect(await describeInstance(rds, newInstance)).toBeUndefined();
		expect(appSettings(world)).toEqual([world.address, '5432']);
		expect(eb.updates.filter(update => update.environmentName === world.environment)).toEqual([]);
	});

	test('a snapshot before a release, then its restore: a new instance with the old settings, the app repointed and checked, the old instance deleted after a final snapshot', async () => {
		const world = worlds.real;
		const newInstance = `${world.instance}-restored`;
		const snapshot = runArgs('rds-snapshot', {instance: world.instance, release: 'v4.3.0'});
		const snapshotExit = await cli.run(snapshot.args, {env: env(), cwd: dir});

		expect(snapshotExit.code, describeExit(snapshotExit)).toBe(0);
		const taken = /show-snapshot \| snapshot +(\S+)/.exec(snapshotExit.stdout)?.[1] ?? 'none';
		expect(taken).toMatch(new RegExp(`^${world.instance}-release-v4-3-0-\\d{8}-\\d{4}$`));
		expect(snapshotExit.stdout).toContain(`show-snapshot | status       available\nshow-snapshot | type         manual\n`);
		const {DBSnapshots = []} = await rds.send(new DescribeDBSnapshotsCommand({DBSnapshotIdentifier: taken}));
		expect([DBSnapshots[0]?.Status, DBSnapshots[0]?.TagList]).toEqual([
			'available',
			[
				{Key: 'release', Value: 'v4.3.0'},
				{Key: 'belay-run', Value: snapshot.runId},
			],
		]);

		const hits = healthHits;
		const answers = answersFile({'old-instance-fate': 'delete', 'confirm-delete': {confirmText: world.instance}});
		const {args, runId} = runArgs('restore-rds-snapshot', restoreInputs(world, {newInstance, healthUrl}), ['--answers', answers]);
		const exit = await cli.run(args, {env: env(), cwd: dir});

		expect(exit.code, describeExit(exit)).toBe(0);
		expect(exit.stdout).not.toMatch(/^[✘↷◌]/m);
		expect(exit.stdout).toContain(`belay: run ${runId} succeeded`);
		// The newest snapshot, the one just taken, was offered first and taken (--yes takes a select's default).
		expect(exit.stdout).toContain('snapshot: 4 option(s) listed\n');
		expect(restores.get(newInstance)).toBe(1);
		expect(exit.stdout).toContain(`aws rds RestoreDBInstanceFromDBSnapshot {"DBInstanceIdentifier":"${newInstance}","DBSnapshotIdentifier":"${taken}",`);
		const address = await expectSameSettings(world, newInstance);
		expect(appSettings(world)).toEqual([address, '5432']);
		expect(exit.stdout).toContain(`smoke-check | 200 from ${healthUrl}\n`);
		expect(healthHits).toBeGreaterThan(hits);
		// The old instance is gone; its final snapshot is kept.
		expect(await describeInstance(rds, world.instance)).toBeUndefined();
		expect((await snapshotsOf(world.instance)).filter(([name]) => name?.startsWith(`${world.instance}-final-`)).map(([, status]) => status)).toEqual(['available']);
	});

	test('killed while it waits for the new instance, then resumed: the wait picks up, the restore is not repeated, and the old instance is kept (the default)', async () => {
		const world = worlds.resumed;
		const newInstance = `${world.instance}-resumed`;
		statuses.set(newInstance, ['creating']);
		const {args, runId} = runArgs('restore-rds-snapshot', restoreInputs(world, {newInstance}));

		const first = startBelay(args);
		await until(() => first.output().includes(`… restored: poll 1 ${newInstance} is creating\n`), 'the first poll of the new instance');
		first.kill();
		expect((await first.exited).code).toBeNull();
		expect(appSettings(world)).toEqual([world.address, '5432']);

		const resumed = await cli.run(['resume', runId, '--non-interactive', '--yes', '--state-dir', state], {env: env(), cwd: dir});

		expect(resumed.code, describeExit(resumed)).toBe(0);
		expect(resumed.stdout).toContain(`… restored: poll 1 ${newInstance} is available\n`);
		expect(restores.get(newInstance)).toBe(1);
		// The newest of the world's snapshots was taken by default.
		expect(first.output()).toContain(`"DBSnapshotIdentifier":"${world.snapshots[1]}"`);
		const address = await expectSameSettings(world, newInstance);
		expect(appSettings(world)).toEqual([address, '5432']);
		// Kept: still there as it was, and no final snapshot.
		for (const id of ['confirm-delete', 'old-instance-unprotect', 'delete-old-instance', 'old-instance-gone', 'final-snapshot']) {
			expect(resumed.stdout).toContain(`↷ ${id} skipped (its when is false)\n`);
		}
		expect(resumed.stdout).toContain(`belay: run ${runId} succeeded`);
		expect(settingsOf(await describeInstance(rds, world.instance))).toEqual(world.settings);
		expect((await snapshotsOf(world.instance)).map(([name]) => name)).toEqual(world.snapshots);
	});

	test('the new instance ends in a failure state: the wait fails naming it, and the app is not touched', async () => {
		const world = worlds.failed;
		const newInstance = `${world.instance}-failed`;
		statuses.set(newInstance, ['incompatible-parameters']);
		const {args, runId} = runArgs('restore-rds-snapshot', restoreInputs(world, {newInstance}));

		const exit = await cli.run(args, {env: env(), cwd: dir});

		expect(exit.code, describeExit(exit)).toBe(1);
		expect(exit.stdout).toContain(`✘ restored failed: the wait ended in failure (failWhen is true): ${newInstance} is incompatible-parameters\n`);
		expect(exit.stderr).toContain(`belay resume ${runId}`);
		expect(exit.stdout).not.toContain('▶ repoint');
		expect(appSettings(world)).toEqual([world.address, '5432']);
		expect(eb.updates.filter(update => update.environmentName === world.environment)).toEqual([]);
		expect((await describeInstance(rds, world.instance))?.DBInstanceStatus).toBe('available');
	});
});
