// The driver's per-event latency with runs kept in a shared DynamoDB table against the local journal
// (JSONL, fsync), measured in the same run, on each local DynamoDB asked for (all on 127.0.0.1):
// `dynalite` (in this process, as the tests use it), `dynalite-process` (dynalite in a Node process
// of its own) and `moto` (moto_server, Python). Each round writes a run the way the driver does: the
// lease taken, run-started, then N events appended one at a time, each awaited before the next (the
// driver's record() waits for a durable event before the next side effect). Beside it, the floor of
// each server: N bare conditional PutItems of the same item, awaited one by one, as commands of the
// SDK client the store uses (the store's own event put is signed and sent without the SDK's
// middleware: source/store/dynamo/signed-put.ts), and as plain HTTP requests, unsigned (what the
// server itself takes). Rounds alternate (local, then each server) so all share the machine's noise.
// Reports the median, p95 and mean latency per event and this process's CPU per event (the client's
// alone for a server in another process), and the ratios to the local journal (target at most 2).
// The numbers go to standard output; nothing is written to docs.
//
//   node bench/run.mjs state                    (5 rounds of 300 events each, every server)
//   node bench/run.mjs state --rounds 3 --events 100 --servers dynalite,moto
import {mkdirSync, mkdtempSync, rmSync} from 'node:fs';
import {Agent, request} from 'node:http';
import type {AddressInfo} from 'node:net';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import dynalite from 'dynalite';
import type {RunEvent} from '../source/engine/events.js';
import type {RunStore} from '../source/ports/run-store.js';
import {createStateTable} from '../source/store/dynamo/create-table.js';
import {DynamoRunStore} from '../source/store/dynamo/dynamo-run-store.js';
import {eventItem} from '../source/store/dynamo/item-codec.js';
import {StateTable} from '../source/store/dynamo/table.js';
import {FileRunStore} from '../source/store/file-run-store.js';
import {loadAverage, median, quantile, usageChecks} from './cli-process.js';
import {startDynamo} from './local-dynamodb.js';
import {writeResult} from './results.mjs';
import {benchRunStarted} from './run-started.js';

const serverNames = ['dynalite', 'dynalite-process', 'moto'] as const;
type ServerName = (typeof serverNames)[number];
const usage = `usage: node bench/run.mjs state [--rounds N] [--events N] [--servers ${serverNames.join(',')}]`;
const checks = usageChecks(usage);
const args = process.argv.slice(2);
const option = (name: string, fallback: string): string => {
	const at = args.indexOf(`--${name}`);
	return at >= 0 ? (args[at + 1] ?? checks.fail(`--${name} needs a value`)) : fallback;
};
const rounds = checks.positive('--rounds', option('rounds', '5'));
const perRun = checks.positive('--events', option('events', '300'));
const servers = option('servers', serverNames.join(',')).split(',') as ServerName[];
for (const name of servers) if (!serverNames.includes(name)) checks.fail(`--servers: no local DynamoDB '${name}'`);

process.env['AWS_ACCESS_KEY_ID'] ??= 'bench';
process.env['AWS_SECRET_ACCESS_KEY'] ??= 'bench';
process.env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] = 'true';

/** An event of the size a shell step's success is: its result and a few outputs. */
const event = (index: number): RunEvent =>
	({type: 'step-succeeded', at: new Date().toISOString(), key: `step-${index}`, result: {exitCode: 0, stdout: `line ${index}\n`.repeat(4)}, outputs: {}, attempt: 1}) as unknown as RunEvent;

/** Latencies (ms) and this process's CPU (ms) of `perRun` awaited calls of `each`. */
async function timed(each: (index: number) => Promise<unknown>): Promise<{latencies: number[]; cpuMs: number}> {
	const latencies: number[] = [];
	const cpu = process.cpuUsage();
	for (let index = 0; index < perRun; index++) {
		const began = process.hrtime.bigint();
		await each(index);
		latencies.push(Number(process.hrtime.bigint() - began) / 1e6);
	}
	const used = process.cpuUsage(cpu);
	return {latencies, cpuMs: (used.user + used.system) / 1000};
}

/** Per-event latencies of one run written to `store`, as the driver writes it. */
async function writeRun(store: RunStore, runId: string): Promise<{latencies: number[]; cpuMs: number}> {
	const lease = await store.lease(runId);
	const journal = await store.create(benchRunStarted(runId, 'bench'));
	const result = await timed(async index => journal.append(event(index), journal.sequence));
	await journal.close();
	await lease.release();
	return result;
}

/** The bare conditional PutItem of an event's item, as an HTTP request without the SDK (no signature: local servers do not check it). */
function httpPut(agent: Agent, endpoint: URL, table: string): (runId: string, index: number) => Promise<void> {
	return (runId, index) =>
		new Promise((resolve, reject) => {
			const body = JSON.stringify({TableName: table, Item: eventItem(runId, index, event(index), 'bench'), ConditionExpression: 'attribute_not_exists(#s)', ExpressionAttributeNames: {'#s': 'seq'}});
			const headers = {
				'content-type': 'application/x-amz-json-1.0',
				'x-amz-target': 'DynamoDB_20120810.PutItem',
				'x-amz-date': '20260101T000000Z',
				authorization: 'AWS4-HMAC-SHA256 Credential=bench/20260101/eu-west-1/dynamodb/aws4_request, SignedHeaders=host, Signature=0',
			};
			const sent = request({host: endpoint.hostname, port: endpoint.port, method: 'POST', path: '/', agent, headers}, response => {
				let text = '';
				response.on('data', (chunk: Buffer) => (text += chunk.toString()));
				response.on('end', () => (response.statusCode === 200 ? resolve() : reject(new Error(`PutItem answered ${response.statusCode}: ${text}`))));
			});
			sent.on('error', reject);
			sent.end(body);
		});
}

