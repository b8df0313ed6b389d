/**
 * A moto server (Python moto, `moto_server`) for one test file: started on a free local port in
 * beforeAll, stopped in afterAll. It serves DynamoDB, OSIS, RDS, KMS, STS, S3 and more over HTTP.
 * Kept small so a shared global setup can replace it.
 */
import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {dirname, join} from 'node:path';
import {afterAll, afterEach, beforeAll} from 'vitest';
import {spawnMoto, waitForMoto} from '../helpers/moto-server.js';
import {RunHarness} from './harness.js';

export type Moto = {
	/** `http://127.0.0.1:PORT` */
	readonly endpoint: string;
	/** Forgets every resource (moto's reset API). */
	reset(): Promise<void>;
	stop(): Promise<void>;
};

/** The environment AWS clients in tests use: fake keys, one region, no profile files. */
export const fakeAwsEnv = {
	AWS_ACCESS_KEY_ID: 'test',
	AWS_SECRET_ACCESS_KEY: 'test',
	AWS_REGION: 'us-east-1',
	AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
} as const;

/**
 * A moto of the test file's own (its resources forgotten with `reset` without touching other files'),
 * started with the shared helpers the global setup uses.
 */
export async function startMoto(): Promise<Moto> {
	const log = join(mkdtempSync(join(tmpdir(), 'belay-moto-')), 'moto.log');
	const server = await spawnMoto(log);
	await waitForMoto(server.url, {log, exited: () => server.process.exitCode !== null});
	return {
		endpoint: server.url,
		reset: async () => {
			await fetch(`${server.url}/moto-api/reset`, {method: 'POST'});
		},
		stop: async () => {
			await server.stop();
			rmSync(dirname(log), {recursive: true, force: true});
		},
	};
}

/**
 * For in-process harness tests: a moto of this file's own, the process's AWS settings pointed at
 * fake keys and no profile files, moto reset after each test; everything put back after the file.
 * Register it before the file's own hooks: its afterEach runs after theirs (a stand-in closed first).
 */
export function useHarnessMoto(): () => Moto {
	let moto: Moto | undefined;
	const saved = {...process.env};
	beforeAll(async () => {
		Object.assign(process.env, fakeAwsEnv, {AWS_EC2_METADATA_DISABLED: 'true', AWS_CONFIG_FILE: '/nonexistent', AWS_SHARED_CREDENTIALS_FILE: '/nonexistent'});
		moto = await startMoto();
	}, 60_000);
	afterEach(async () => {
		await moto?.reset();
	});
	afterAll(async () => {
		await moto?.stop();
		RunHarness.cleanUp();
		process.env = saved;
	});
	return () => moto!;
}
