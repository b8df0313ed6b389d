// A local DynamoDB for the benchmarks (bench/bulk.ts, bench/archive.ts): dynalite (npm, in a Node
// process of its own) or moto_server, on a free port of 127.0.0.1, stopped when the benchmark exits.
import {spawn, type ChildProcess} from 'node:child_process';
import {closeSync, openSync} from 'node:fs';
import {connect, createServer} from 'node:net';
import {join} from 'node:path';
import {onExit, root, tail} from './cli-process.js';

/** A free TCP port of 127.0.0.1. */
export async function freePort(): Promise<number> {
	return await new Promise((resolvePort, reject) => {
		const probe = createServer();
		probe.on('error', reject);
		probe.listen(0, '127.0.0.1', () => {
			const address = probe.address();
			probe.close(() => (typeof address === 'object' && address ? resolvePort(address.port) : reject(new Error('no port'))));
		});
	});
}

async function accepting(port: number): Promise<boolean> {
	return await new Promise(done => {
		const socket = connect(port, '127.0.0.1');
		socket.on('connect', () => {
			socket.destroy();
			done(true);
		});
		socket.on('error', () => done(false));
	});
}

/**
 * Starts the server and waits until it accepts connections; `broken` ends the benchmark when it
 * does not. Returns its port and the command line (for the report).
 */
export async function startDynamo(server: 'dynalite' | 'moto', work: string, broken: (message: string) => never): Promise<{port: number; command: string}> {
	const port = await freePort();
	const serverLog = join(work, 'dynamodb.log');
	let dynamo: ChildProcess;
	let command: string;
	const log = openSync(serverLog, 'w');
	if (server === 'moto') {
		command = `moto_server -H 127.0.0.1 -p ${port}`;
		dynamo = spawn('moto_server', ['-H', '127.0.0.1', '-p', String(port)], {stdio: ['ignore', log, log], detached: true});
	} else {
		const script = `require('dynalite')({createTableMs: 0, deleteTableMs: 0, updateTableMs: 0}).listen(${port}, '127.0.0.1', error => { if (error) { console.error(error); process.exit(1); } })`;
		command = `node -e "${script}"`;
		dynamo = spawn(process.execPath, ['-e', script], {cwd: root, stdio: ['ignore', log, log], detached: true});
	}
	closeSync(log);
	const pid = dynamo.pid;
	const stopServer = (): void => {
		try {
			if (pid !== undefined) process.kill(-pid, 'SIGKILL');
		} catch {}
	};
	onExit(stopServer);
	// Also when the benchmark stops before it has run anything (onExit's handlers are installed by runBelay).
	process.on('exit', stopServer);
	let exited = false;
	dynamo.on('exit', () => (exited = true));
	const deadline = Date.now() + 30_000;
	while (!(await accepting(port))) {
		if (exited || Date.now() > deadline) broken(`${command} did not start:\n${tail(serverLog)}`);
		await new Promise(done => setTimeout(done, 100));
	}
	return {port, command};
}
