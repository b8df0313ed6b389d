/**
 * `belay sandbox` cleans up when its terminal closes (SIGHUP) as it does on Ctrl-C and SIGTERM: it
 * removes its address, and stops moto where it runs one (see sandbox-command-moto.test.ts).
 */
import {spawn} from 'node:child_process';
import {existsSync, rmSync} from 'node:fs';
import {join} from 'node:path';
import {afterAll, beforeAll, expect, test} from 'vitest';
import {awsFreeEnv, buildPrivateCli, scratch, type Cli} from '../aws/cli.js';

let cli: Cli;
let dir = '';
beforeAll(async () => {
	cli = await buildPrivateCli();
	dir = scratch('sandbox-stops');
});
afterAll(() => {
	cli?.dispose();
	if (dir) rmSync(dir, {recursive: true, force: true});
});

/** Starts a DynamoDB-only sandbox on its own state dir; resolves once it is up. */
async function started(name: string) {
	const state = join(dir, name);
	const sandbox = spawn(process.execPath, [cli.bin, 'sandbox', '--dynamodb-only', '--port', '0', '--state-dir', state], {env: awsFreeEnv({}), stdio: ['ignore', 'pipe', 'pipe']});
	let out = '';
	sandbox.stdout!.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
	sandbox.stderr!.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
	const exited = new Promise<{code: number | null; signal: NodeJS.Signals | null}>(resolve => sandbox.on('exit', (code, signal) => resolve({code, signal})));
	const deadline = Date.now() + 30_000;
	while (!out.includes('Stop it with Ctrl-C')) {
		if (Date.now() > deadline || sandbox.exitCode !== null) throw new Error(`belay sandbox did not start:\n${out}`);
		await new Promise(resolve => setTimeout(resolve, 25));
	}
	const address = join(state, 'sandbox', 'address.json');
	expect(existsSync(address)).toBe(true);
	return {sandbox, exited, address};
}

// Once SIGHUP ended it at once: moto kept running and the address stayed.
test('a closed terminal (SIGHUP) stops it cleanly', {timeout: 60_000}, async () => {
	const {sandbox, exited, address} = await started('hup');
	sandbox.kill('SIGHUP');
	expect(await exited).toEqual({code: 0, signal: null});
	expect(existsSync(address)).toBe(false);
});
