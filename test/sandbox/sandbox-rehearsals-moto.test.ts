/**
 * `belay sandbox` tells an operator how to rehearse each bundled runbook, and what it says works:
 * the commands it prints for rds-snapshot and simpledb-backup (and the line that puts its stand-in
 * repoman-cli on the PATH) are run as printed, in a shell with `belay` on the PATH and no AWS
 * settings, headless (`--non-interactive --yes`, and `--runbooks`: the test's build is not beside
 * the runbooks), and each leaves its result in the sandbox's moto: a new manual snapshot of the
 * seeded instance, a backup of the seeded domain in the backups bucket.
 */
import {spawn, type ChildProcess} from 'node:child_process';
import {mkdirSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {DescribeDBSnapshotsCommand, RDSClient} from '@aws-sdk/client-rds';
import {GetObjectCommand, ListObjectsV2Command, S3Client} from '@aws-sdk/client-s3';
import {afterAll, expect, test} from 'vitest';
import {onPath} from '../../source/sandbox/moto-server.js';
import {awsFreeEnv, buildPrivateCli, root, scratch, type Cli, type Exit} from '../aws/cli.js';
import {stopSandbox} from './stop-sandbox.js';

let cli: Cli | undefined;
let dir = '';
let sandbox: ChildProcess | undefined;

afterAll(async () => {
	await stopSandbox(sandbox);
	cli?.dispose();
	if (dir) rmSync(dir, {recursive: true, force: true});
});

/** Runs a script in bash as an operator's shell would, `belay` on the PATH, no AWS settings. */
function shell(script: string, bin: string): Promise<Exit> {
	const env = awsFreeEnv({PATH: `${bin}:${process.env['PATH'] ?? ''}`});
	for (const name of ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_REGION']) delete env[name];
	const child = spawn('bash', ['-c', script], {cwd: dir, env, stdio: ['ignore', 'pipe', 'pipe']});
	let stdout = '';
	let stderr = '';
	child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
	child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
	return new Promise(resolve => child.on('close', code => resolve({code, stdout, stderr})));
}

const printed = (out: string, pattern: RegExp): string => (pattern.exec(out)?.[0] ?? '').trim();

test.skipIf(!onPath('moto_server') || !onPath('aws'))(
	'the commands the sandbox prints rehearse rds-snapshot and simpledb-backup to the end against it',
	{timeout: 150_000},
	async () => {
		cli = await buildPrivateCli();
		dir = scratch('sandbox-rehearsals');
		const state = join(dir, 'state');
		const bin = join(dir, 'bin');
		mkdirSync(bin);
		writeFileSync(join(bin, 'belay'), `#!/bin/sh\nexec "${process.execPath}" "${cli.bin}" "$@"\n`, {mode: 0o755});
		sandbox = spawn(process.execPath, [cli.bin, 'sandbox', '--port', '0', '--state-dir', state], {env: awsFreeEnv({}), stdio: ['ignore', 'pipe', 'pipe']});
		let out = '';
		sandbox.stdout!.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
		sandbox.stderr!.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
		const deadline = Date.now() + 100_000;
		while (!out.includes('Stop it with Ctrl-C')) {
			if (Date.now() > deadline || sandbox.exitCode !== null) throw new Error(`belay sandbox did not start:\n${out}`);
			await new Promise(resolve => setTimeout(resolve, 50));
		}

		const snapshotCommand = printed(out, /^ +belay run rds-snapshot .*$/m);
		const backupCommand = printed(out, /^ +belay run simpledb-backup .*$/m);
		const pathLine = printed(out, /^ +export PATH=.*$/m);
		expect(snapshotCommand).toBe('belay run rds-snapshot --env sandbox --input instance=cobalt-db --input release=v4.3.0');
		expect(out).toContain('  belay run restore-rds-snapshot --env sandbox --input instance=cobalt-db --input ebEnvironment=cobalt-production\n');
		const inputs = '--input domain=repoman-sandbox --input repoBucket=repoman-sandbox-repo --input backupBucket=repoman-sandbox-backups';
		expect(backupCommand).toBe(`belay run simpledb-backup --env sandbox ${inputs}`);
		expect(out).toContain(`  belay run simpledb-restore --env sandbox ${inputs}\n`);
		// The test's PATH has no repoman-cli: the sandbox says where its stand-in is.
		expect(pathLine).toMatch(/^export PATH="\/.+\/repoman:\$PATH" +# belay's stand-in repoman-cli$/);

		const headless = `--state-dir ${state} --runbooks ${join(root, 'runbooks')} --non-interactive --yes`;
		const [snapshot, backup] = await Promise.all([shell(`${snapshotCommand} ${headless}`, bin), shell(`${pathLine}\n${backupCommand} ${headless}`, bin)]);

		expect(snapshot.code, `${snapshot.stdout}\n${snapshot.stderr}`).toBe(0);
		expect(backup.code, `${backup.stdout}\n${backup.stderr}`).toBe(0);
		const {endpoints} = JSON.parse(readFileSync(join(state, 'sandbox', 'address.json'), 'utf8')) as {endpoints: Record<string, string>};
		const credentials = {accessKeyId: 'belay-sandbox', secretAccessKey: 'belay-sandbox'};
		const rds = new RDSClient({endpoint: endpoints['rds'], region: 'eu-west-1', credentials});
		const s3 = new S3Client({endpoint: endpoints['s3'], region: 'us-east-1', credentials, forcePathStyle: true});
		try {
			const {DBSnapshots = []} = await rds.send(new DescribeDBSnapshotsCommand({DBInstanceIdentifier: 'cobalt-db', SnapshotType: 'manual'}));
			const taken = DBSnapshots.map(one => one.DBSnapshotIdentifier ?? '').filter(name => /^cobalt-db-release-v4-3-0-\d{8}-\d{4}$/.test(name));
			expect(taken).toHaveLength(1);
			expect(DBSnapshots.find(one => one.DBSnapshotIdentifier === taken[0])?.Status).toBe('available');

			const {Contents = []} = await s3.send(new ListObjectsV2Command({Bucket: 'repoman-sandbox-backups', Prefix: 'repoman-backups/'}));
			const made = Contents.map(object => object.Key ?? '').filter(key => /^repoman-backups\/repoman-sandbox-\d{8}T\d{6}Z\.json$/.test(key) && !key.endsWith('T020000Z.json'));
			expect(made).toHaveLength(1);
			const body = JSON.parse(await (await s3.send(new GetObjectCommand({Bucket: 'repoman-sandbox-backups', Key: made[0]}))).Body!.transformToString()) as Record<string, unknown>;
			expect(Object.keys(body).sort()).toEqual(['_repoman_config', 'hello_2.10-1_amd64', 'testdeb_1.0_all']);
		} finally {
			rds.destroy();
			s3.destroy();
		}
	},
);
