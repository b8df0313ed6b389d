// Bulk foreach against a plain AWS SDK script, measured from outside and in the same run, against
// the same local DynamoDB: N credential-like items (80,000 by default: 20,000 Confidant credentials)
// are copied from a source table to an empty target table
//   - by a plain Node script: Scan (paginated), then BatchWriteItem 25 a batch, 8 in flight,
//     unprocessed items sent again;
//   - by the built CLI running a runbook whose `foreach` takes the scanned items `batch: 25` at a time,
//     `concurrency: inputs.parallel` (8), one BatchWriteItem step per chunk.
// Runs alternate (belay, plain, belay, plain, ...) so that they share the machine's noise; each run
// gets a fresh, empty target table, counted afterwards (Scan, Select: COUNT): a run that did not copy
// every item fails the benchmark. Reports items/s of each (median), the ratio belay / plain (target
// at least 0.70), CPU time and peak RSS of each, belay's journal (MB, events).
//
// The DynamoDB is dynalite (npm, in a child process of its own) by default, or moto_server
// (`--dynamodb moto`); either way on a free port of 127.0.0.1, started and stopped by the benchmark.
//
//   npm run bench:bulk                       (builds, then 3 runs of each at 80,000 items; writes docs/BENCHMARKS.md)
//   node bench/run.mjs bulk --runs 5 --items 20000 --no-docs
//   node bench/run.mjs bulk --dynamodb moto --parallel 8 --timeout 900
import {existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync} from 'node:fs';
import {createRequire} from 'node:module';
import os from 'node:os';
import {join, resolve} from 'node:path';
import {writeResult} from './results.mjs';
import {
	benchOptions,
	describeEnd,
	loadAverage,
	measuredOn,
	median,
	megabytes,
	onExit,
	root,
	rssMethod,
	runBelay,
	seconds,
	setting,
	tail,
	writeSection,
	type BelayRun,
	count,
	usageChecks,
} from './cli-process.js';
import {startDynamo} from './local-dynamodb.js';

const usage =
	'usage: node bench/run.mjs bulk [--runs N] [--items N] [--parallel N] [--dynamodb dynalite|moto] [--timeout SECONDS] [--belay PATH] [--label TEXT] [--no-docs] [--no-build]';
const flags = benchOptions(
	usage,
	{
		runs: {type: 'string', default: '3'},
		items: {type: 'string', default: '80000'},
		parallel: {type: 'string', default: '8'},
		dynamodb: {type: 'string', default: 'dynalite'},
	},
	'900',
);

const {fail, positive} = usageChecks(usage);

/** Stops the benchmark: something measured went wrong (a run failed, items are missing). */
function broken(message: string): never {
	process.stderr.write(`bench:bulk: FAILED: ${message}\n`);
	process.exit(1);
}

const runs = positive('runs', flags.runs);
const itemCount = positive('items', flags.items);
const parallel = positive('parallel', flags.parallel);
if (parallel > 64) fail('--parallel takes 1 to 64 (belay takes a concurrency of 64 at most)');
const timeoutMs = positive('timeout', flags.timeout) * 1000;
const server = flags.dynamodb as 'dynalite' | 'moto';
if (server !== 'dynalite' && server !== 'moto') fail(`--dynamodb takes dynalite or moto (got '${server}')`);
const belay = resolve(root, flags.belay ?? join('dist', 'belay.js'));
if (!existsSync(belay)) {
	process.stderr.write(`${belay} is missing: run \`npm run build\` (npm run bench:bulk builds first)\n`);
	process.exit(2);
}
const batchSize = 25;

// The AWS SDK, from the repository's node_modules (what belay bundles, and what the plain script uses).
const requireFromRoot = createRequire(join(root, 'package.json'));
const sdk = requireFromRoot('@aws-sdk/client-dynamodb') as typeof import('@aws-sdk/client-dynamodb');
const sdkPath = requireFromRoot.resolve('@aws-sdk/client-dynamodb');

const work = mkdtempSync(join(os.tmpdir(), 'belay-bench-bulk-'));
onExit(() => rmSync(work, {recursive: true, force: true}));

