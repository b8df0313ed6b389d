import {spawnSync} from 'node:child_process';
import {mkdirSync, mkdtempSync, readFileSync, rmSync} from 'node:fs';
import {join} from 'node:path';
import {fileURLToPath} from 'node:url';
import {afterAll, beforeAll, describe, expect, test} from 'vitest';
import {buildCli} from '../../scripts/build.mjs';

/**
 * `belay validate` and `belay docs` must start fast, so they may not load an AWS client, Ink or zx.
 * The CLI is built from the current source into a private directory (so a concurrent build of
 * dist/ does not matter) and run with a hook that records every module the process resolves.
 */

const root = fileURLToPath(new URL('../../', import.meta.url));
const recorder = join(root, 'test', 'helpers', 'record-imports.mjs');
const runbook = 'runbooks/restore-dynamodb-table.yaml';
let outdir = '';
let scratch = '';

beforeAll(async () => {
	// Under node_modules, so the bundle resolves its external packages as dist/belay.js would.
	const cache = join(root, 'node_modules', '.cache');
	mkdirSync(cache, {recursive: true});
	outdir = mkdtempSync(join(cache, 'belay-imports-'));
	scratch = mkdtempSync(join(cache, 'belay-imports-records-'));
	await buildCli(outdir);
}, 120_000);

afterAll(() => {
	for (const dir of [outdir, scratch]) if (dir) rmSync(dir, {recursive: true, force: true});
});

type Loaded = {kind: string; specifier: string; resolved: string};
let runs = 0;

/** Runs node with the recorder; returns the process's outcome and every module it resolved. */
function recordLoads(args: readonly string[]): {status: number | null; stdout: string; stderr: string; loaded: Loaded[]} {
	const file = join(scratch, `run-${++runs}.tsv`);
	const result = spawnSync(process.execPath, ['--import', recorder, ...args], {
		cwd: root,
		encoding: 'utf8',
		env: {...process.env, BELAY_RECORD_IMPORTS: file, NO_COLOR: '1'},
	});
	let text = '';
	try {
		text = readFileSync(file, 'utf8');
	} catch {
		// nothing recorded: the assertions below say so
	}
	const loaded = text
		.split('\n')
		.filter(Boolean)
		.map(line => {
			const [kind = '', specifier = '', resolved = ''] = line.split('\t');
			return {kind, specifier, resolved};
		});
	return {status: result.status, stdout: result.stdout, stderr: result.stderr, loaded};
}

const heavy = [
	{name: '@aws-sdk/*', matches: (text: string) => /(^|\/)@aws-sdk\//.test(text)},
	{name: 'ink', matches: (text: string) => /^ink(-[\w-]+)?(\/|$)|\/node_modules\/ink(-[\w-]+)?\//.test(text)},
	{name: 'react', matches: (text: string) => /^react(\/|$)|\/node_modules\/react\//.test(text)},
	{name: 'zx', matches: (text: string) => /^zx(\/|$)|\/node_modules\/zx\//.test(text)},
];

/** Each heavy package the process loaded, with the first specifier that brought it in. */
function heavyLoads(loaded: readonly Loaded[]): string[] {
	return heavy.flatMap(({name, matches}) => {
		const hit = loaded.find(entry => matches(entry.specifier) || matches(entry.resolved));
		return hit ? [`${name} (${hit.kind} '${hit.specifier}' → ${hit.resolved || 'unresolved'})`] : [];
	});
}

const bundled = (loaded: readonly Loaded[], pattern: RegExp): string[] =>
	loaded.filter(entry => entry.resolved.startsWith('file:') && pattern.test(entry.resolved)).map(entry => entry.resolved);

describe('commands that must start fast load no AWS client, Ink or zx', () => {
	test(`belay validate ${runbook}`, () => {
		const run = recordLoads([join(outdir, 'belay.js'), 'validate', runbook]);
		expect(run.stderr).toBe('');
		expect(run.stdout).toBe(`${runbook}: ok (restore-dynamodb-table, 40 steps)\n`);
		expect(run.status).toBe(0);
		// The recording saw the launcher and what the bundle (run inside vm.Script) requires ...
		expect(bundled(run.loaded, /\/belay\.js$/)).toHaveLength(1);
		expect(run.loaded.filter(entry => entry.kind === 'cjs').length).toBeGreaterThan(0);
		// ... and nothing heavy.
		expect(heavyLoads(run.loaded)).toEqual([]);
	});

	test('belay docs restore-dynamodb-table (by name, which lists the runbooks directory)', () => {
		const run = recordLoads([join(outdir, 'belay.js'), 'docs', 'restore-dynamodb-table']);
		expect(run.stderr).toBe('');
		expect(run.stdout).toMatch(/^# Restore a DynamoDB table from AWS Backup\n/);
		expect(run.status).toBe(0);
		expect(run.loaded.filter(entry => entry.kind === 'cjs').length).toBeGreaterThan(0);
		expect(heavyLoads(run.loaded)).toEqual([]);
	});

	test('the recording does catch heavy packages, by import() and by require()', () => {
		const script = [
			"import {createRequire} from 'node:module';",
			"await import('zx');",
			"createRequire(import.meta.url)('@aws-sdk/client-sts');",
		].join('\n');
		const run = recordLoads(['--input-type=module', '-e', script]);
		expect(run.status).toBe(0);
		expect(heavyLoads(run.loaded).map(line => line.split(' ')[0])).toEqual(['@aws-sdk/*', 'zx']);
	});
});
