import {createHash, createHmac} from 'node:crypto';
import {Agent as HttpAgent, request as httpRequest, type IncomingMessage} from 'node:http';
import {Agent as HttpsAgent, request as httpsRequest} from 'node:https';

export type SigningCredentials = {readonly accessKeyId: string; readonly secretAccessKey: string; readonly sessionToken?: string | undefined};
export type Endpoint = {readonly protocol: string; readonly hostname: string; readonly port?: number | undefined};

/** What the SDK client's resolved configuration gives this path (credentials, region, endpoint). */
export type ClientConfig = {
	credentials(): Promise<SigningCredentials>;
	region(): Promise<string>;
	endpoint?: () => Promise<Endpoint>;
	endpointProvider(params: Record<string, unknown>): {url: URL};
	useFipsEndpoint(): Promise<boolean>;
	useDualstackEndpoint(): Promise<boolean>;
};

const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');
const hmac = (key: string | Buffer, text: string): Buffer => createHmac('sha256', key).update(text).digest();

/** The day's signing key, derived once a day (four HMACs) rather than for every request. */
let lastKey: {secret: string; day: string; region: string; key: Buffer} | undefined;
function signingKey(secret: string, day: string, region: string): Buffer {
	if (lastKey?.secret === secret && lastKey.day === day && lastKey.region === region) return lastKey.key;
	const key = hmac(hmac(hmac(hmac(`AWS4${secret}`, day), region), 'dynamodb'), 'aws4_request');
	lastKey = {secret, day, region, key};
	return key;
}

/**
 * The headers of a DynamoDB JSON request signed with AWS Signature Version 4 (what the SDK's signer
 * computes for the same request; test/state/signed-put.test.ts compares them).
 */
export function signedHeaders(request: {host: string; region: string; target: string; body: string; credentials: SigningCredentials; now: Date}): Record<string, string> {
	const {host, region, target, body, credentials, now} = request;
	const amzDate = now.toISOString().replace(/[:-]|\.\d{3}/g, '');
	const day = amzDate.slice(0, 8);
	const headers: Record<string, string> = {
		'content-type': 'application/x-amz-json-1.0',
		host,
		'x-amz-date': amzDate,
		...(credentials.sessionToken ? {'x-amz-security-token': credentials.sessionToken} : {}),
		'x-amz-target': target,
	};
	const names = Object.keys(headers);
	const canonical = ['POST', '/', '', ...names.map(name => `${name}:${headers[name]}`), '', names.join(';'), sha256(body)].join('\n');
	const scope = `${day}/${region}/dynamodb/aws4_request`;
	const key = signingKey(credentials.secretAccessKey, day, region);
	const signature = createHmac('sha256', key).update(['AWS4-HMAC-SHA256', amzDate, scope, sha256(canonical)].join('\n')).digest('hex');
	return {...headers, authorization: `AWS4-HMAC-SHA256 Credential=${credentials.accessKeyId}/${scope}, SignedHeaders=${names.join(';')}, Signature=${signature}`};
}

/** Answers that mean this path's signing is not accepted: it stops, the SDK signs from then on. */
const refusedSigning = /UnrecognizedClient|InvalidSignature|IncompleteSignature|MissingAuthenticationToken|SignatureDoesNotMatch/;

/**
 * The common case of a conditional PutItem, sent without the SDK's middleware (which costs about
 * 2 ms of CPU a request, more than the write itself on a local DynamoDB): signed here, over one
 * keep-alive connection. It answers only the two plain outcomes: written (true) or the condition
 * failed (false). Anything else (a dropped connection, throttling, a server error, an unknown
 * table, refused credentials) is undefined, and the caller puts through the SDK, which retries and
 * explains; a retry of a put that did land then finds its condition failed, as any retry does.
 */
export class SignedPut {
	private disabled = false;
	private target: {endpoint: Endpoint; host: string; region: string} | undefined;
	private readonly http = new HttpAgent({keepAlive: true, maxSockets: 50});
	private readonly https = new HttpsAgent({keepAlive: true, maxSockets: 50});

	constructor(private readonly config: ClientConfig) {}

	async put(input: Record<string, unknown>): Promise<boolean | undefined> {
		if (this.disabled) return undefined;
		try {
			const target = (this.target ??= await this.resolve());
			const body = JSON.stringify(input);
			const headers = signedHeaders({host: target.host, region: target.region, target: 'DynamoDB_20120810.PutItem', body, credentials: await this.config.credentials(), now: new Date()});
			const {status, text} = await this.send(target.endpoint, headers, body);
			if (status === 200) return true;
			if (status === 400 && text.includes('ConditionalCheckFailedException')) return false;
			if (refusedSigning.test(text) || status === 403) this.disabled = true;
			return undefined;
		} catch {
			return undefined;
		}
	}

	close(): void {
		this.http.destroy();
		this.https.destroy();
	}

	private async resolve(): Promise<{endpoint: Endpoint; host: string; region: string}> {
		const region = await this.config.region();
		let endpoint: Endpoint;
		if (this.config.endpoint) endpoint = await this.config.endpoint();
		else {
			const {url} = this.config.endpointProvider({Region: region, UseFIPS: await this.config.useFipsEndpoint(), UseDualStack: await this.config.useDualstackEndpoint()});
			endpoint = {protocol: url.protocol, hostname: url.hostname, ...(url.port ? {port: Number(url.port)} : {})};
		}
		const defaultPort = endpoint.protocol === 'https:' ? 443 : 80;
		const host = endpoint.port && endpoint.port !== defaultPort ? `${endpoint.hostname}:${endpoint.port}` : endpoint.hostname;
		return {endpoint, host, region};
	}

	private send(endpoint: Endpoint, headers: Record<string, string>, body: string): Promise<{status: number; text: string}> {
		const secure = endpoint.protocol === 'https:';
		const options = {hostname: endpoint.hostname, port: endpoint.port, method: 'POST', path: '/', headers: {...headers, 'content-length': String(Buffer.byteLength(body))}};
		return new Promise((resolve, reject) => {
			const answered = (response: IncomingMessage): void => {
				let text = '';
				response.setEncoding('utf8');
				response.on('data', (chunk: string) => (text += chunk));
				response.on('end', () => resolve({status: response.statusCode ?? 0, text}));
				response.on('error', reject);
			};
			const sent = secure ? httpsRequest({...options, agent: this.https}, answered) : httpRequest({...options, agent: this.http}, answered);
			sent.on('error', reject);
			sent.end(body);
		});
	}
}