// ---- The DynamoDB ----------------------------------------------------------------------------
const {port, command: serverCommand} = await startDynamo(server, work, broken);

// Every process the benchmark starts (belay, the plain script) reads these, as does its own client.
Object.assign(process.env, {
	AWS_ENDPOINT_URL: `http://127.0.0.1:${port}`,
	AWS_ACCESS_KEY_ID: 'test',
	AWS_SECRET_ACCESS_KEY: 'test',
	AWS_REGION: 'us-east-1',
	AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
});
delete process.env['AWS_PROFILE'];
delete process.env['AWS_SESSION_TOKEN'];
const client = new sdk.DynamoDBClient({
	endpoint: `http://127.0.0.1:${port}`,
	region: 'us-east-1',
	credentials: {accessKeyId: 'test', secretAccessKey: 'test'},
});

type Item = Record<string, {S: string}>;

async function createTable(name: string): Promise<void> {
	await client.send(
		new sdk.CreateTableCommand({
			TableName: name,
			AttributeDefinitions: [{AttributeName: 'id', AttributeType: 'S'}],
			KeySchema: [{AttributeName: 'id', KeyType: 'HASH'}],
			BillingMode: 'PAY_PER_REQUEST',
		}),
	);
	for (;;) {
		const {Table} = await client.send(new sdk.DescribeTableCommand({TableName: name}));
		if (Table?.TableStatus === 'ACTIVE') return;
		await new Promise(done => setTimeout(done, 50));
	}
}

async function deleteTable(name: string): Promise<void> {
	try {
		await client.send(new sdk.DeleteTableCommand({TableName: name}));
	} catch {}
}

async function countItems(name: string): Promise<number> {
	let total = 0;
	let key: Record<string, unknown> | undefined;
	do {
		const page = await client.send(new sdk.ScanCommand({TableName: name, Select: 'COUNT', ExclusiveStartKey: key as never}));
		total += page.Count ?? 0;
		key = page.LastEvaluatedKey;
	} while (key);
	return total;
}

/** 20,000 credentials, 4 revisions each, as Confidant stores them: an id, a name, ~200 characters of data. */
function credential(index: number): Item {
	const cred = Math.floor(index / 4);
	return {
		id: {S: `cred-${cred}-${(index % 4) + 1}`},
		name: {S: `service-${cred % 97}/credential-${cred}`},
		data: {S: Buffer.from(`${cred}:${index}:`.padEnd(150, 'k')).toString('base64').slice(0, 200)},
	};
}

// ---- Setup (not timed) -----------------------------------------------------------------------
process.stderr.write(`bench:bulk: ${server} on 127.0.0.1:${port}; writing ${count(itemCount)} items into the source table\n`);
const source = 'source';
const setupStarted = Date.now();
await createTable(source);
{
	let next = 0;
	const chunks = Math.ceil(itemCount / batchSize);
	await Promise.all(
		Array.from({length: 8}, async () => {
			while (next < chunks) {
				const start = next++ * batchSize;
				let requests = Array.from({length: Math.min(batchSize, itemCount - start)}, (_, offset) => ({PutRequest: {Item: credential(start + offset)}}));
				while (requests.length) {
					const response = await client.send(new sdk.BatchWriteItemCommand({RequestItems: {[source]: requests}}));
					requests = (response.UnprocessedItems?.[source] ?? []) as typeof requests;
				}
			}
		}),
	);
}
const loaded = await countItems(source);
if (loaded !== itemCount) broken(`the source table holds ${count(loaded)} items, not ${count(itemCount)}`);
process.stderr.write(`bench:bulk: source table ready (${count(loaded)} items, ${seconds(Date.now() - setupStarted)})\n`);

