/**
 * A local HTTP server that records every request it gets (method, path, and the service the SigV4
 * signature names, the start of the body) and forwards it to a target (a moto server), so a test can tell which client
 * reached it. With no target it answers 400 with a JSON error.
 */
import {createServer, request as httpRequest, type Server} from 'node:http';
import type {AddressInfo} from 'node:net';

export type Recorded = {readonly method: string; readonly path: string; readonly service: string | undefined; body: string};

export type RecordingProxy = {
	readonly endpoint: string;
	readonly requests: Recorded[];
	close(): Promise<void>;
};

/** The service of a SigV4 Authorization header: `Credential=test/20240101/us-east-1/osis/aws4_request`. */
export function signedService(authorization: string | undefined): string | undefined {
	return /Credential=[^/]+\/\d{8}\/[^/]+\/([^/]+)\/aws4_request/.exec(authorization ?? '')?.[1];
}

export async function startRecordingProxy(target?: string): Promise<RecordingProxy> {
	const requests: Recorded[] = [];
	const server: Server = createServer((incoming, outgoing) => {
		const recorded: Recorded = {method: incoming.method ?? '', path: incoming.url ?? '', service: signedService(incoming.headers.authorization), body: ''};
		requests.push(recorded);
		incoming.on('data', (chunk: Buffer) => {
			if (recorded.body.length < 2000) recorded.body += chunk.toString('utf8');
		});
		if (!target) {
			incoming.resume();
			outgoing.writeHead(400, {'content-type': 'application/json', 'x-amzn-errortype': 'RecordedOnly'});
			outgoing.end(JSON.stringify({__type: 'RecordedOnly', message: 'recorded, not served'}));
			return;
		}
		const url = new URL(incoming.url ?? '/', target);
		const forward = httpRequest(url, {method: incoming.method, headers: incoming.headers}, answer => {
			outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
			answer.pipe(outgoing);
		});
		forward.on('error', error => {
			outgoing.writeHead(502);
			outgoing.end(String(error));
		});
		incoming.pipe(forward);
	});
	await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
	return {
		endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
		requests,
		close: async () => {
			server.closeAllConnections();
			await new Promise(resolve => server.close(resolve));
		},
	};
}
