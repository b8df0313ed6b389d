import {execFileSync} from 'node:child_process';
import {rmSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {CreateBucketCommand, GetObjectCommand, ListObjectsV2Command, PutBucketVersioningCommand, S3Client} from '@aws-sdk/client-s3';
import {afterAll, beforeAll, describe, expect, test} from 'vitest';
import {keysEnv, motoClientConfig, motoEnv, motoKeys, motoUrl, uniqueName} from '../helpers/moto.js';
import {buildPrivateCli, describeExit, root, scratch, show, stepOf, type Cli, type Exit} from './cli.js';

/**
 * The bundled simpledb-backup and simpledb-restore, rehearsed through the CLI in their `sandbox`
 * environment against moto (SimpleDB, S3) and the stand-in repoman-cli (source/sandbox/repoman),
 * which the runbooks' shell steps find on the PATH: a repository bucket without versioning is
 * refused; a backup lands in the backup bucket as the domain's JSON; a restore takes a fresh backup
 * before anything changes and brings deleted items back on top of the current state. (A clean
 * restore, which deletes and creates the domain with python3 and boto3, costs one more run with two
 * more `aws` CLI starts: left out to keep these tests within their time budget.)
 */

type Backup = Record<string, Record<string, string[]>>;

let cli: Cli;
let url = '';
let dir = '';
let s3: S3Client;
const domain = `${uniqueName('repo')}.sdb`;
const repoBucket = uniqueName('repoman-repo');
const backupBucket = uniqueName('repoman-backups');
const standins = join(root, 'source', 'sandbox', 'repoman');
const region = 'us-east-1';
const config = {architectures: ['amd64'], components: ['main'], distributions: ['xenial', 'bionic']};
const testdeb = {name: ['testdeb'], version: ['1.0'], distribution: ['xenial']};

/** The stand-in, as the test changes the repository with it (as `repoman-cli add`/`rm` would). */
function repoman(...args: string[]): string {
	return execFileSync(join(standins, 'repoman-cli'), ['--simpledb-domain', domain, '--s3-bucket', repoBucket, ...args], {
		encoding: 'utf8',
		env: {...process.env, AWS_ENDPOINT_URL: url, AWS_REGION: region, ...keysEnv(motoKeys)},
	});
}
const state = (): Backup => JSON.parse(repoman('backup')) as Backup;

beforeAll(async () => {
	url = await motoUrl();
	cli = await buildPrivateCli();
	dir = scratch('simpledb');
	s3 = new S3Client({...motoClientConfig(url), region, forcePathStyle: true});
	await Promise.all([repoBucket, backupBucket].map(Bucket => s3.send(new CreateBucketCommand({Bucket}))));
	repoman('setup', '-a', 'amd64', '-d', 'xenial', '-d', 'bionic', '-c', 'main');
	repoman('standin-put', 'testdeb_1.0_all', 'name=testdeb', 'version=1.0', 'distribution=xenial');
}, 60_000);

afterAll(() => {
	s3?.destroy();
	if (dir) rmSync(dir, {recursive: true, force: true});
	cli?.dispose();
});

async function belay(runbook: string, answers: Record<string, unknown> = {}): Promise<{exit: Exit; runId: string; state: string}> {
	const runId = uniqueName(runbook);
	const stateDir = join(dir, 'state');
	const answersFile = join(dir, `${runId}-answers.json`);
	writeFileSync(answersFile, JSON.stringify({steps: answers}));
	const inputs = {domain, repoBucket, backupBucket}; // backupPrefix: the default, repoman-backups/
	const args = Object.entries(inputs).flatMap(([name, value]) => ['--input', `${name}=${value}`]);
	const file = join(root, 'runbooks', `${runbook}.yaml`);
	const exit = await cli.run(['run', file, '--env', 'sandbox', '--yes', '--non-interactive', '--answers', answersFile, '--state-dir', stateDir, '--run-id', runId, ...args], {
		env: {...motoEnv(url), PATH: `${standins}:${process.env['PATH'] ?? ''}`},
		cwd: dir,
	});
	return {exit, runId, state: stateDir};
}

const backupKeys = async (): Promise<string[]> => ((await s3.send(new ListObjectsV2Command({Bucket: backupBucket}))).Contents ?? []).map(object => object.Key ?? '').sort();
const backupObject = async (key: string): Promise<Backup> =>
	JSON.parse(await (await s3.send(new GetObjectCommand({Bucket: backupBucket, Key: key}))).Body!.transformToString()) as Backup;

describe('the bundled simpledb runbooks, against moto and the stand-in repoman-cli', () => {
	test('a backup is refused while the repository bucket has no versioning, then lands in the backup bucket as the domain JSON', async () => {
		const refused = await belay('simpledb-backup');
		expect(refused.exit.code, describeExit(refused.exit)).toBe(1);
		const refusedRun = await show(cli, refused.state, refused.runId);
		expect(stepOf(refusedRun, 'versioning-enabled').error?.message).toContain(
			`versioning is never enabled on the repository bucket ${repoBucket}: a package file overwritten with \`repoman-cli add --overwrite\` could not be recovered. Enable it (aws s3api put-bucket-versioning --bucket ${repoBucket} --versioning-configuration Status=Enabled)`,
		);
		expect(stepOf(refusedRun, 'backup').status).toBe('pending');
		expect(await backupKeys()).toEqual([]);

		await s3.send(new PutBucketVersioningCommand({Bucket: repoBucket, VersioningConfiguration: {Status: 'Enabled'}}));
		const backup = await belay('simpledb-backup');
		expect(backup.exit.code, describeExit(backup.exit)).toBe(0);
		expect(stepOf(await show(cli, backup.state, backup.runId), 'backup').outputs).toMatchObject({items: 2});
		const keys = await backupKeys();
		expect(keys).toHaveLength(1);
		expect(keys[0]).toMatch(new RegExp(`^repoman-backups/${domain.replace(/\./g, '\\.')}-\\d{8}T\\d{6}Z\\.json$`));
		expect(await backupObject(keys[0]!)).toEqual({_repoman_config: config, 'testdeb_1.0_all': testdeb});
	}, 120_000);

	test('a restore takes a fresh backup first, then, on top of the current state, brings deletions back and keeps additions', async () => {
		// Since the backup: testdeb removed, a package added, a distribution dropped from the configuration.
		repoman('standin-rm', 'testdeb_1.0_all');
		repoman('standin-put', 'newdeb_2.0_all', 'name=newdeb', 'version=2.0', 'distribution=xenial');
		repoman('standin-put', '_repoman_config', 'distributions=xenial');
		const before = state();

		const onTop = await belay('simpledb-restore', {mode: 'on-top'});
		expect(onTop.exit.code, describeExit(onTop.exit)).toBe(0);
		const run = await show(cli, onTop.state, onTop.runId);
		expect(onTop.exit.stdout).toMatch(/compare \| deleted since the backup=1\ncompare \| {3}testdeb_1\.0_all\ncompare \| added since the backup=1\ncompare \| {3}newdeb_2\.0_all\ncompare \| changed since the backup=1\ncompare \| {3}_repoman_config/);
		// The fresh backup was taken, and is in the bucket, before the restore started.
		const at = (id: string, field: 'startedAt' | 'endedAt'): string => (stepOf(run, id) as unknown as Record<string, string>)[field] ?? '';
		expect(stepOf(run, 'fresh-backup-complete').status).toBe('succeeded');
		expect(at('fresh-backup-complete', 'endedAt') <= at('restore', 'startedAt')).toBe(true);
		const fresh = (await backupKeys()).filter(key => key.endsWith('-before-restore.json'));
		expect(fresh).toHaveLength(1);
		expect(await backupObject(fresh[0]!)).toEqual(before);
		expect(stepOf(run, 'clean-domain').status).toBe('skipped');
		expect(state()).toEqual({_repoman_config: config, 'testdeb_1.0_all': testdeb, 'newdeb_2.0_all': before['newdeb_2.0_all']});
		expect(stepOf(run, 'restored').status).toBe('succeeded');
	}, 120_000);
});
