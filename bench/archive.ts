// The bundled runbook archive-credentials against a plain AWS SDK script doing the same archive, in
// the same run, on the same local DynamoDB (dynalite, in a process of its own): N Confidant
// credentials (20,000 by default), each with R revisions (3), all disabled and older than the
// `days` given, so every item (N × (R + 1) = 80,000) moves from a primary table to an archive table.
//   - plain: Query the credentials and the services (data_type_date_index, paginated), then for each
//     25 keys BatchGetItem (consistent) and BatchWriteItem the items to the archive table, 8 chunks in
//     flight, unprocessed items sent again; then BatchWriteItem deletes 25 a batch, 8 in flight.
//   - belay: `belay run runbooks/archive-credentials.yaml --env sandbox --input days=30 --input force=true`
//     (the sandbox environment finds the DynamoDB through AWS_ENDPOINT_URL), headless, --yes.
// Runs alternate (belay, plain, ...). Each archives the table the run before filled (the first one
// the table set up before timing), into a new table: the data is the same for every run and the
// setup is done once. After each run the source must be empty and the target hold every item.
// Reports items/s (wall clock of the whole process) of each, the ratio belay / plain (target at
// least 0.70), CPU time and peak RSS, belay's journal size. Prints the report; writes no docs.
//
//   npm run bench:archive                     (builds, then 3 runs of each)
//   node bench/run.mjs archive --runs 1 --credentials 5000 --no-build
import {existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync} from 'node:fs';
import {createRequire} from 'node:module';
import os from 'node:os';
import {join, resolve} from 'node:path';
import {
	benchOptions,
	count,
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
	usageChecks,
	type BelayRun,
} from './cli-process.js';
import {startDynamo} from './local-dynamodb.js';
import {writeResult} from './results.mjs';
import {createConfidantTable} from '../source/sandbox/confidant-tables.js';

const usage = 'usage: node bench/run.mjs archive [--runs N] [--credentials N] [--revisions N] [--timeout SECONDS] [--belay PATH] [--label TEXT] [--no-build]';
const flags = benchOptions(usage, {runs: {type: 'string', default: '3'}, credentials: {type: 'string', default: '20000'}, revisions: {type: 'string', default: '3'}}, '1800');
const {positive} = usageChecks(usage);

function broken(message: string): never {
	process.stderr.write(`bench:archive: FAILED: ${message}\n`);
	process.exit(1);
}

const runs = positive('runs', flags.runs);
const credentials = positive('credentials', flags.credentials);
const revisions = positive('revisions', flags.revisions);
const itemCount = credentials * (revisions + 1);
const timeoutMs = positive('timeout', flags.timeout) * 1000;
const parallel = 8;
const belay = resolve(root, flags.belay ?? join('dist', 'belay.js'));
if (!existsSync(belay)) {
	process.stderr.write(`${belay} is missing: run \`npm run build\` (npm run bench:archive builds first)\n`);
	process.exit(2);
}
const runbook = join(root, 'runbooks', 'archive-credentials.yaml');

const requireFromRoot = createRequire(join(root, 'package.json'));
const sdk = requireFromRoot('@aws-sdk/client-dynamodb') as typeof import('@aws-sdk/client-dynamodb');
const sdkPath = requireFromRoot.resolve('@aws-sdk/client-dynamodb');

const work = mkdtempSync(join(os.tmpdir(), 'belay-bench-archive-'));
onExit(() => rmSync(work, {recursive: true, force: true}));
const {port, command: serverCommand} = await startDynamo('dynalite', work, broken);
Object.assign(process.env, {
	AWS_ENDPOINT_URL: `http://127.0.0.1:${port}`,
	AWS_ACCESS_KEY_ID: 'test',
	AWS_SECRET_ACCESS_KEY: 'test',
	AWS_REGION: 'us-east-1',
	AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
});
delete process.env['AWS_PROFILE'];
delete process.env['AWS_SESSION_TOKEN'];
const client = new sdk.DynamoDBClient({endpoint: `http://127.0.0.1:${port}`, region: 'us-east-1', credentials: {accessKeyId: 'test', secretAccessKey: 'test'}});

