import {createServer, type Server} from 'node:http';
import type {AddressInfo} from 'node:net';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {AwsRuntime} from '../../source/aws/runtime.js';

/**
 * What a wait's poll costs besides the request: its client, its connection and its credentials are
 * the run's, made once. A local DynamoDB stand-in counts the TCP connections and requests it gets.
 */
let server: Server;
let url = '';
let connections = 0;
let requests = 0;

beforeAll(async () => {
	server = createServer((request, response) => {
		request.resume();
		request.on('end', () => {
			requests++;
			response.writeHead(200, {'content-type': 'application/x-amz-json-1.0'});
			response.end(JSON.stringify({Table: {TableName: 'orders', TableStatus: 'CREATING'}}));
		});
	});
	// Longer than the gap between polls here, as AWS's own endpoints keep a connection.
	server.keepAliveTimeout = 60_000;
	server.on('connection', () => connections++);
	await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
	url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
	server.closeAllConnections();
	await new Promise(resolve => server.close(resolve));
});

describe('AWS calls of one run', () => {
	it('reuse one client and its kept-alive connection from poll to poll', async () => {
		const runtime = new AwsRuntime({
			region: 'eu-west-1',
			credentials: {accessKeyId: 'AKIAKEEPALIVE', secretAccessKey: 'secret'},
			endpoints: {},
			runId: 'keep-alive',
			env: {AWS_ENDPOINT_URL: url},
		});
		for (let poll = 0; poll < 5; poll++) {
			const result = (await runtime.call({service: 'dynamodb', command: 'DescribeTable', input: {TableName: 'orders'}})) as {Table: {TableStatus: string}};
			expect(result.Table.TableStatus).toBe('CREATING');
			await new Promise(resolve => setTimeout(resolve, 50));
		}
		expect(requests).toBe(5);
		expect(connections).toBe(1);
		runtime.reset();
	});
});
