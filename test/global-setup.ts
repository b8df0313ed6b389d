import {execFileSync} from 'node:child_process';
import {appendFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {fileURLToPath} from 'node:url';
import type {TestProject} from 'vitest/node';
import {motoExitedMarker, spawnMoto, type MotoServer} from './helpers/moto-server.js';

const root = fileURLToPath(new URL('..', import.meta.url));

/** What this setup provides to the test files (vitest's `inject`). */
declare module 'vitest' {
	export interface ProvidedContext {
		/** The moto server's URL (http://127.0.0.1:PORT); test/helpers/moto.ts waits until it answers. */
		motoUrl: string;
		/** Its output, when this setup started it ('' when BELAY_TEST_MOTO_URL named it). */
		motoLog: string;
		/** Where test/aws/cli.ts builds the CLI once for the run; removed at teardown. */
		cliBuildDir: string;
	}
}

/** The newest modification time of the files under `dir`. */
function newest(dir: string): number {
	let latest = 0;
	for (const entry of readdirSync(dir, {withFileTypes: true})) {
		const path = join(dir, entry.name);
		latest = Math.max(latest, entry.isDirectory() ? newest(path) : statSync(path).mtimeMs);
	}
	return latest;
}

/**
 * Builds dist/ once for the real-process tests (they spawn `node dist/belay.js`), when it is missing
 * or older than what it is built from.
 */
function buildDist(): void {
	const dist = join(root, 'dist');
	const sources = Math.max(newest(join(root, 'source')), newest(join(root, 'scripts')), statSync(join(root, 'package.json')).mtimeMs);
	if (existsSync(join(dist, 'belay.js'))) {
		const built = Math.max(...readdirSync(dist, {withFileTypes: true}).filter(entry => entry.isFile()).map(entry => statSync(join(dist, entry.name)).mtimeMs));
		if (built >= sources) return;
	}
	execFileSync('npm', ['run', '--silent', 'build'], {cwd: root, stdio: 'inherit'});
}

/**
 * The moto server the AWS tests use (test/helpers/moto.ts): the one BELAY_TEST_MOTO_URL names (.ci/run
 * starts one), else one started here on a free port and stopped at teardown. It is not waited for
 * here: the tests that use it wait until it answers, so a run without AWS tests does not wait for it.
 * moto_server not installed fails the whole run, naming it and how to install it.
 */
async function startMoto(project: TestProject, scratch: string): Promise<MotoServer | undefined> {
	const given = process.env['BELAY_TEST_MOTO_URL'];
	if (given) {
		project.provide('motoUrl', given.replace(/\/+$/, ''));
		project.provide('motoLog', '');
		return undefined;
	}
	const log = join(scratch, 'moto_server.log');
	const moto = await spawnMoto(log);
	moto.process.once('exit', (code, signal) => {
		if (!stopping) appendFileSync(log, `\n${motoExitedMarker} (${signal ?? `exit code ${code}`})\n`);
	});
	project.provide('motoUrl', moto.url);
	project.provide('motoLog', log);
	return moto;
}

let stopping = false;

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
	const scratch = mkdtempSync(join(tmpdir(), 'belay-tests-'));
	// The AWS tests' CLI build (test/aws/cli.ts): under node_modules, where its imports resolve.
	const cache = join(root, 'node_modules', '.cache');
	mkdirSync(cache, {recursive: true});
	const cliBuildDir = mkdtempSync(join(cache, 'belay-aws-run-'));
	project.provide('cliBuildDir', cliBuildDir);
	const cleanUp = (): void => {
		rmSync(cliBuildDir, {recursive: true, force: true});
		rmSync(scratch, {recursive: true, force: true});
	};
	let moto: MotoServer | undefined;
	try {
		moto = await startMoto(project, scratch);
		buildDist();
	} catch (error) {
		stopping = true;
		await moto?.stop();
		cleanUp();
		throw error;
	}
	return async () => {
		stopping = true;
		await moto?.stop();
		cleanUp();
	};
}