// ---- What is timed ---------------------------------------------------------------------------
const runbook = `version: 1
name: bulk
title: Copy items in chunks
inputs:
  parallel: {type: number, default: 8}
  target: {type: string, default: target}
steps:
  - id: scan
    title: Read the items
    aws: {service: dynamodb, command: Scan, input: {TableName: ${source}}, paginate: true}
  - id: copy
    title: Copy them
    foreach:
      items: \${{ steps.scan.result.Items }}
      batch: ${batchSize}
      concurrency: inputs.parallel
      steps:
        - id: put
          title: Write a chunk
          aws:
            service: dynamodb
            command: BatchWriteItem
            input:
              RequestItems:
                "\${{ inputs.target }}": "\${{ item.{'PutRequest': {'Item': $}} }}"
`;
const runbookFile = join(work, 'bulk.yaml');
writeFileSync(runbookFile, runbook);

const plain = `// The plain SDK script: Scan (paginated), then BatchWriteItem ${batchSize} a batch, N in flight.
import {createRequire} from 'node:module';
const require = createRequire(${JSON.stringify(join(root, 'package.json'))});
const {DynamoDBClient, ScanCommand, BatchWriteItemCommand} = require(${JSON.stringify(sdkPath)});
const [source, target, inFlight] = process.argv.slice(2);
const client = new DynamoDBClient({});
const started = Date.now();
const items = [];
let key;
do {
	const page = await client.send(new ScanCommand({TableName: source, ExclusiveStartKey: key}));
	items.push(...page.Items);
	key = page.LastEvaluatedKey;
} while (key);
const scanned = Date.now();
let next = 0;
let calls = 0;
await Promise.all(Array.from({length: Number(inFlight)}, async () => {
	while (next * ${batchSize} < items.length) {
		const start = next++ * ${batchSize};
		let requests = items.slice(start, start + ${batchSize}).map(Item => ({PutRequest: {Item}}));
		for (let round = 0; requests.length; round++) {
			if (round) await new Promise(done => setTimeout(done, Math.min(1000, 25 * 2 ** round)));
			calls++;
			const response = await client.send(new BatchWriteItemCommand({RequestItems: {[target]: requests}}));
			requests = response.UnprocessedItems?.[target] ?? [];
		}
	}
}));
console.log(JSON.stringify({items: items.length, scanMs: scanned - started, writeMs: Date.now() - scanned, calls}));
`;
const plainFile = join(work, 'plain.mjs');
writeFileSync(plainFile, plain);

const rss = rssMethod();

type Measured = {
	readonly run: BelayRun;
	readonly copied: number;
	/** Reading the items and writing them, by the process's own clock (plain) or the journal's (belay). */
	readonly scanMs: number | undefined;
	readonly writeMs: number | undefined;
	readonly journalBytes?: number;
	readonly events?: number;
	readonly eventsByType?: Record<string, number>;
};

function checkStderr(label: string, file: string): void {
	const text = readFileSync(file, 'utf8');
	if (text.includes('MaxListenersExceededWarning')) broken(`${label}: MaxListenersExceededWarning in standard error:\n${tail(file)}`);
}

/** The journal: size, events (and of which types), and the scan and copy steps' durations by its time stamps. */
function readJournal(path: string): {bytes: number; events: number; byType: Record<string, number>; scanMs?: number; writeMs?: number} {
	const byType: Record<string, number> = {};
	const at: Record<string, number> = {};
	let events = 0;
	const text = readFileSync(path, 'utf8');
	for (const line of text.split('\n')) {
		if (line.trim() === '') continue;
		events++;
		const event = JSON.parse(line) as {type?: string; key?: string; at?: string};
		byType[event.type ?? '?'] = (byType[event.type ?? '?'] ?? 0) + 1;
		if ((event.key === 'scan' || event.key === 'copy') && event.at && (event.type === 'step-started' || event.type === 'step-succeeded')) {
			at[`${event.key} ${event.type}`] = Date.parse(event.at);
		}
	}
	const span = (step: string): number | undefined => {
		const start = at[`${step} step-started`];
		const end = at[`${step} step-succeeded`];
		return start !== undefined && end !== undefined ? end - start : undefined;
	};
	// The foreach records no step-started: its copy phase runs from the scan's end to its own.
	const scanEnd = at['scan step-succeeded'];
	const copyEnd = at['copy step-succeeded'];
	return {bytes: statSync(path).size, events, byType, scanMs: span('scan'), writeMs: scanEnd !== undefined && copyEnd !== undefined ? copyEnd - scanEnd : undefined};
}