/** The same conditional PutItem as a command of the SDK client (the store's own put skips the SDK's middleware: signed-put.ts). */
const sdkPut = (table: StateTable, runId: string, index: number): {readonly input: unknown} =>
	new table.sdk.PutItemCommand({TableName: table.name, Item: eventItem(runId, index, event(index), 'bench') as never, ConditionExpression: 'attribute_not_exists(#s)', ExpressionAttributeNames: {'#s': 'seq'}});

type Server = {
	readonly name: ServerName;
	readonly command: string;
	readonly store: DynamoRunStore;
	readonly table: StateTable;
	readonly http: (runId: string, index: number) => Promise<void>;
	close(): void;
};

async function startServer(name: ServerName, work: string): Promise<Server> {
	let endpoint: string;
	let command: string;
	let stop = (): void => {};
	if (name === 'dynalite') {
		const server = dynalite({createTableMs: 0});
		await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
		endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
		command = 'dynalite in this process';
		stop = () => server.close();
	} else {
		const started = await startDynamo(name === 'moto' ? 'moto' : 'dynalite', join(work, name), message => checks.fail(message));
		endpoint = `http://127.0.0.1:${started.port}`;
		command = started.command.length > 60 ? `${started.command.slice(0, 40)}…` : started.command;
	}
	const url = {table: 'belay-bench-state', region: 'eu-west-1', endpoint};
	const table = await StateTable.connect(url);
	await createStateTable(table, {plain: true});
	const store = await DynamoRunStore.connect(url, join(work, `${name}-state`));
	const agent = new Agent({keepAlive: true});
	return {
		name,
		command,
		store,
		table,
		http: httpPut(agent, new URL(endpoint), url.table),
		close: () => {
			store.close();
			table.close();
			agent.destroy();
			stop();
		},
	};
}

type Series = {latencies: number[]; cpuMs: number};
const series = (): Series => ({latencies: [], cpuMs: 0});
const add = (into: Series, from: Series): void => {
	into.latencies.push(...from.latencies);
	into.cpuMs += from.cpuMs;
};

const work = mkdtempSync(join(tmpdir(), 'belay-bench-state-'));
const local = new FileRunStore(join(work, 'local'));
const running: Server[] = [];
const results = {local: series(), shared: new Map<ServerName, {run: Series; sdk: Series; http: Series}>()};
try {
	for (const name of servers) {
		mkdirSync(join(work, name), {recursive: true});
		running.push(await startServer(name, work));
		results.shared.set(name, {run: series(), sdk: series(), http: series()});
	}
	for (let round = 0; round < rounds; round++) {
		add(results.local, await writeRun(local, `local-${round}`));
		for (const server of running) {
			const into = results.shared.get(server.name)!;
			add(into.run, await writeRun(server.store, `shared-${round}`));
			add(into.sdk, await timed(index => server.table.send(sdkPut(server.table, `sdk-${round}`, index))));
			add(into.http, await timed(index => server.http(`http-${round}`, index)));
		}
		process.stderr.write(`bench: round ${round + 1}/${rounds} done\n`);
	}
} finally {
	for (const server of running) server.close();
	rmSync(work, {recursive: true, force: true});
}

const mean = (values: readonly number[]): number => values.reduce((sum, value) => sum + value, 0) / values.length;
const localMedian = median(results.local.latencies);
const line = (name: string, values: Series): string =>
	`${name.padEnd(40)} median ${median(values.latencies).toFixed(2).padStart(6)} ms  p95 ${quantile(values.latencies, 0.95).toFixed(2).padStart(6)} ms  mean ${mean(values.latencies).toFixed(2).padStart(6)} ms  ` +
	`cpu ${(values.cpuMs / values.latencies.length).toFixed(2)} ms/event  ×local ${(median(values.latencies) / localMedian).toFixed(2)}`;
const out = [`per-event latency, ${rounds} rounds of ${perRun} events each (load average ${loadAverage()}); ×local is the ratio of medians (target at most 2)`, line('local journal (fsync)', results.local)];
for (const server of running) {
	const measured = results.shared.get(server.name)!;
	out.push(`${server.name}: ${server.command}`);
	out.push(line(`  shared store, run as the driver writes`, measured.run));
	out.push(line(`  bare conditional PutItem, SDK command`, measured.sdk));
	out.push(line(`  floor: PutItem, plain HTTP, unsigned`, measured.http));
}
process.stdout.write(`${out.join('\n')}\n`);

writeResult(
	'state',
	'Shared store latency',
	running.map(server => {
		const measured = results.shared.get(server.name)!;
		const shared = median(measured.run.latencies);
		return {
			figure: `shared store: latency per event (${rounds} × ${perRun} events, ${server.name}; bare PutItem: ${median(measured.http.latencies).toFixed(2)} ms over HTTP, ${median(measured.sdk.latencies).toFixed(2)} ms through the SDK)`,
			measured: `${shared.toFixed(2)} ms`,
			comparison: `local journal (fsync) ${localMedian.toFixed(2)} ms`,
			ratio: shared / localMedian,
			target: 'at most 2 ×',
			met: shared / localMedian <= 2,
		};
	}),
);
// The servers of their own process are stopped on exit (bench/local-dynamodb.ts).
process.exit(0);
