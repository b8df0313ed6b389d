import {createServer, type Server} from 'node:http';
import type {AddressInfo} from 'node:net';
import {rmSync} from 'node:fs';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {buildPrivateCli, describeExit, scratch, show, stepOf, writeRunbook, type Cli} from './cli.js';

// An endpoint that accepts the connection and never answers: the SDK would wait for minutes.
let server: Server;
let endpoint: string;
let cli: Cli;
const dirs: string[] = [];

beforeAll(async () => {
	server = createServer(() => {});
	await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
	endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
	cli = await buildPrivateCli();
});

afterAll(() => {
	server.closeAllConnections();
	server.close();
	cli?.dispose();
	for (const dir of dirs) rmSync(dir, {recursive: true, force: true});
});

describe('an aws step with a timeout', () => {
	it('fails with a Timeout naming the call when AWS does not answer in time', async () => {
		const dir = scratch('belay-aws-timeout-');
		dirs.push(dir);
		const file = writeRunbook(dir, 'slow.yaml', {
			version: 1,
			name: 'slow',
			title: 'Slow',
			pairing: 'none',
			steps: [
				{
					id: 'describe',
					title: 'Describe a table',
					timeout: '1s',
					aws: {service: 'dynamodb', command: 'DescribeTable', input: {TableName: 'Lpas'}},
				},
			],
		});
		const started = Date.now();
		const exit = await cli.run(['run', file, '--state-dir', `${dir}/state`, '--non-interactive', '--run-id', 'slow-1'], {
			env: {AWS_ENDPOINT_URL_DYNAMODB: endpoint},
		});
		const took = Date.now() - started;
		expect(exit.code, describeExit(exit)).toBe(1);
		expect(took).toBeLessThan(15_000);
		expect(exit.stdout).toContain('dynamodb DescribeTable did not answer within 1s');
		const document = await show(cli, `${dir}/state`, 'slow-1');
		expect(stepOf(document, 'describe').status).toBe('failed');
	});
});
