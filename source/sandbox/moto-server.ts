/**
 * Starts and stops a local moto_server (Python moto): one process on a free loopback port, serving
 * every AWS service over one HTTP endpoint. Used by `belay sandbox` (moto-service.ts) and by the
 * vitest global setup when BELAY_TEST_MOTO_URL does not name a server that is already running
 * (.ci/run starts its own).
 */
import {spawn, type ChildProcess} from 'node:child_process';
import {accessSync, constants, openSync, closeSync, readFileSync} from 'node:fs';
import {createServer} from 'node:net';
import {delimiter, join} from 'node:path';

export const motoCommand = 'moto_server';
export const motoInstallHint = "pip install 'moto[server]'";
/** The line the global setup adds to moto's log when it exits on its own. */
export const motoExitedMarker = 'moto_server exited';

/** The path of `command` on PATH, or undefined. */
export function onPath(command: string, path = process.env['PATH'] ?? ''): string | undefined {
	for (const dir of path.split(delimiter)) {
		if (!dir) continue;
		const candidate = join(dir, command);
		try {
			accessSync(candidate, constants.X_OK);
			return candidate;
		} catch {
			// not here
		}
	}
	return undefined;
}

/** A loopback port nothing listens on (free when asked; moto takes it a moment later). */
export function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const server = createServer();
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const address = server.address();
			const port = typeof address === 'object' && address ? address.port : 0;
			server.close(() => resolve(port));
		});
	});
}

export type MotoServer = {
	readonly url: string;
	/** Where its output goes (the request log; why it did not start). */
	readonly log: string;
	readonly process: ChildProcess;
	stop(): Promise<void>;
};

/**
 * Spawns moto_server on a free port, its output to `log`. Throws at once, naming the command and how
 * to install it, when moto_server is not on PATH. Does not wait for it to answer: see `waitForMoto`.
 */
export async function spawnMoto(log: string, needed = 'the AWS tests run against moto'): Promise<MotoServer> {
	if (!onPath(motoCommand)) {
		throw new Error(`${motoCommand} is not installed (not on PATH): ${needed}. Install it with: ${motoInstallHint}`);
	}
	const port = await freePort();
	const out = openSync(log, 'w');
	// Its own process group, so stopping it stops whatever the pyenv shim or moto itself started.
	const child = spawn(motoCommand, ['-H', '127.0.0.1', '-p', String(port)], {stdio: ['ignore', out, out], detached: true});
	closeSync(out);
	const exited = new Promise<void>(resolve => child.once('exit', () => resolve()));
	child.once('error', () => undefined);
	return {
		url: `http://127.0.0.1:${port}`,
		log,
		process: child,
		async stop() {
			if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
			try {
				process.kill(-child.pid, 'SIGTERM');
			} catch {
				return;
			}
			const timer = setTimeout(() => {
				try {
					if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
				} catch {
					// gone
				}
			}, 3000);
			await exited;
			clearTimeout(timer);
		},
	};
}

/** The last lines of a log file, for an error message. */
export function tail(log: string, lines = 15): string {
	try {
		return readFileSync(log, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
	} catch {
		return '(no output)';
	}
}

/**
 * Waits until moto at `url` answers any HTTP request; throws naming the URL, and the log's last lines
 * when there is a log, if it does not within `timeoutMs`.
 */
export async function waitForMoto(url: string, options: {timeoutMs?: number; log?: string; exited?: () => boolean} = {}): Promise<void> {
	const deadline = Date.now() + (options.timeoutMs ?? 30_000);
	for (;;) {
		try {
			await fetch(`${url}/moto-api/`, {signal: AbortSignal.timeout(2000)}).then(response => response.arrayBuffer());
			return;
		} catch {
			// not yet
		}
		const gone = options.exited?.() ?? false;
		if (gone || Date.now() > deadline) {
			const output = options.log ? `\n--- ${options.log}\n${tail(options.log)}` : '';
			throw new Error(`${motoCommand} at ${url} ${gone ? 'exited before it answered' : 'did not answer in time'}${output}`);
		}
		await new Promise(resolve => setTimeout(resolve, 100));
	}
}