let sequence = 0;
const rate = (items: number, ms: number): number => (items * 1000) / ms;

async function measureBelay(label: string): Promise<Measured> {
	const id = `bulk-${++sequence}`;
	const target = `target_${id.replace('-', '_')}`;
	await createTable(target);
	const stateDir = join(work, id);
	const journal = join(stateDir, 'runs', id, 'journal.jsonl');
	const run = await runBelay({
		belay,
		args: ['run', runbookFile, '--state-dir', stateDir, '--run-id', id, '--non-interactive', '--input', `parallel=${parallel}`, '--input', `target=${target}`],
		cwd: work,
		stdoutFile: join(work, `${id}.stdout`),
		stderrFile: join(work, `${id}.stderr`),
		timeoutMs,
		rss,
		journal,
	});
	if (run.code !== 0 || run.timedOut) {
		broken(`${label}: belay ended with ${describeEnd(run, timeoutMs)}; its last output:\n${tail(run.stderrFile)}\n${tail(run.stdoutFile)}`);
	}
	checkStderr(label, run.stderrFile);
	const copied = await countItems(target);
	if (copied !== itemCount) broken(`${label}: belay exited 0 but the target table holds ${count(copied)} items, not ${count(itemCount)}`);
	const facts = readJournal(journal);
	process.stderr.write(
		`${label}: ${seconds(run.wallMs)}, ${count(Math.round(rate(itemCount, run.wallMs)))} items/s` +
			` (scan ${facts.scanMs === undefined ? '?' : seconds(facts.scanMs)}, copy ${facts.writeMs === undefined ? '?' : seconds(facts.writeMs)}),` +
			` CPU ${run.cpuMs === undefined ? '?' : seconds(run.cpuMs)}, peak RSS ${megabytes(run.peakRssBytes)}, journal ${(facts.bytes / 1e6).toFixed(1)} MB / ${count(facts.events)} events\n`,
	);
	await deleteTable(target);
	rmSync(stateDir, {recursive: true, force: true});
	rmSync(run.stdoutFile, {force: true});
	rmSync(run.stderrFile, {force: true});
	return {run, copied, scanMs: facts.scanMs, writeMs: facts.writeMs, journalBytes: facts.bytes, events: facts.events, eventsByType: facts.byType};
}

async function measurePlain(label: string): Promise<Measured> {
	const id = `plain-${++sequence}`;
	const target = `target_${id.replace('-', '_')}`;
	await createTable(target);
	const run = await runBelay({
		belay: plainFile,
		args: [source, target, String(parallel)],
		cwd: work,
		stdoutFile: join(work, `${id}.stdout`),
		stderrFile: join(work, `${id}.stderr`),
		timeoutMs,
		rss,
	});
	if (run.code !== 0 || run.timedOut) broken(`${label}: the plain script ended with ${describeEnd(run, timeoutMs)}:\n${tail(run.stderrFile)}`);
	checkStderr(label, run.stderrFile);
	const copied = await countItems(target);
	if (copied !== itemCount) broken(`${label}: the plain script exited 0 but the target table holds ${count(copied)} items, not ${count(itemCount)}`);
	const report = JSON.parse(readFileSync(run.stdoutFile, 'utf8').trim()) as {scanMs: number; writeMs: number};
	process.stderr.write(
		`${label}: ${seconds(run.wallMs)}, ${count(Math.round(rate(itemCount, run.wallMs)))} items/s (scan ${seconds(report.scanMs)}, copy ${seconds(report.writeMs)}),` +
			` CPU ${run.cpuMs === undefined ? '?' : seconds(run.cpuMs)}, peak RSS ${megabytes(run.peakRssBytes)}\n`,
	);
	await deleteTable(target);
	rmSync(run.stdoutFile, {force: true});
	rmSync(run.stderrFile, {force: true});
	return {run, copied, scanMs: report.scanMs, writeMs: report.writeMs};
}

