import {spawn, type ChildProcess} from 'node:child_process';
import {existsSync, readFileSync, rmSync} from 'node:fs';
import {join} from 'node:path';
import * as dynamodb from '@aws-sdk/client-dynamodb';
import {DynamoDBClient, ScanCommand, type AttributeValue} from '@aws-sdk/client-dynamodb';
import {afterAll, beforeAll, describe, expect, test} from 'vitest';
import {sandboxCredentials} from '../../source/aws/sandbox-guard.js';
import {sampleCredentials, sampleId, type Item} from '../../source/sandbox/confidant-sample.js';
import {confidantTableNames, createConfidantTable, putItems} from '../../source/sandbox/confidant-tables.js';
import {awsFreeEnv, buildPrivateCli, describeExit, root, scratch, type Cli, type Exit} from './cli.js';

/**
 * The bundled credentials runbooks rehearsed on `belay sandbox` (started here as an operator would,
 * in a process of its own): every run uses the runbooks' `sandbox` environment, which finds the
 * sandbox through its address file in the state dir. In order: a dry run changes nothing; a forced
 * archive moves exactly the eligible credentials with their revisions; restores bring them back and
 * skip what the primary table holds; a belay killed in the middle of an archive resumes without
 * loss or duplication; the sandbox stops cleanly and removes its address.
 */

let cli: Cli;
let dir = '';
let state = '';
let sandbox: ChildProcess;
let sandboxOut = '';
let sandboxExit: Promise<{code: number | null; signal: NodeJS.Signals | null}>;
let endpoint = '';
let client: DynamoDBClient;
const archiveRunbook = join(root, 'runbooks', 'archive-credentials.yaml');
const restoreRunbook = join(root, 'runbooks', 'restore-credentials.yaml');
/** The sandbox's tables as it started. */
let initial: {primary: Map<string, string>; archive: Map<string, string>};

beforeAll(async () => {
	cli = await buildPrivateCli();
	dir = scratch('credentials');
	state = join(dir, 'state');
	sandbox = spawn(process.execPath, [cli.bin, 'sandbox', '--dynamodb-only', '--port', '0', '--state-dir', state], {env: awsFreeEnv({}), stdio: ['ignore', 'pipe', 'pipe']});
	sandbox.stdout!.setEncoding('utf8').on('data', (chunk: string) => (sandboxOut += chunk));
	sandbox.stderr!.setEncoding('utf8').on('data', (chunk: string) => (sandboxOut += chunk));
	sandboxExit = new Promise(resolve => sandbox.on('exit', (code, signal) => resolve({code, signal})));
	const deadline = Date.now() + 20_000;
	while (!sandboxOut.includes('Stop it with Ctrl-C')) {
		if (Date.now() > deadline || sandbox.exitCode !== null) throw new Error(`belay sandbox did not start:\n${sandboxOut}`);
		await new Promise(resolve => setTimeout(resolve, 25));
	}
	endpoint = /export AWS_ENDPOINT_URL_DYNAMODB=(\S+)/.exec(sandboxOut)![1]!;
	client = new DynamoDBClient({endpoint, region: 'us-east-1', credentials: sandboxCredentials});
	initial = {primary: await contents(confidantTableNames.primary), archive: await contents(confidantTableNames.archive)};
}, 60_000);

afterAll(async () => {
	client?.destroy();
	if (sandbox && sandbox.exitCode === null) sandbox.kill('SIGKILL');
	cli?.dispose();
	if (dir) rmSync(dir, {recursive: true, force: true});
});

/** A run of a bundled runbook in the sandbox environment; no AWS keys in its environment. */
const belay = (args: readonly string[]): Promise<Exit> =>
	cli.run([...args, '--state-dir', state, '--non-interactive', '--yes'], {env: {AWS_ACCESS_KEY_ID: '', AWS_SECRET_ACCESS_KEY: ''}});

const run = (runbook: string, inputs: Record<string, string | number | boolean>, runId?: string): Promise<Exit> =>
	belay(['run', runbook, '--env', 'sandbox', ...(runId ? ['--run-id', runId] : []), ...Object.entries(inputs).flatMap(([name, value]) => ['--input', `${name}=${value}`])]);

/** Every item of a table by id, each as comparable JSON. */
async function contents(table: string): Promise<Map<string, string>> {
	const items = new Map<string, string>();
	let key: Record<string, AttributeValue> | undefined;
	do {
		const page = await client.send(new ScanCommand({TableName: table, ExclusiveStartKey: key}));
		for (const item of page.Items ?? []) items.set(item['id']!.S!, comparable(item));
		key = page.LastEvaluatedKey;
	} while (key);
	return items;
}

