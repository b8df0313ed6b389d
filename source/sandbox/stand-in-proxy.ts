/**
 * A local HTTP server in front of a real one (a moto server) that lets a stand-in answer some
 * requests itself, or change a request or its answer on the way, and forwards everything else as
 * it is. The stand-ins in this folder are made of it: they add what moto does not do (unprocessed
 * batch items, Elastic Beanstalk's UpdateEnvironment, server errors). Bodies are read as text:
 * it serves the JSON and query protocols, not S3's binary objects.
 */
import {createServer, request as httpRequest, type IncomingHttpHeaders, type Server} from 'node:http';
import type {AddressInfo} from 'node:net';

/** A request as a stand-in sees it, its body read whole. */
export type Exchange = {
	readonly method: string;
	readonly path: string;
	readonly headers: IncomingHttpHeaders;
	readonly body: string;
};

/** An answer, read whole. */
export type Answer = {readonly status: number; readonly headers: Readonly<Record<string, string>>; readonly body: string};

/** Sends the request on to the real server (with another body, when given) and reads its answer. */
export type Forward = (body?: string) => Promise<Answer>;

/** What a stand-in does with one request: answer it (forwarding it or not), or `reset` the connection (a network error). */
export type Handler = (exchange: Exchange, forward: Forward) => Promise<Answer | 'reset'>;

export type StandInProxy = {
	/** `http://127.0.0.1:PORT` */
	readonly endpoint: string;
	close(): Promise<void>;
};

/** The action a request names: `DynamoDB_20120810.BatchWriteItem` → `BatchWriteItem`, or a query protocol's `Action`. */
export function actionOf(exchange: Exchange): string | undefined {
	const target = exchange.headers['x-amz-target'];
	if (typeof target === 'string') return target.split('.').at(-1);
	return new URLSearchParams(exchange.body).get('Action') ?? undefined;
}

export async function startStandInProxy(target: string, handle: Handler): Promise<StandInProxy> {
	const server: Server = createServer((incoming, outgoing) => {
		const chunks: Buffer[] = [];
		incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
		incoming.on('end', () => {
			const exchange: Exchange = {
				method: incoming.method ?? 'GET',
				path: incoming.url ?? '/',
				headers: incoming.headers,
				body: Buffer.concat(chunks).toString('utf8'),
			};
			handle(exchange, body => forward(target, exchange, body ?? exchange.body)).then(
				answer => {
					if (answer === 'reset') {
						incoming.socket.destroy();
						return;
					}
					const headers: Record<string, string> = {...answer.headers, 'content-length': String(Buffer.byteLength(answer.body))};
					outgoing.writeHead(answer.status, headers);
					outgoing.end(answer.body);
				},
				(error: unknown) => {
					outgoing.writeHead(502, {'content-type': 'text/plain'});
					outgoing.end(`stand-in failed: ${String(error)}`);
				},
			);
		});
	});
	await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
	return {
		endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
		close: async () => {
			server.closeAllConnections();
			await new Promise(resolve => server.close(resolve));
		},
	};
}

function forward(target: string, exchange: Exchange, body: string): Promise<Answer> {
	const headers: Record<string, string | string[] | undefined> = {...exchange.headers, 'content-length': String(Buffer.byteLength(body))};
	delete headers['transfer-encoding'];
	return new Promise((resolve, reject) => {
		const sent = httpRequest(new URL(exchange.path, target), {method: exchange.method, headers}, answer => {
			const chunks: Buffer[] = [];
			answer.on('data', (chunk: Buffer) => chunks.push(chunk));
			answer.on('end', () => {
				const kept: Record<string, string> = {};
				for (const [name, value] of Object.entries(answer.headers)) {
					// The body may be rewritten: its length and checksum are set again (or dropped) by the stand-in.
					if (value === undefined || ['content-length', 'transfer-encoding', 'x-amz-crc32', 'connection'].includes(name)) continue;
					kept[name] = Array.isArray(value) ? value.join(', ') : value;
				}
				resolve({status: answer.statusCode ?? 502, headers: kept, body: Buffer.concat(chunks).toString('utf8')});
			});
			answer.on('error', reject);
		});
		sent.on('error', reject);
		sent.end(body);
	});
}
