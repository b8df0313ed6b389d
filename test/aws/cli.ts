/**
 * Runs the CLI as a child process for the AWS tests: headless, standard input ignored, AWS pointed
 * at local stand-ins by the SDK's own variables (AWS_ENDPOINT_URL_<SERVICE>), fake keys, and none of
 * the operator's AWS configuration (profiles, SSO, instance metadata).
 *
 * The CLI is built from the current source into a private folder under node_modules/.cache (as
 * test/cli/no-heavy-imports.test.ts does), so a concurrent `npm run build` of dist/, which deletes
 * the chunks of earlier builds, cannot pull a chunk from under a running child. One build serves
 * every test file of a vitest run: the first file to ask builds it into the folder the global setup
 * provides (and removes at teardown), the others wait for it (a build takes seconds).
 */
import {spawn} from 'node:child_process';
import {existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {fileURLToPath} from 'node:url';
import {inject} from 'vitest';
import {stringify} from 'yaml';
import {buildCli} from '../../scripts/build.mjs';

export const root = fileURLToPath(new URL('../../', import.meta.url));

export type Exit = {readonly code: number | null; readonly stdout: string; readonly stderr: string};

export type Cli = {
	/** The built belay.js. */
	readonly bin: string;
	/** Runs `node [nodeArgs] belay.js args`; `env` goes over the clean AWS environment. */
	run(args: readonly string[], options?: {env?: Readonly<Record<string, string>>; nodeArgs?: readonly string[]; cwd?: string}): Promise<Exit>;
	dispose(): void;
};

/**
 * The CLI built for this vitest run (see above), or, outside one (no folder provided), into a folder
 * of its own that `dispose` removes.
 */
export async function buildPrivateCli(): Promise<Cli> {
	const shared = inject('cliBuildDir');
	let outdir: string;
	let dispose = (): void => undefined;
	if (shared) {
		outdir = await sharedBuild(shared);
	} else {
		const cache = join(root, 'node_modules', '.cache');
		mkdirSync(cache, {recursive: true});
		const own = mkdtempSync(join(cache, 'belay-aws-'));
		await buildCli(own);
		outdir = own;
		dispose = () => rmSync(own, {recursive: true, force: true});
	}
	// Its real path, as Node resolves the main module (node_modules may be a link, as in a worktree).
	const bin = join(realpathSync(outdir), 'belay.js');
	return {
		bin,
		run: (args, options = {}) => runNode([...(options.nodeArgs ?? []), bin, ...args], options.env ?? {}, options.cwd),
		dispose,
	};
}

/**
 * Builds the CLI into `dir`/belay-aws-cli once for every test process: the process that makes the
 * folder `building` first builds and then writes `built` (or `failed`, with the error); the others
 * wait for either.
 */
async function sharedBuild(dir: string): Promise<string> {
	const outdir = join(dir, 'belay-aws-cli');
	const built = join(dir, 'built');
	const failed = join(dir, 'failed');
	if (existsSync(built)) return outdir;
	let builder = true;
	try {
		mkdirSync(join(dir, 'building'));
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
		builder = false;
	}
	if (builder) {
		try {
			await buildCli(outdir);
			writeFileSync(built, '');
		} catch (error) {
			writeFileSync(failed, String((error as Error).stack ?? error));
			throw error;
		}
		return outdir;
	}
	const deadline = Date.now() + 120_000;
	while (!existsSync(built)) {
		if (existsSync(failed)) throw new Error(`the shared CLI build failed:\n${readFileSync(failed, 'utf8')}`);
		if (Date.now() > deadline) throw new Error(`the shared CLI build in ${dir} did not finish in 2 minutes`);
		await new Promise(resolve => setTimeout(resolve, 100));
	}
	return outdir;
}

/** The environment of a child: the test's without BELAY_* and AWS_*, then fake credentials. */
export function awsFreeEnv(extra: Readonly<Record<string, string>>): NodeJS.ProcessEnv {
	const env: NodeJS.ProcessEnv = {};
	for (const [name, value] of Object.entries(process.env)) {
		if (!name.startsWith('BELAY_') && !name.startsWith('AWS_') && name !== 'XDG_STATE_HOME') env[name] = value;
	}
	const nowhere = join(tmpdir(), 'belay-aws-no-such-file');
	return {
		...env,
		NO_COLOR: '1',
		BELAY_NO_STDIN: '1',
		AWS_ACCESS_KEY_ID: 'AKIAFAKEFORTESTS',
		AWS_SECRET_ACCESS_KEY: 'fake-secret-for-tests',
		AWS_REGION: 'eu-west-1',
		AWS_CONFIG_FILE: nowhere,
		AWS_SHARED_CREDENTIALS_FILE: nowhere,
		AWS_EC2_METADATA_DISABLED: 'true',
		AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
		...extra,
	};
}

function runNode(args: readonly string[], extra: Readonly<Record<string, string>>, cwd = tmpdir()): Promise<Exit> {
	const child = spawn(process.execPath, args, {cwd, env: awsFreeEnv(extra), stdio: ['ignore', 'pipe', 'pipe']});
	let stdout = '';
	let stderr = '';
	child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
	child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
	return new Promise((resolve, reject) => {
		child.on('error', reject);
		child.on('close', code => resolve({code, stdout, stderr}));
	});
}

/** An exit, readable in an assertion message. */
export function describeExit(exit: Exit): string {
	return `exit ${exit.code}\n--- stdout\n${exit.stdout}\n--- stderr\n${exit.stderr}`;
}

/** A temporary folder for one test's runbooks and state. */
export function scratch(prefix: string): string {
	return mkdtempSync(join(tmpdir(), `belay-aws-${prefix}-`));
}

/** Writes a runbook or an answers file (a plain object) as YAML; returns its path. */
export function writeRunbook(dir: string, file: string, runbook: Record<string, unknown>): string {
	const path = join(dir, file);
	writeFileSync(path, stringify(runbook, {lineWidth: 0}), 'utf8');
	return path;
}

export type ShowStep = {
	id: string;
	status: string;
	attempts: number;
	outputs: Record<string, unknown>;
	error?: {message: string; code?: string; details?: Record<string, unknown>};
	skipReason?: string;
};

export type ShowDocument = {
	id: string;
	status: string;
	dryRun: boolean;
	caller?: {account: string; arn: string};
	steps: ShowStep[];
};

/** `belay show ID --json`, parsed. */
export async function show(cli: Cli, stateDir: string, runId: string): Promise<ShowDocument> {
	const exit = await cli.run(['show', runId, '--json', '--state-dir', stateDir]);
	if (exit.code !== 0) throw new Error(`belay show ${runId} failed: ${describeExit(exit)}`);
	return JSON.parse(exit.stdout) as ShowDocument;
}

export function stepOf(document: ShowDocument, id: string): ShowStep {
	const step = document.steps.find(candidate => candidate.id === id);
	if (!step) throw new Error(`no step ${id} in ${JSON.stringify(document.steps.map(candidate => candidate.id))}`);
	return step;
}
