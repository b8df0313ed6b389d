/**
 * The sandbox's moto service: where `moto_server` (Python moto) is installed, a moto on a free
 * loopback port, with belay's stand-ins in front of what moto lacks: AWS Backup recovery points,
 * restore jobs and backup selections (backup-stand-in.ts), Elastic Beanstalk's UpdateEnvironment
 * and configuration settings (elastic-beanstalk-stand-in.ts). Every runbook service is served:
 * `backup` and `elasticbeanstalk` by the stand-ins, the rest by moto itself.
 *
 *     const started = await startMotoService();
 *     if (started.status === 'not-installed') console.log(started.message);
 *     else { started.service.endpoints.osis; ...; await started.service.stop(); }
 *
 * moto answers as the account 123456789012 for any keys (`sandboxAccount`).
 */
import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {awsCatalog} from '../aws/catalog.js';
import {startBackupStandIn, type BackupStandIn} from './backup-stand-in.js';
import {startElasticBeanstalkStandIn, type ElasticBeanstalkStandIn} from './elastic-beanstalk-stand-in.js';
import {motoCommand, motoInstallHint, onPath, spawnMoto, waitForMoto} from './moto-server.js';
import type {SandboxService} from './sandbox-service.js';

export {sandboxAccount} from './sandbox-account.js';
export const sandboxRegion = 'eu-west-1';
/** Keys for the sandbox: moto takes any. */
export const sandboxKeys = {accessKeyId: 'AKIASANDBOX', secretAccessKey: 'sandbox'} as const;

export type SandboxKeys = {readonly accessKeyId: string; readonly secretAccessKey: string; readonly sessionToken?: string};

export type MotoService = SandboxService & {
	readonly name: 'moto';
	/** moto's own URL (every service; AWS_ENDPOINT_URL). */
	readonly motoUrl: string;
	readonly region: string;
	readonly credentials: SandboxKeys;
	readonly backup: BackupStandIn;
	readonly elasticBeanstalk: ElasticBeanstalkStandIn;
};

export type MotoServiceStart = {readonly status: 'started'; readonly service: MotoService} | {readonly status: 'not-installed'; readonly message: string};

export type MotoServiceOptions = {
	/** The region the stand-ins call moto in (default eu-west-1). */
	readonly region?: string;
	/** The keys the stand-ins call moto with: the account their recovery points are in (default: the sandbox's). */
	readonly credentials?: SandboxKeys;
	/** PATH to look for moto_server on (default: this process's). */
	readonly path?: string;
	/** How long moto may take to answer (default 30 s). */
	readonly timeoutMs?: number;
};

/** Why the sandbox has no moto, and what to do about it. */
export const motoMissingMessage = `${motoCommand} is not installed (not on PATH): the sandbox serves DynamoDB only, enough for the credentials runbooks. To rehearse the other runbooks (AWS Backup, OpenSearch ingestion, RDS, Elastic Beanstalk, S3, SimpleDB), install moto: ${motoInstallHint}`;

/** Every runbook service at `moto`, the stand-ins' services at theirs. */
export function motoEndpoints(moto: string, backup: string, elasticBeanstalk: string): Record<string, string> {
	const endpoints: Record<string, string> = {};
	for (const service of Object.keys(awsCatalog)) if (service !== 'dynamodb-document') endpoints[service] = moto;
	return {...endpoints, backup, elasticbeanstalk: elasticBeanstalk};
}

/** Starts moto and the stand-ins, or says that moto is not installed. Throws when moto does not start. */
export async function startMotoService(options: MotoServiceOptions = {}): Promise<MotoServiceStart> {
	if (!onPath(motoCommand, options.path)) return {status: 'not-installed', message: motoMissingMessage};
	const dir = mkdtempSync(join(tmpdir(), 'belay-sandbox-moto-'));
	const log = join(dir, 'moto.log');
	const server = await spawnMoto(log, 'the sandbox runs it');
	const stopped: (() => Promise<void>)[] = [
		async () => {
			await server.stop();
			rmSync(dir, {recursive: true, force: true});
		},
	];
	const stop = async (): Promise<void> => {
		for (const step of stopped.splice(0).reverse()) await step();
	};
	try {
		await waitForMoto(server.url, {log, exited: () => server.process.exitCode !== null || server.process.signalCode !== null, timeoutMs: options.timeoutMs ?? 30_000});
		const region = options.region ?? sandboxRegion;
		const credentials = options.credentials ?? sandboxKeys;
		const backup = await startBackupStandIn({motoUrl: server.url, credentials, region});
		stopped.push(() => backup.close());
		const elasticBeanstalk = await startElasticBeanstalkStandIn(server.url);
		stopped.push(() => elasticBeanstalk.close());
		const endpoints = motoEndpoints(server.url, backup.url, elasticBeanstalk.endpoint);
		return {status: 'started', service: {name: 'moto', endpoints, motoUrl: server.url, region, credentials, backup, elasticBeanstalk, stop}};
	} catch (error) {
		await stop();
		throw error;
	}
}
