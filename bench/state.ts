// The driver's per-event latency with runs kept in a shared DynamoDB table (dynalite, on a free port
// of 127.0.0.1, in this process) against the local journal (JSONL, fsync), measured in the same run.
// Each round writes a run the way the driver does: the lease taken, run-started, then N events
// appended one at a time, each awaited before the next (the driver's record() waits for a durable
// event before the next side effect). Rounds alternate (local, shared, local, ...) so both share the
// machine's noise. Reports the median, p95 and mean latency per event of each, and the ratio shared /
// local (target at most 2). The numbers go to standard output; nothing is written to docs.
//
//   node bench/run.mjs state                    (5 rounds of 300 events each)
//   node bench/run.mjs state --rounds 3 --events 100
import {mkdtempSync, rmSync} from 'node:fs';
import type {AddressInfo} from 'node:net';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import dynalite from 'dynalite';
import type {RunEvent, RunStarted} from '../source/engine/events.js';
import type {RunStore} from '../source/ports/run-store.js';
import {createStateTable} from '../source/store/dynamo/create-table.js';
import {DynamoRunStore} from '../source/store/dynamo/dynamo-run-store.js';
import {StateTable} from '../source/store/dynamo/table.js';
import {FileRunStore} from '../source/store/file-run-store.js';
import {loadAverage, median, quantile, usageChecks} from './cli-process.js';
import {writeResult} from './results.mjs';

const usage = 'usage: node bench/run.mjs state [--rounds N] [--events N]';
const checks = usageChecks(usage);
const args = process.argv.slice(2);
const option = (name: string, fallback: string): string => {
	const at = args.indexOf(`--${name}`);
	return at >= 0 ? (args[at + 1] ?? checks.fail(`--${name} needs a value`)) : fallback;
};
const rounds = checks.positive('--rounds', option('rounds', '5'));
const perRun = checks.positive('--events', option('events', '300'));

process.env['AWS_ACCESS_KEY_ID'] ??= 'bench';
process.env['AWS_SECRET_ACCESS_KEY'] ??= 'bench';
process.env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] = 'true';

function started(runId: string): RunStarted {
	return {
		type: 'run-started',
		at: new Date().toISOString(),
		runId,
		runbook: {name: 'bench', title: 'Bench', path: 'bench.yaml', sha256: 'x'},
		stepHashes: {},
		environment: null,
		operator: 'bench',
		pair: null,
		dryRun: false,
		inputs: {},
		secretInputs: [],
		host: 'bench',
		pid: process.pid,
	} as RunStarted;
}

/** An event of the size a shell step's success is: its result and a few outputs. */
const event = (index: number): RunEvent =>
	({type: 'step-succeeded', at: new Date().toISOString(), key: `step-${index}`, result: {exitCode: 0, stdout: `line ${index}\n`.repeat(4)}, outputs: {}, attempt: 1}) as unknown as RunEvent;

/** Per-event latencies (ms) of one run written to `store`. */
async function writeRun(store: RunStore, runId: string): Promise<number[]> {
	const lease = await store.lease(runId);
	const journal = await store.create(started(runId));
	const latencies: number[] = [];
	for (let index = 0; index < perRun; index++) {
		const began = process.hrtime.bigint();
		await journal.append(event(index), journal.sequence);
		latencies.push(Number(process.hrtime.bigint() - began) / 1e6);
	}
	await journal.close();
	await lease.release();
	return latencies;
}

const server = dynalite({createTableMs: 0});
await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
const url = {table: 'belay-bench-state', region: 'eu-west-1', endpoint};
const setup = await StateTable.connect(url);
await createStateTable(setup, {plain: true});
setup.close();
const dir = mkdtempSync(join(tmpdir(), 'belay-bench-state-'));
const local = new FileRunStore(join(dir, 'local'));
const shared = await DynamoRunStore.connect(url, join(dir, 'shared'));

const results = {local: [] as number[], shared: [] as number[]};
try {
	for (let round = 0; round < rounds; round++) {
		results.local.push(...(await writeRun(local, `local-${round}`)));
		results.shared.push(...(await writeRun(shared, `shared-${round}`)));
		process.stderr.write(`bench: round ${round + 1}/${rounds} done\n`);
	}
} finally {
	shared.close();
	server.close();
	rmSync(dir, {recursive: true, force: true});
}

const mean = (values: readonly number[]): number => values.reduce((sum, value) => sum + value, 0) / values.length;
const line = (name: string, values: readonly number[]): string =>
	`${name.padEnd(28)} median ${median(values).toFixed(2)} ms   p95 ${quantile(values, 0.95).toFixed(2)} ms   mean ${mean(values).toFixed(2)} ms`;
process.stdout.write(
	[
		`per-event latency, ${rounds} rounds of ${perRun} events each (load average ${loadAverage()})`,
		line('local journal (fsync)', results.local),
		line('shared table (dynalite)', results.shared),
		`ratio shared / local (median): ${(median(results.shared) / median(results.local)).toFixed(2)} (target at most 2)`,
		`ratio shared / local (mean):   ${(mean(results.shared) / mean(results.local)).toFixed(2)}`,
		'',
	].join('\n'),
);

{
	const shared = median(results.shared);
	const local = median(results.local);
	writeResult('state', 'Shared store latency', [
		{
			figure: `shared store: latency per event (${rounds} × ${perRun} events, dynalite)`,
			measured: `${shared.toFixed(2)} ms`,
			comparison: `local journal (fsync) ${local.toFixed(2)} ms`,
			ratio: shared / local,
			target: 'at most 2 ×',
			met: shared / local <= 2,
		},
	]);
}