// ---- The runs --------------------------------------------------------------------------------
const validate = await runBelay({
	belay,
	args: ['validate', runbookFile],
	cwd: work,
	stdoutFile: join(work, 'validate.stdout'),
	stderrFile: join(work, 'validate.stderr'),
	timeoutMs: 60_000,
	rss: 'none',
});
if (validate.code !== 0) broken(`belay validate rejects the runbook:\n${tail(validate.stdoutFile)}\n${tail(validate.stderrFile)}`);

const loadBefore = loadAverage();
const belayRuns: Measured[] = [];
const plainRuns: Measured[] = [];
for (let round = 1; round <= runs; round++) {
	belayRuns.push(await measureBelay(`belay, run ${round}/${runs}`));
	plainRuns.push(await measurePlain(`plain, run ${round}/${runs}`));
}
const loadAfter = loadAverage();
await deleteTable(source);

// ---- The section -----------------------------------------------------------------------------
const medianOf = (list: readonly Measured[], pick: (item: Measured) => number | undefined): number | undefined => {
	const values = list.map(pick);
	return values.every((value): value is number => value !== undefined) ? median(values) : undefined;
};
const belayRate = rate(itemCount, medianOf(belayRuns, item => item.run.wallMs)!);
const plainRate = rate(itemCount, medianOf(plainRuns, item => item.run.wallMs)!);
const ratio = belayRate / plainRate;
const target = 0.7;
const met = ratio >= target;
const belayCopy = medianOf(belayRuns, item => item.writeMs);
const plainCopy = medianOf(plainRuns, item => item.writeMs);
const copyRatio = belayCopy !== undefined && plainCopy !== undefined ? plainCopy / belayCopy : undefined;
const belayCpu = medianOf(belayRuns, item => item.run.cpuMs);
const plainCpu = medianOf(plainRuns, item => item.run.cpuMs);
const peak = (list: readonly Measured[]): number | undefined => {
	const known = list.map(item => item.run.peakRssBytes).filter((value): value is number => value !== undefined);
	return known.length ? Math.max(...known) : undefined;
};
const journalMb = (medianOf(belayRuns, item => item.journalBytes)! / 1e6).toFixed(1);
const events = medianOf(belayRuns, item => item.events)!;
const chunks = Math.ceil(itemCount / batchSize);
const byType = belayRuns[0]!.eventsByType!;
const typeList = Object.entries(byType)
	.sort((a, b) => b[1] - a[1])
	.map(([type, n]) => `${type} ${count(n)}`)
	.join(', ');
const time = (value: number | undefined): string => (value === undefined ? '?' : seconds(value));
const row = (name: string, list: readonly Measured[], median: number): string =>
	`| ${name} | **${count(Math.round(median))}** | ${list.map(item => count(Math.round(rate(itemCount, item.run.wallMs)))).join(', ')} | ${time(medianOf(list, item => item.run.wallMs))} | ${time(medianOf(list, item => item.scanMs))} | ${time(medianOf(list, item => item.writeMs))} | ${time(medianOf(list, item => item.run.cpuMs))} | ${megabytes(peak(list))} |`;
const {node, machine, build} = setting(belay);
const command = `node bench/run.mjs bulk${process.argv.slice(2).length ? ` ${process.argv.slice(2).join(' ')}` : ''}`;
const serverName =
	server === 'dynalite'
		? '[dynalite](https://github.com/architect/dynalite) (npm, in memory, in a Node process of its own: `' + serverCommand + '`)'
		: 'moto_server (`' + serverCommand + '`)';