/** An item as JSON, binary values as base64 (as the SDK returns them, Uint8Array). */
function comparable(item: Record<string, unknown>): string {
	return JSON.stringify(item, (_key, value: unknown) => (value instanceof Uint8Array ? Buffer.from(value).toString('base64') : value), 0);
}

/** A credential's item ids: itself and its revisions. */
const itemIds = (name: string): string[] => {
	const sample = sampleCredentials.find(credential => credential.name === name)!;
	const id = sampleId(name);
	return [id, ...Array.from({length: sample.revision}, (_, index) => `${id}-${index + 1}`)];
};

const ids = (items: readonly Item[]): string[] => items.map(item => (item['id'] as {S: string}).S).sort();
const sorted = (map: Map<string, string>): string[] => [...map.keys()].sort();

describe('archive-credentials and restore-credentials on belay sandbox', () => {
	// Started with a state dir of its own, it says that runs need the same one to find it (it printed
	// the bare command, which looks in the default state dir and finds no sandbox there).
	test('the sandbox started with --state-dir prints commands that find it', () => {
		expect(sandboxOut).toContain(`belay run archive-credentials --env sandbox --state-dir ${state}`);
	});

	test('the sandbox announces where it listens, its data, and its address file', () => {
		expect(sandboxOut).toContain('belay sandbox: running on this machine');
		expect(sandboxOut).toMatch(/DynamoDB \(dynalite\): dynamodb http:\/\/127\.0\.0\.1:\d+/);
		expect(sandboxOut).toContain('table confidant: 10 credentials');
		expect(sandboxOut).toContain('export AWS_ACCESS_KEY_ID=belay-sandbox');
		expect(JSON.parse(readFileSync(join(state, 'sandbox', 'address.json'), 'utf8'))).toMatchObject({pid: sandbox.pid, endpoints: {dynamodb: endpoint}});
	});

	test('a dry run (force false) reports what it would archive and what it refuses, and changes nothing', async () => {
		const before = [await contents(confidantTableNames.primary), await contents(confidantTableNames.archive)];

		const exit = await run(archiveRunbook, {days: 90});

		expect(exit.code, describeExit(exit)).toBe(0);
		expect(exit.stdout).toContain('Would archive (dry run: force is false) from confidant to confidant-archive, 4 credential(s), 12 item(s)');
		expect(exit.stdout).toContain(`${sampleId('payments/stripe-key')} (payments/stripe-key): still enabled`);
		expect(exit.stdout).toContain(`${sampleId('web/legacy-session-secret')} (web/legacy-session-secret): still mapped to service legacy-web`);
		expect(exit.stdout).toContain('Dry run (force is false): nothing was changed. Would archive 4 credential(s) (12 item(s)); 3 refused.');
		expect([await contents(confidantTableNames.primary), await contents(confidantTableNames.archive)]).toEqual(before);
	});

	test('neither days nor ids: refused by the first step, nothing read', async () => {
		const exit = await run(archiveRunbook, {force: true});

		expect(exit.code, describeExit(exit)).toBe(1);
		expect(exit.stderr + exit.stdout).toContain('give exactly one of days (a whole number of days, 0 or more) and ids');
	});

	test('a forced archive moves exactly the disabled, unmapped credentials older than 90 days, with their revisions', async () => {
		const primary = await contents(confidantTableNames.primary);
		const archive = await contents(confidantTableNames.archive);
		const moved = ['billing/db-password-2019', 'search/old-api-key', 'mail/smtp-password-old', 'ops/pagerduty-key'].flatMap(itemIds);

		const exit = await run(archiveRunbook, {days: 90, force: true});

		expect(exit.code, describeExit(exit)).toBe(0);
		expect(exit.stdout).toContain('Archived 4 credential(s): 12 item(s) copied to confidant-archive and deleted from confidant; 3 refused.');
		const after = await contents(confidantTableNames.primary);
		expect(sorted(after)).toEqual(sorted(primary).filter(id => !moved.includes(id)));
		const archived = await contents(confidantTableNames.archive);
		expect(sorted(archived)).toEqual([...new Set([...archive.keys(), ...moved])].sort());
		// Copied unchanged: every attribute, binary data keys and lists included.
		for (const id of moved) expect(archived.get(id), id).toBe(primary.get(id));
	});

	test('restore by ids brings one back with its revisions; restore all then skips it and brings back the rest', async () => {
		const billing = sampleId('billing/db-password-2019');
		const archive = await contents(confidantTableNames.archive);

		const byIds = await run(restoreRunbook, {ids: `${billing}, nope`, force: true});

		expect(byIds.code, describeExit(byIds)).toBe(0);
		expect(byIds.stdout).toContain('nope: no credential with this id in confidant-archive');
		expect(byIds.stdout).toContain('Restored 1 credential(s): 4 item(s) copied from confidant-archive to confidant; 1 skipped.');

		const all = await run(restoreRunbook, {all: true, force: true});

		expect(all.code, describeExit(all)).toBe(0);
		expect(all.stdout).toContain(`${billing} (billing/db-password-2019): already in confidant`);
		expect(all.stdout).toContain('Restored 5 credential(s)');
		// The primary table is as the sandbox made it, plus the credentials only the archive held; the archive keeps its copies.
		const primary = await contents(confidantTableNames.primary);
		expect(sorted(primary)).toEqual([...new Set([...initial.primary.keys(), ...initial.archive.keys()])].sort());
		for (const [id, item] of initial.primary) expect(primary.get(id), id).toBe(item);
		for (const [id, item] of initial.archive) expect(primary.get(id), id).toBe(item);
		expect(sorted(await contents(confidantTableNames.archive))).toEqual(sorted(archive));
	});

	test('belay killed in the middle of an archive resumes without loss or duplication', async () => {
		const tables = {primary: 'crash-primary', archive: 'crash-archive'};
		const old = new Date(Date.now() - 400 * 86_400_000).toISOString().slice(0, 23) + '000+0000';
		const items: Item[] = [];
		for (let index = 0; index < 100; index++) {
			const id = `crash${String(index).padStart(4, '0')}`;
			const fields = {data_type: {S: 'credential'}, name: {S: `crash/${index}`}, enabled: {BOOL: false}, revision: {N: '3'}, modified_date: {S: old}, credential_pairs: {S: 'x'.repeat(200)}};
			items.push({id: {S: id}, ...fields});
			for (let revision = 1; revision <= 3; revision++) items.push({id: {S: `${id}-${revision}`}, ...fields, data_type: {S: 'archive-credential'}, revision: {N: String(revision)}});
		}
		await createConfidantTable(dynamodb, client, tables.primary);
		await createConfidantTable(dynamodb, client, tables.archive);
		await putItems(dynamodb, client, tables.primary, items);

		const runId = 'archive-crash';
		const journal = join(state, 'runs', runId, 'journal.jsonl');
		const child = spawn(
			process.execPath,
			[cli.bin, 'run', archiveRunbook, '--env', 'sandbox', '--run-id', runId, '--state-dir', state, '--non-interactive', '--yes',
				'--input', `table=${tables.primary}`, '--input', `archiveTable=${tables.archive}`, '--input', 'days=30', '--input', 'force=true'],
			{env: awsFreeEnv({AWS_ACCESS_KEY_ID: '', AWS_SECRET_ACCESS_KEY: ''}), stdio: 'ignore'},
		);
		const ended = new Promise<NodeJS.Signals | null>(resolve => child.on('exit', (_code, signal) => resolve(signal)));
		// Kill it as soon as a few chunks are copied: part of the copy is done, part is in flight.
		const copied = (): number => (existsSync(journal) ? (readFileSync(journal, 'utf8').match(/"type":"step-succeeded","at":"[^"]*","key":"copy\[\d+\]\.put"/g) ?? []).length : 0);
		while (copied() < 2 && child.exitCode === null) await new Promise(resolve => setTimeout(resolve, 5));
		child.kill('SIGKILL');
		expect(await ended, 'belay finished before it could be killed').toBe('SIGKILL');
		expect(readFileSync(journal, 'utf8')).not.toContain('"key":"remove"');

		const resumed = await belay(['resume', runId]);

		expect(resumed.code, describeExit(resumed)).toBe(0);
		expect(resumed.stdout).toContain('Archived 100 credential(s): 400 item(s) copied to crash-archive and deleted from crash-primary');
		expect((await contents(tables.primary)).size).toBe(0);
		const archived = await contents(tables.archive);
		expect(sorted(archived)).toEqual(ids(items));
		for (const item of items) expect(archived.get((item['id'] as {S: string}).S)).toBe(comparable(item));
	}, 60_000);

	test('the sandbox stops cleanly on SIGTERM and removes its address file', async () => {
		sandbox.kill('SIGTERM');

		expect(await sandboxExit).toEqual({code: 0, signal: null});
		expect(sandboxOut).toContain('belay sandbox: stopped; the sandbox address was removed');
		expect(existsSync(join(state, 'sandbox', 'address.json'))).toBe(false);
	});
});
