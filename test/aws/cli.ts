/**
 * Runs the CLI as a child process for the AWS tests: headless, standard input ignored, AWS pointed
 * at local stand-ins by the SDK's own variables (AWS_ENDPOINT_URL_<SERVICE>), fake keys, and none of
 * the operator's AWS configuration (profiles, SSO, instance metadata).
 *
 * The CLI is built from the current source into a private folder under node_modules/.cache (as
 * test/cli/no-heavy-imports.test.ts does), so a concurrent `npm run build` of dist/, which deletes
 * the chunks of earlier builds, cannot pull a chunk from under a running child.
 */
import {spawn} from 'node:child_process';
import {mkdirSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {fileURLToPath} from 'node:url';
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

/** Builds the CLI into its own folder. */
export async function buildPrivateCli(): Promise<Cli> {
	const cache = join(root, 'node_modules', '.cache');
	mkdirSync(cache, {recursive: true});
	const outdir = mkdtempSync(join(cache, 'belay-aws-'));
	await buildCli(outdir);
	const bin = join(outdir, 'belay.js');
	return {
		bin,
		run: (args, options = {}) => runNode([...(options.nodeArgs ?? []), bin, ...args], options.env ?? {}, options.cwd),
		dispose: () => rmSync(outdir, {recursive: true, force: true}),
	};
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
