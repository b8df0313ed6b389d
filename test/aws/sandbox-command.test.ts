import type {Server} from 'node:http';
import type {AddressInfo} from 'node:net';
import {hostname} from 'node:os';
import {existsSync, mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import dynalite from 'dynalite';
import {afterAll, beforeAll, describe, expect, test} from 'vitest';
import {exportLines, sandboxCommand} from '../../source/commands/sandbox.js';
import {UsageError} from '../../source/commands/usage-error.js';
import {sandboxFile, writeSandboxAddress} from '../../source/sandbox/address-file.js';
import {dynamodbService} from '../../source/sandbox/dynamodb-service.js';
import {SandboxStartFailed} from '../../source/sandbox/service.js';

/** `belay sandbox`'s refusals, in process: one already running, a port in use; and its export lines. */

let busy: Server;
let port = 0;
const dirs: string[] = [];

beforeAll(async () => {
	busy = dynalite({});
	await new Promise<void>(resolve => busy.listen(0, '127.0.0.1', resolve));
	port = (busy.address() as AddressInfo).port;
});

afterAll(async () => {
	await new Promise(resolve => busy.close(resolve));
	for (const dir of dirs) rmSync(dir, {recursive: true, force: true});
});

const stateDir = (): string => {
	const dir = mkdtempSync(join(tmpdir(), 'belay-sandbox-command-'));
	dirs.push(dir);
	return join(dir, 'state');
};

describe('belay sandbox', () => {
	test('another sandbox running for the same state dir: a usage error naming it; its address file is left alone', async () => {
		const state = stateDir();
		writeSandboxAddress(state, {pid: process.pid, host: hostname(), startedAt: '2026-12-01T10:00:00.000Z', region: 'us-east-1', endpoints: {dynamodb: 'http://127.0.0.1:8000'}});

		const refused = sandboxCommand({stateDir: state, port: '0'}, []);

		await expect(refused).rejects.toThrow(UsageError);
		await expect(refused).rejects.toThrow(`a belay sandbox is already running (pid ${process.pid} on ${hostname()}, since 2026-12-01T10:00:00.000Z)`);
		expect(existsSync(sandboxFile(state))).toBe(true);
	});

	test('a port in use: SandboxStartFailed saying which and what to pass', async () => {
		const started = dynamodbService.start({host: '127.0.0.1', port, sample: false, region: 'us-east-1', now: new Date()});

		await expect(started).rejects.toThrow(SandboxStartFailed);
		await expect(started).rejects.toThrow(`port ${port} on 127.0.0.1 is in use (another belay sandbox or DynamoDB?): pass --port N, or --port 0 for any free one`);
	});

	test('a bad --port: a usage error', async () => {
		await expect(sandboxCommand({stateDir: stateDir(), port: 'eighty'}, [])).rejects.toThrow("--port takes a port number, 0 to 65535 (0: any free one), not 'eighty'");
	});

	test('export lines: one endpoint variable per service, then the fake keys and the region', () => {
		expect(exportLines({dynamodb: 'http://127.0.0.1:8000', s3: 'http://127.0.0.1:5000'}, 'us-east-1')).toEqual([
			'export AWS_ENDPOINT_URL_DYNAMODB=http://127.0.0.1:8000',
			'export AWS_ENDPOINT_URL_S3=http://127.0.0.1:5000',
			'export AWS_ACCESS_KEY_ID=belay-sandbox AWS_SECRET_ACCESS_KEY=belay-sandbox AWS_REGION=us-east-1',
		]);
	});

	test('export lines of a sandbox that serves every other AWS service too (moto): AWS_ENDPOINT_URL first', () => {
		expect(exportLines({s3: 'http://127.0.0.1:5000'}, 'eu-west-1', 'http://127.0.0.1:5000')).toEqual([
			'export AWS_ENDPOINT_URL=http://127.0.0.1:5000',
			'export AWS_ENDPOINT_URL_S3=http://127.0.0.1:5000',
			'export AWS_ACCESS_KEY_ID=belay-sandbox AWS_SECRET_ACCESS_KEY=belay-sandbox AWS_REGION=eu-west-1',
		]);
	});
});