const section = [
	'## Bulk foreach against a plain SDK script',
	'',
	`Measured ${new Date().toISOString().slice(0, 10)} with \`${command}\` (bench/bulk.ts; \`npm run bench:bulk\`). ${count(itemCount)} credential-like items`,
	`(id, name, 200 characters of data) are copied from a source table to an empty target table of a local DynamoDB, ${serverName},`,
	'on 127.0.0.1 (the same server for every run):',
	`- **plain**: a Node script using @aws-sdk/client-dynamodb: Scan (paginated), then BatchWriteItem ${batchSize} a batch, ${parallel} in flight, unprocessed items sent again;`,
	`- **belay**: \`node dist/belay.js run bulk.yaml --non-interactive\` (standard output to a file), the runbook below: a paginated Scan step, then a \`foreach\` over its items with \`batch: ${batchSize}\` and \`concurrency: inputs.parallel\` (${parallel}), one BatchWriteItem step per chunk (${count(chunks)} chunks).`,
	'',
	`Runs alternate (belay, plain, ...), ${runs} of each; each gets a fresh target table, whose items are counted afterwards (Scan, \`Select: COUNT\`): every run must copy all ${count(itemCount)}.`,
	'Items/s: items over the wall-clock time of the whole process (start-up, Scan and writes). Scan and copy: the plain script\'s own clock;',
	"belay's journal time stamps (scan: its `step-started` to `step-succeeded`; copy: from there to the foreach's `step-succeeded`). Setting up the source table is not timed.",
	'',
	...measuredOn({label: flags.label, node, machine, build, loadBefore, loadAfter, rss}),
	`- DynamoDB: ${server}; the server's own CPU is on the same (shared) cores as the client being measured`,
	'',
	'Why dynalite: tried both on this machine with the plain script, 10,000 items (2026-12-02): moto_server wrote 970 to 1,520 items/s',
	'with 1 request in flight and about 1,950 with 8, and its paginated Scan took 3.4 to 7.3 s; dynalite (`createTableMs: 0`) wrote',
	'1,900 to 2,100 items/s with 1 in flight and about 2,300 with 8, and scanned in 0.6 to 1.0 s. Neither scales much with 8 in',
	"flight on 2 cores: the server is CPU-bound and shares the cores with the client, so a client's own CPU time (belay's or the",
	"script's) is taken from the server; the ratio below is, on this machine, largely a ratio of CPU used per item.",
	'',
	'| | items/s (median) | each run | wall (median) | scan | copy | CPU time | peak RSS |',
	'|---|---|---|---|---|---|---|---|',
	row('plain SDK script', plainRuns, plainRate),
	row('belay', belayRuns, belayRate),
	'',
	`belay / plain: **${ratio.toFixed(2)}** (copy phase alone: ${copyRatio === undefined ? '?' : copyRatio.toFixed(2)}). Target: at least ${target.toFixed(2)}. ${met ? 'Met.' : '**Missed.**'}`,
	`CPU time belay / plain: ${belayCpu !== undefined && plainCpu !== undefined ? `${(belayCpu / plainCpu).toFixed(2)} ×` : 'not measured'}.`,
	'',
	`belay's journal: ${journalMb} MB, ${count(events)} events (${(events / chunks).toFixed(1)} per chunk) — ${typeList}.`,
	`No \`MaxListenersExceededWarning\` in the standard error of any run; every run copied all ${count(itemCount)} items.`,
	'',
	'```yaml',
	runbook.trimEnd(),
	'```',
	'',
].join('\n');

process.stdout.write(`${section}\n`);
if (!flags['no-docs']) writeSection('Bulk foreach against a plain SDK script', section);
if (!flags.belay) {
	writeResult('bulk', 'Bulk foreach against a plain SDK script', [
		{
			figure: `bulk \`foreach\` copy of ${count(itemCount)} items (items/s)`,
			measured: `${count(Math.round(belayRate))} items/s`,
			comparison: `plain SDK script ${count(Math.round(plainRate))} items/s`,
			ratio,
			target: `at least ${target.toFixed(2)} ×`,
			met,
		},
	]);
}
process.stderr.write(
	`bench:bulk: belay ${count(Math.round(belayRate))} items/s, plain ${count(Math.round(plainRate))} items/s, ratio ${ratio.toFixed(2)} (target at least ${target}): ${met ? 'met' : 'MISSED'}\n`,
);
process.exit(0);
