/**
 * The moto server the AWS tests run against (started by test/global-setup.ts or .ci/run), and what a
 * test needs to use it: its URL once it answers, the environment that points the SDK (in a child
 * process or in this one) at it, and names no other test file uses. Test files run in parallel
 * against the one server, so each isolates itself by its names (and by account, see `assumeRole`),
 * never by resetting moto.
 */
import {randomBytes} from 'node:crypto';
import {AssumeRoleCommand, STSClient} from '@aws-sdk/client-sts';
import {readFileSync} from 'node:fs';
import {inject, vi} from 'vitest';
import {motoExitedMarker, waitForMoto} from './moto-server.js';

/** The account moto acts as for any keys it did not issue itself. */
export const motoAccount = '123456789012';
export const motoRegion = 'eu-west-1';

let ready: Promise<string> | undefined;

/** moto's URL, once it answers (the global setup does not wait for it). */
export function motoUrl(): Promise<string> {
	ready ??= (async () => {
		const url = inject('motoUrl');
		const log = inject('motoLog');
		const exited = (): boolean => {
			try {
				return log !== '' && readFileSync(log, 'utf8').includes(motoExitedMarker);
			} catch {
				return false;
			}
		};
		await waitForMoto(url, {timeoutMs: 30_000, ...(log ? {log} : {}), exited});
		return url;
	})();
	return ready;
}

export type Keys = {readonly accessKeyId: string; readonly secretAccessKey: string; readonly sessionToken?: string};

/** Keys moto takes as account 123456789012 (any keys it did not issue itself). */
export const motoKeys: Keys = {accessKeyId: 'AKIAMOTOTESTS', secretAccessKey: 'moto-test-secret'};

/** The SDK's environment variables for these keys. */
export function keysEnv(keys: Keys): Record<string, string> {
	return {
		AWS_ACCESS_KEY_ID: keys.accessKeyId,
		AWS_SECRET_ACCESS_KEY: keys.secretAccessKey,
		...(keys.sessionToken ? {AWS_SESSION_TOKEN: keys.sessionToken} : {}),
	};
}

/**
 * The environment that sends every AWS SDK call to moto (AWS_ENDPOINT_URL), with fake keys, for a
 * belay child process (on top of cli.ts's AWS-free environment).
 */
export function motoEnv(url: string, keys: Keys = motoKeys): Record<string, string> {
	return {AWS_ENDPOINT_URL: url, AWS_REGION: motoRegion, ...keysEnv(keys)};
}

/**
 * Points this process's SDK clients at moto, with fake keys and none of the operator's AWS files, for
 * in-process runs (RunHarness): the AwsRuntime takes its credentials from the environment. It lasts
 * until vi.unstubAllEnvs, or the end of the test file (each file runs in a process of its own).
 */
export function useMotoHere(url: string, keys: Keys = motoKeys): void {
	const nowhere = '/nonexistent/belay-moto-tests';
	const env: Record<string, string> = {
		...motoEnv(url, keys),
		AWS_CONFIG_FILE: nowhere,
		AWS_SHARED_CREDENTIALS_FILE: nowhere,
		AWS_EC2_METADATA_DISABLED: 'true',
		AWS_PROFILE: '',
		AWS_SESSION_TOKEN: keys.sessionToken ?? '',
	};
	for (const [name, value] of Object.entries(env)) vi.stubEnv(name, value);
}

/** An SDK client's configuration for moto (for a test reading or preparing what a run uses). */
export function motoClientConfig(url: string, keys: Keys = motoKeys): {endpoint: string; region: string; credentials: Keys} {
	return {endpoint: url, region: motoRegion, credentials: keys};
}

/**
 * Keys for a role in another account, issued by moto's STS: moto keeps what is done with them in
 * that account (its own tables, its own caller identity), apart from every other test's.
 */
export async function assumeRole(url: string, roleArn: string, sessionName = 'belay-tests'): Promise<Keys> {
	const sts = new STSClient(motoClientConfig(url));
	try {
		const {Credentials} = await sts.send(new AssumeRoleCommand({RoleArn: roleArn, RoleSessionName: sessionName}));
		if (!Credentials?.AccessKeyId || !Credentials.SecretAccessKey) throw new Error(`moto's AssumeRole of ${roleArn} gave no keys`);
		return {accessKeyId: Credentials.AccessKeyId, secretAccessKey: Credentials.SecretAccessKey, ...(Credentials.SessionToken ? {sessionToken: Credentials.SessionToken} : {})};
	} finally {
		sts.destroy();
	}
}

/**
 * A name no other test (in this file or another, in this run or an earlier one against the same moto)
 * uses: `prefix-` and 8 random lowercase letters and digits, so it suits every kind of AWS name
 * (tables, buckets, DB instances, pipelines of at most 28 characters).
 */
export function uniqueName(prefix: string): string {
	const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';
	const suffix = [...randomBytes(8)].map(byte => alphabet[byte % alphabet.length]).join('');
	return `${prefix}-${suffix}`;
}