/** A table as Confidant's (the sandbox's own: keyed on id, with the data_type_date_index GSI). */
const createTable = (name: string): Promise<void> => createConfidantTable(sdk, client, name);

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

/** Credential `index` and its revisions, as Confidant stores them: disabled, modified 400 days ago. */
function credentialItems(index: number): Record<string, unknown>[] {
	const id = index.toString(16).padStart(32, '0');
	const modified = `${new Date(Date.now() - (400 + (index % 50)) * 86_400_000).toISOString().slice(0, 23)}000+0000`;
	const fields = (revision: number) => ({
		name: {S: `service-${index % 97}/credential-${index}`},
		enabled: {BOOL: false},
		revision: {N: String(revision)},
		modified_date: {S: modified},
		modified_by: {S: 'alice@example.com'},
		credential_pairs: {S: Buffer.from(`${id}:${revision}:`.padEnd(120, 'k')).toString('base64')},
		data_key: {B: Buffer.from(id, 'hex')},
		cipher_version: {N: '2'},
	});
	return [
		{id: {S: id}, data_type: {S: 'credential'}, ...fields(revisions)},
		...Array.from({length: revisions}, (_, at) => ({id: {S: `${id}-${at + 1}`}, data_type: {S: 'archive-credential'}, ...fields(at + 1)})),
	];
}

// ---- Setup (not timed) -----------------------------------------------------------------------
let sequence = 0;
let source = `confidant_${sequence}`;
process.stderr.write(`bench:archive: dynalite on 127.0.0.1:${port}; writing ${count(itemCount)} items (${count(credentials)} credentials)\n`);
const setupStarted = Date.now();
await createTable(source);
{
	const items = Array.from({length: credentials}, (_, index) => credentialItems(index)).flat();
	let next = 0;
	await Promise.all(
		Array.from({length: 8}, async () => {
			while (next * 25 < items.length) {
				const start = next++ * 25;
				let requests = items.slice(start, start + 25).map(Item => ({PutRequest: {Item}}));
				while (requests.length) {
					const response = await client.send(new sdk.BatchWriteItemCommand({RequestItems: {[source]: requests as never}}));
					requests = (response.UnprocessedItems?.[source] ?? []) as typeof requests;
				}
			}
		}),
	);
}
if ((await countItems(source)) !== itemCount) broken('the source table is not complete');
process.stderr.write(`bench:archive: source table ready (${seconds(Date.now() - setupStarted)})\n`);

