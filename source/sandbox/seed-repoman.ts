/**
 * Repoman's apt repository as the SimpleDB runbooks (simpledb-backup, simpledb-restore; seed 003)
 * meet it, in the sandbox's moto, in the region of their `sandbox` environment: the repository's S3
 * bucket, versioned, with a package file in it; a bucket for the backups; and the SimpleDB domain
 * with the repository's configuration and two packages, written by belay's stand-in repoman-cli
 * itself (`setup`, then `restore` of a file with the packages), so that the stand-in reads them back as Repoman would; and one
 * backup, taken the day before (`<prefix><domain>-YYYYMMDDT020000Z.json`), that still holds a package
 * deleted since and not one added since, so a restore has something to bring back.
 *
 * Seeding twice is harmless: what is already there is left as it is.
 */
import {execFile} from 'node:child_process';
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {promisify} from 'node:util';
import {CreateBucketCommand, PutBucketVersioningCommand, PutObjectCommand, S3Client} from '@aws-sdk/client-s3';
import type {SandboxKeys} from './moto-service.js';
import {repomanStandInDir} from './repoman-stand-in.js';

export const repomanSandbox = {
	/** The region of the runbooks' `sandbox` environment: moto keeps SimpleDB domains per region. */
	region: 'us-east-1',
	domain: 'repoman-sandbox',
	repoBucket: 'repoman-sandbox-repo',
	backupBucket: 'repoman-sandbox-backups',
} as const;

export const repomanPackages: Readonly<Record<string, Readonly<Record<string, string>>>> = {
	'hello_2.10-1_amd64': {name: 'hello', version: '2.10-1', architecture: 'amd64', distribution: 'bionic', component: 'main'},
	'testdeb_1.0_all': {name: 'testdeb', version: '1.0', architecture: 'all', distribution: 'xenial', component: 'main'},
};

/** The repository's configuration item, as `repoman-cli setup` writes it. */
const config = {architectures: ['amd64', 'all'], distributions: ['xenial', 'bionic'], components: ['main']};
const deletedSince = {'oldtool_0.9_all': {name: 'oldtool', version: '0.9', architecture: 'all', distribution: 'xenial', component: 'main'}};

export type RepomanTarget = {readonly motoUrl: string; readonly credentials: SandboxKeys; readonly now: Date};

const listed = (values: Readonly<Record<string, string>>): Record<string, string[]> => Object.fromEntries(Object.entries(values).map(([name, value]) => [name, [value]]));

/** The backup of the day before: the configuration, hello, and oldtool (deleted since); not testdeb (added since). */
function earlierBackup(now: Date): {key: string; body: string} {
	const day = new Date(now.getTime() - 86_400_000).toISOString().slice(0, 10).replace(/-/g, '');
	const items = {_repoman_config: config, 'hello_2.10-1_amd64': listed(repomanPackages['hello_2.10-1_amd64']!), ...Object.fromEntries(Object.entries(deletedSince).map(([item, values]) => [item, listed(values)]))};
	return {key: `repoman-backups/${repomanSandbox.domain}-${day}T020000Z.json`, body: `${JSON.stringify(items)}\n`};
}

const run = promisify(execFile);

async function bucket(s3: S3Client, Bucket: string): Promise<void> {
	await s3.send(new CreateBucketCommand({Bucket})).catch((error: Error) => {
		if (error.name !== 'BucketAlreadyOwnedByYou' && error.name !== 'BucketAlreadyExists') throw error;
	});
}

/** Seeds the repository into a started moto; returns the names the runbooks take as inputs. */
export async function seedRepoman(target: RepomanTarget): Promise<typeof repomanSandbox> {
	const {region, domain, repoBucket, backupBucket} = repomanSandbox;
	const env = {
		...process.env,
		AWS_ENDPOINT_URL: target.motoUrl,
		AWS_ENDPOINT_URL_SDB: target.motoUrl,
		AWS_REGION: region,
		AWS_ACCESS_KEY_ID: target.credentials.accessKeyId,
		AWS_SECRET_ACCESS_KEY: target.credentials.secretAccessKey,
	};
	const script = join(repomanStandInDir(), 'repoman-cli.mjs');
	// What the stand-in said (one line on stderr), not Node's "Command failed" with the whole command line.
	const repoman = (...args: string[]) =>
		run(process.execPath, [script, '--simpledb-domain', domain, '--s3-bucket', repoBucket, ...args], {env}).catch((error: Error & {stderr?: string}) => {
			throw new Error(`repoman-cli ${args[0]}: ${(error.stderr?.trim() || error.message).split('\n')[0]}`);
		});
	const s3 = new S3Client({endpoint: target.motoUrl, region, credentials: target.credentials, forcePathStyle: true});
	try {
		await bucket(s3, repoBucket);
		await bucket(s3, backupBucket);
		const seeded = await repoman('checkup').then(
			() => true,
			() => false,
		);
		if (seeded) return repomanSandbox;
		await s3.send(new PutBucketVersioningCommand({Bucket: repoBucket, VersioningConfiguration: {Status: 'Enabled'}}));
		await s3.send(new PutObjectCommand({Bucket: repoBucket, Key: 'pool/main/h/hello/hello_2.10-1_amd64.deb', Body: 'not really a package (belay sandbox)'}));
		const earlier = earlierBackup(target.now);
		await s3.send(new PutObjectCommand({Bucket: backupBucket, Key: earlier.key, Body: earlier.body, ContentType: 'application/json'}));
		const flags = (flag: string, values: readonly string[]): string[] => values.flatMap(value => [flag, value]);
		await repoman('setup', ...flags('-a', config.architectures), ...flags('-d', config.distributions), ...flags('-c', config.components));
		// The packages in one start of the stand-in, as Repoman's own restore writes a file of items.
		const scratch = mkdtempSync(join(tmpdir(), 'belay-sandbox-repoman-'));
		try {
			const packages = join(scratch, 'packages.json');
			writeFileSync(packages, JSON.stringify(Object.fromEntries(Object.entries(repomanPackages).map(([item, values]) => [item, listed(values)]))));
			await repoman('restore', packages);
		} finally {
			rmSync(scratch, {recursive: true, force: true});
		}
		return repomanSandbox;
	} finally {
		s3.destroy();
	}
}
