/**
 * A moto server (Python moto, `moto_server`) for one test file: started on a free local port in
 * beforeAll, stopped in afterAll. It serves DynamoDB, OSIS, RDS, KMS, STS, S3 and more over HTTP.
 * Kept small so a shared global setup can replace it.
 */
import {spawn, type ChildProcess} from 'node:child_process';
import {createServer} from 'node:net';

export type Moto = {
	/** `http://127.0.0.1:PORT` */
	readonly endpoint: string;
	/** Forgets every resource (moto's reset API). */
	reset(): Promise<void>;
	stop(): Promise<void>;
};

/** The environment AWS clients in tests use: fake keys, one region, no profile files. */
export const fakeAwsEnv = {
	AWS_ACCESS_KEY_ID: 'test',
	AWS_SECRET_ACCESS_KEY: 'test',
	AWS_REGION: 'us-east-1',
	AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
} as const;

async function freePort(): Promise<number> {
	const server = createServer();
	await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
	const address = server.address();
	await new Promise(resolve => server.close(resolve));
	if (address === null || typeof address === 'string') throw new Error('no free port');
	return address.port;
}

export async function startMoto(): Promise<Moto> {
	const port = await freePort();
	const endpoint = `http://127.0.0.1:${port}`;
	const child: ChildProcess = spawn('moto_server', ['-H', '127.0.0.1', '-p', String(port)], {stdio: ['ignore', 'ignore', 'pipe']});
	let stderr = '';
	child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (stderr = (stderr + chunk).slice(-4000)));
	const exited = new Promise<never>((_, reject) => child.once('exit', code => reject(new Error(`moto_server exited (${code}): ${stderr}`))));
	exited.catch(() => undefined);
	const deadline = Date.now() + 30_000;
	for (;;) {
		const ready = await Promise.race([fetch(`${endpoint}/moto-api/`).then(response => response.ok, () => false), exited]);
		if (ready) break;
		if (Date.now() > deadline) {
			child.kill();
			throw new Error(`moto_server did not answer on ${endpoint}: ${stderr}`);
		}
		await new Promise(resolve => setTimeout(resolve, 100));
	}
	return {
		endpoint,
		reset: async () => {
			await fetch(`${endpoint}/moto-api/reset`, {method: 'POST'});
		},
		stop: async () => {
			if (child.exitCode !== null) return;
			const gone = new Promise(resolve => child.once('exit', resolve));
			child.kill();
			await gone;
		},
	};
}