const plain = `// The plain SDK script: what archive-credentials does, without belay.
import {createRequire} from 'node:module';
const require = createRequire(${JSON.stringify(join(root, 'package.json'))});
const {DynamoDBClient, QueryCommand, BatchGetItemCommand, BatchWriteItemCommand} = require(${JSON.stringify(sdkPath)});
const [table, archive, days] = process.argv.slice(2);
const client = new DynamoDBClient({});
async function query(dataType, projection) {
	const items = [];
	let key;
	do {
		const page = await client.send(new QueryCommand({TableName: table, IndexName: 'data_type_date_index', KeyConditionExpression: 'data_type = :t',
			ExpressionAttributeValues: {':t': {S: dataType}}, ProjectionExpression: projection, ExpressionAttributeNames: projection.includes('#name') ? {'#name': 'name'} : undefined, ExclusiveStartKey: key}));
		items.push(...page.Items);
		key = page.LastEvaluatedKey;
	} while (key);
	return items;
}
const started = Date.now();
const credentials = await query('credential', 'id, #name, enabled, revision, modified_date');
const mapped = new Set((await query('service', 'id, credentials')).flatMap(service => service.credentials?.SS ?? []));
const age = c => Math.floor((started - Date.parse(c.modified_date.S.slice(0, 23) + 'Z')) / 86400000);
const eligible = credentials.filter(c => age(c) > Number(days) && !c.enabled.BOOL && !mapped.has(c.id.S));
const keys = eligible.flatMap(c => [...Array.from({length: Number(c.revision.N)}, (_, i) => c.id.S + '-' + (i + 1)), c.id.S]);
async function inChunks(list, work) {
	let next = 0;
	await Promise.all(Array.from({length: ${parallel}}, async () => {
		while (next * 25 < list.length) {
			const start = next++ * 25;
			await work(list.slice(start, start + 25));
		}
	}));
}
async function write(target, requests) {
	for (let round = 0; requests.length; round++) {
		if (round) await new Promise(done => setTimeout(done, Math.min(1000, 25 * 2 ** round)));
		const response = await client.send(new BatchWriteItemCommand({RequestItems: {[target]: requests}}));
		requests = response.UnprocessedItems?.[target] ?? [];
	}
}
const copied = [];
await inChunks(keys, async chunk => {
	let pending = {Keys: chunk.map(id => ({id: {S: id}})), ConsistentRead: true};
	const items = [];
	while (pending) {
		const response = await client.send(new BatchGetItemCommand({RequestItems: {[table]: pending}}));
		items.push(...(response.Responses?.[table] ?? []));
		pending = response.UnprocessedKeys?.[table];
	}
	if (items.length) await write(archive, items.map(Item => ({PutRequest: {Item}})));
	copied.push(...items.map(item => item.id.S));
});
await inChunks(copied, chunk => write(table, chunk.map(id => ({DeleteRequest: {Key: {id: {S: id}}}}))));
console.log(JSON.stringify({credentials: eligible.length, items: copied.length, ms: Date.now() - started}));
`;
const plainFile = join(work, 'plain.mjs');
writeFileSync(plainFile, plain);
const rss = rssMethod();

type Measured = {readonly run: BelayRun; readonly journalBytes?: number; readonly events?: number};

/** Checks the run moved every item from `from` to `to`. */
async function check(label: string, from: string, to: string): Promise<void> {
	const [left, moved] = [await countItems(from), await countItems(to)];
	if (left !== 0 || moved !== itemCount) broken(`${label}: ${count(left)} items left in ${from}, ${count(moved)} in ${to} (expected 0 and ${count(itemCount)})`);
}

async function measure(kind: 'belay' | 'plain', label: string): Promise<Measured> {
	const id = `${kind}-${++sequence}`;
	const target = `confidant_${sequence}`;
	await createTable(target);
	const stateDir = join(work, id);
	const journal = join(stateDir, 'runs', id, 'journal.jsonl');
	const args =
		kind === 'belay'
			? ['run', runbook, '--env', 'sandbox', '--state-dir', stateDir, '--run-id', id, '--non-interactive', '--yes',
				'--input', `table=${source}`, '--input', `archiveTable=${target}`, '--input', 'days=30', '--input', 'force=true']
			: [source, target, '30'];
	const run = await runBelay({
		belay: kind === 'belay' ? belay : plainFile,
		args,
		cwd: work,
		stdoutFile: join(work, `${id}.stdout`),
		stderrFile: join(work, `${id}.stderr`),
		timeoutMs,
		rss,
		...(kind === 'belay' ? {journal} : {}),
	});
	if (run.code !== 0 || run.timedOut) broken(`${label}: ended with ${describeEnd(run, timeoutMs)}:\n${tail(run.stderrFile)}\n${tail(run.stdoutFile)}`);
	await check(label, source, target);
	const facts = kind === 'belay' ? {journalBytes: statSync(journal).size, events: readFileSync(journal, 'utf8').split('\n').filter(Boolean).length} : {};
	process.stderr.write(
		`${label}: ${seconds(run.wallMs)}, ${count(Math.round(rate(run.wallMs)))} items/s, CPU ${run.cpuMs === undefined ? '?' : seconds(run.cpuMs)}, peak RSS ${megabytes(run.peakRssBytes)}` +
			(facts.journalBytes !== undefined ? `, journal ${(facts.journalBytes / 1e6).toFixed(1)} MB / ${count(facts.events!)} events` : '') +
			'\n',
	);
	try {
		await client.send(new sdk.DeleteTableCommand({TableName: source}));
	} catch {}
	source = target;
	rmSync(stateDir, {recursive: true, force: true});
	return {run, ...facts};
}

