/**
 * `belay sandbox` where moto_server is installed, as an operator starts it: moto with belay's
 * stand-ins serves every runbook service (DynamoDB included, with Confidant's sample data), says so,
 * announces one address for sandbox environments, seeds restore-dynamodb-table's world, serves a
 * dry run of a bundled runbook through that address, and stops on SIGTERM leaving no moto behind.
 */
import {spawn, type ChildProcess} from 'node:child_process';
import {existsSync, readdirSync, readFileSync, rmSync} from 'node:fs';
import {join} from 'node:path';
import {afterAll, expect, test} from 'vitest';
import {awsFreeEnv, buildPrivateCli, describeExit, root, scratch, type Cli} from '../aws/cli.js';
import {stopSandbox} from './stop-sandbox.js';

let cli: Cli | undefined;
let dir = '';
let sandbox: ChildProcess | undefined;

afterAll(async () => {
	await stopSandbox(sandbox);
	cli?.dispose();
	if (dir) rmSync(dir, {recursive: true, force: true});
});

/** Whether any process's command line names the given text. */
function running(text: string): boolean {
	return readdirSync('/proc').some(name => {
		if (!/^\d+$/.test(name)) return false;
		try {
			return readFileSync(`/proc/${name}/cmdline`, 'utf8').includes(text);
		} catch {
			return false;
		}
	});
}

test('moto with the stand-ins serves every runbook, with sample data, and stops cleanly', {timeout: 120_000}, async () => {
	cli = await buildPrivateCli();
	dir = scratch('sandbox-moto');
	const state = join(dir, 'state');
	sandbox = spawn(process.execPath, [cli.bin, 'sandbox', '--port', '0', '--state-dir', state], {env: awsFreeEnv({}), stdio: ['ignore', 'pipe', 'pipe']});
	let out = '';
	sandbox.stdout!.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
	sandbox.stderr!.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
	const exited = new Promise<number | null>(resolve => sandbox!.on('exit', code => resolve(code)));
	const deadline = Date.now() + 90_000;
	while (!out.includes('Stop it with Ctrl-C')) {
		if (Date.now() > deadline || sandbox.exitCode !== null) throw new Error(`belay sandbox did not start:\n${out}`);
		await new Promise(resolve => setTimeout(resolve, 50));
	}
	expect(out).toContain('moto with belay stand-ins');
	expect(out).toContain('restore-dynamodb-table');
	const address = JSON.parse(readFileSync(join(state, 'sandbox', 'address.json'), 'utf8')) as {endpoints: Record<string, string>};
	const moto = address.endpoints['dynamodb']!;
	expect(address.endpoints).toMatchObject({osis: moto, rds: moto, s3: moto});
	expect(address.endpoints['backup']).not.toBe(moto);
	const motoPort = new URL(moto).port;

	// A bundled runbook's sandbox environment finds it, with no AWS settings in the environment.
	const dry = await cli.run(
		['run', join(root, 'runbooks', 'archive-credentials.yaml'), '--env', 'sandbox', '--input', 'days=90', '--state-dir', state, '--non-interactive', '--yes'],
		{env: {AWS_ACCESS_KEY_ID: '', AWS_SECRET_ACCESS_KEY: ''}},
	);
	expect(dry.code, describeExit(dry)).toBe(0);
	expect(dry.stdout).toMatch(/would archive|dry run/i);

	sandbox.kill('SIGTERM');
	expect(await exited).toBe(0);
	expect(existsSync(join(state, 'sandbox', 'address.json'))).toBe(false);
	expect(running(`-p ${motoPort}`) || running(`-p\u0000${motoPort}`)).toBe(false);
});
