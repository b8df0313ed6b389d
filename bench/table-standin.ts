// A tiny local stand-in for DynamoDB's DescribeTable, in the benchmark's own process: every call
// answers that the table is still CREATING, so a `wait` for ACTIVE never ends. Counts the calls, so
// the benchmark knows when a poller has started polling and how often it polled.
import {createServer, type Server} from 'node:http';
import type {AddressInfo} from 'node:net';

export type TableStandin = {
	readonly url: string;
	/** DescribeTable calls answered so far. */
	calls(): number;
	close(): Promise<void>;
};

export async function startTableStandin(): Promise<TableStandin> {
	let calls = 0;
	const server: Server = createServer((request, response) => {
		request.resume();
		request.on('end', () => {
			const target = String(request.headers['x-amz-target'] ?? '');
			if (target.endsWith('.DescribeTable')) {
				calls++;
				const body = JSON.stringify({Table: {TableName: 'never-active', TableStatus: 'CREATING', ItemCount: 0}});
				response.writeHead(200, {'content-type': 'application/x-amz-json-1.0', 'x-amzn-requestid': `standin-${calls}`});
				response.end(body);
				return;
			}
			response.writeHead(400, {'content-type': 'application/x-amz-json-1.0'});
			response.end(JSON.stringify({__type: 'com.amazon.coral.validate#ValidationException', message: `the stand-in answers DescribeTable only (got '${target}')`}));
		});
	});
	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => resolve());
	});
	const {port} = server.address() as AddressInfo;
	return {
		url: `http://127.0.0.1:${port}`,
		calls: () => calls,
		close: () =>
			new Promise(resolve => {
				server.closeAllConnections();
				server.close(() => resolve());
			}),
	};
}