const rate = (ms: number): number => (itemCount * 1000) / ms;
const loadBefore = loadAverage();
const belayRuns: Measured[] = [];
const plainRuns: Measured[] = [];
for (let round = 1; round <= runs; round++) {
	belayRuns.push(await measure('belay', `belay, run ${round}/${runs}`));
	plainRuns.push(await measure('plain', `plain, run ${round}/${runs}`));
}
const loadAfter = loadAverage();

const wall = (list: readonly Measured[]): number => median(list.map(item => item.run.wallMs));
const belayRate = rate(wall(belayRuns));
const plainRate = rate(wall(plainRuns));
const ratio = belayRate / plainRate;
const cpu = (list: readonly Measured[]): number | undefined => (list.every(item => item.run.cpuMs !== undefined) ? median(list.map(item => item.run.cpuMs!)) : undefined);
const {node, machine, build} = setting(belay);
const row = (name: string, list: readonly Measured[], value: number): string =>
	`| ${name} | **${count(Math.round(value))}** | ${list.map(item => count(Math.round(rate(item.run.wallMs)))).join(', ')} | ${seconds(wall(list))} | ${cpu(list) === undefined ? '?' : seconds(cpu(list)!)} | ${megabytes(Math.max(...list.map(item => item.run.peakRssBytes ?? 0)) || undefined)} |`;
const section = [
	'## archive-credentials against a plain SDK script',
	'',
	`Measured ${new Date().toISOString().slice(0, 10)} with \`node bench/run.mjs archive${process.argv.length > 2 ? ` ${process.argv.slice(2).join(' ')}` : ''}\` (bench/archive.ts).`,
	`${count(credentials)} disabled Confidant credentials with ${revisions} revisions each (${count(itemCount)} items) are archived from a primary table to an archive table`,
	`of dynalite (\`${serverCommand}\`), by the bundled runbook (\`--env sandbox --input days=30 --input force=true\`) and by a plain @aws-sdk/client-dynamodb script`,
	'doing the same reads, copies (BatchGetItem + BatchWriteItem, 25 a batch, 8 in flight) and deletes. Runs alternate; each checks that every item moved.',
	'',
	...measuredOn({label: flags.label, node, machine, build, loadBefore, loadAfter, rss}),
	'',
	'| | items/s (median) | each run | wall (median) | CPU time | peak RSS |',
	'|---|---|---|---|---|---|',
	row('plain SDK script', plainRuns, plainRate),
	row('belay', belayRuns, belayRate),
	'',
	`belay / plain: **${ratio.toFixed(2)}**. Target: at least 0.70. ${ratio >= 0.7 ? 'Met.' : '**Missed.**'}`,
	`belay's journal: ${(median(belayRuns.map(item => item.journalBytes!)) / 1e6).toFixed(1)} MB, ${count(median(belayRuns.map(item => item.events!)))} events.`,
	'',
].join('\n');
process.stdout.write(`${section}\n`);
if (!flags.belay) {
	writeResult('archive', 'archive-credentials against a plain SDK script', [
		{
			figure: `the archive runbook, ${count(itemCount)} items (items/s)`,
			measured: `${count(Math.round(belayRate))} items/s`,
			comparison: `plain SDK script ${count(Math.round(plainRate))} items/s`,
			ratio,
			target: 'at least 0.70 ×',
			met: ratio >= 0.7,
		},
	]);
}
process.stderr.write(`bench:archive: belay ${count(Math.round(belayRate))} items/s, plain ${count(Math.round(plainRate))} items/s, ratio ${ratio.toFixed(2)} (target at least 0.70)\n`);
process.exit(0);
