import {chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {delimiter, join} from 'node:path';
import {afterAll, afterEach, describe, expect, test, vi} from 'vitest';
import {spawnMoto, waitForMoto} from './moto-server.js';

/**
 * How the global setup starts and stops moto_server for `npm test` (test/global-setup.ts). The real
 * moto_server takes seconds to start; these tests put a stand-in of the same name first on PATH: a
 * small script that serves HTTP on the port it is given (-p), or fails as moto would.
 */

const dir = mkdtempSync(join(tmpdir(), 'belay-moto-server-'));
afterAll(() => rmSync(dir, {recursive: true, force: true}));
afterEach(() => vi.unstubAllEnvs());

/** A folder with an executable `moto_server` running `script` (node, given the arguments), put first on PATH. */
function standIn(name: string, script: string): void {
	const bin = join(dir, name);
	mkdirSync(bin);
	writeFileSync(join(bin, 'moto_server'), `#!/bin/sh\nexec "${process.execPath}" -e '${script}' -- "$@"\n`);
	chmodSync(join(bin, 'moto_server'), 0o755);
	vi.stubEnv('PATH', `${bin}${delimiter}${process.env['PATH'] ?? ''}`);
}

describe('moto_server for the tests', () => {
	test('not on PATH: fails at once, naming moto_server and how to install it', async () => {
		vi.stubEnv('PATH', join(dir, 'no-bin'));

		await expect(spawnMoto(join(dir, 'missing.log'))).rejects.toThrow(
			"moto_server is not installed (not on PATH): the AWS tests run against moto. Install it with: pip install 'moto[server]'",
		);
	});

	test('started on a free loopback port (-H 127.0.0.1 -p PORT), it answers; stopped, it has exited and the port is closed', async () => {
		standIn(
			'serving',
			'const arg = name => process.argv[process.argv.indexOf(name) + 1]; require("http").createServer((q, s) => s.end("moto")).listen(Number(arg("-p")), arg("-H"));',
		);
		const log = join(dir, 'serving.log');
		const moto = await spawnMoto(log);
		try {
			expect(moto.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
			await waitForMoto(moto.url, {log, timeoutMs: 10_000, exited: () => moto.process.exitCode !== null});
			expect(await (await fetch(`${moto.url}/moto-api/`)).text()).toBe('moto');
		} finally {
			await moto.stop();
		}
		expect(moto.process.signalCode).toBe('SIGTERM');
		await expect(fetch(`${moto.url}/moto-api/`)).rejects.toThrow();
	});

	test('exits before it answers: waitForMoto says so, with the end of its output', async () => {
		standIn('failing', 'console.error("OSError: [Errno 98] Address already in use"); process.exit(1);');
		const log = join(dir, 'failing.log');
		const moto = await spawnMoto(log);

		await expect(waitForMoto(moto.url, {log, timeoutMs: 10_000, exited: () => moto.process.exitCode !== null})).rejects.toThrow(
			new RegExp(`^moto_server at ${moto.url} exited before it answered\\n--- ${log}\\nOSError: \\[Errno 98\\] Address already in use$`),
		);
	});
});
