import {mkdtemp} from 'node:fs/promises';
import {hostname, tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import type {RunEvent, RunStarted} from '../../source/engine/events.js';
import {JournalConflict} from '../../source/ports/run-journal.js';
import {DynamoRunStore} from '../../source/store/dynamo/dynamo-run-store.js';
import {leaseSeq, key} from '../../source/store/dynamo/item-codec.js';
import {parseStateUrl} from '../../source/store/state-url.js';
import {runStarted} from '../helpers/run-state.js';
import {newStateTable, startDynalite, useMoto, type Emulator} from './state-tables.js';

const started = (runId: string): RunStarted => runStarted({runId, at: '2026-12-01T00:00:00.000Z'});
const checked = (key: string): RunEvent => ({type: 'step-checked', at: '2026-12-01T00:00:01.000Z', key});

async function openStore(emulator: Emulator, options: {leaseMs?: number} = {}): Promise<DynamoRunStore> {
	const url = parseStateUrl(await newStateTable(emulator));
	if (typeof url === 'string') throw new Error(url);
	return DynamoRunStore.connect(url, await mkdtemp(join(tmpdir(), 'belay-dyn-')), options);
}

/** A second store on the same table (another machine: its own state dir). */
async function sameTable(store: DynamoRunStore, options: {leaseMs?: number} = {}): Promise<DynamoRunStore> {
	const url = parseStateUrl(`${store.where}?region=eu-west-1&endpoint=${encodeURIComponent(String(await store.table.client.config.endpoint?.().then(e => `${e.protocol}//${e.hostname}:${e.port}`)))}`);
	if (typeof url === 'string') throw new Error(url);
	return DynamoRunStore.connect(url, await mkdtemp(join(tmpdir(), 'belay-dyn-')), options);
}

const emulators: Emulator[] = [];
beforeAll(async () => {
	emulators.push(await startDynalite(), await useMoto());
});
afterAll(async () => {
	for (const emulator of emulators) await emulator.close();
});

describe.each(['dynalite', 'moto'] as const)('the DynamoDB run store on %s', name => {
	const emulator = (): Emulator => emulators.find(found => found.name === name)!;

	it('creates, appends with the expected sequence, refuses a taken one, reads and lists', async () => {
		const store = await openStore(emulator());
		expect(await store.exists('a')).toBe(false);
		const journal = await store.create(started('a'));
		expect(journal.sequence).toBe(1);
		await journal.appendAll([checked('one'), checked('two')], 1);
		await expect(journal.append(checked('three'), 1)).rejects.toBeInstanceOf(JournalConflict);
		await expect(store.create(started('a'))).rejects.toBeInstanceOf(JournalConflict);
		expect(await store.exists('a')).toBe(true);
		expect((await store.read('a'))?.events.map(event => (event.type === 'step-checked' ? event.key : event.type))).toEqual(['run-started', 'one', 'two']);
		expect((await store.open('a')).sequence).toBe(3);
		expect((await store.scan()).runs.map(run => run.state.id)).toEqual(['a']);
		store.close();
	});

	it('16 writers contending for one run lose no event and duplicate none', async () => {
		const store = await openStore(emulator());
		await (await store.create(started('race'))).close();
		const writers = await Promise.all(Array.from({length: 16}, () => sameTable(store)));
		await Promise.all(
			writers.map(async (writer, w) => {
				const journal = await writer.open('race');
				let expected = journal.sequence;
				for (let n = 0; n < 1; n++) {
					for (;;) {
						try {
							await journal.append(checked(`w${w}-${n}`), expected);
							expected++;
							break;
						} catch (error) {
							if (!(error instanceof JournalConflict)) throw error;
							expected = error.actual;
						}
					}
				}
			}),
		);
		const keys = (await store.read('race'))!.events.flatMap(event => (event.type === 'step-checked' ? [event.key] : []));
		expect(keys).toHaveLength(16);
		expect(new Set(keys).size).toBe(16);
		for (const writer of writers) writer.close();
		store.close();
	});

	it.runIf(name === 'dynalite')('refuses a lease held elsewhere naming its holder, and gives one whose time ran out', {timeout: 20_000}, async () => {
		const store = await openStore(emulator());
		await (await store.create(started('held'))).close();
		// Another machine holds the lease for 3 s more, and its heartbeat stopped.
		const expires = Date.now() + 3_000;
		await store.table.send(
			new store.table.sdk.PutItemCommand({
				TableName: store.table.name,
				Item: {...key('held', leaseSeq), id: {S: 'other'}, holder: {S: JSON.stringify({operator: 'bob', host: 'far-away', pid: 42, since: '2026-12-01T00:00:00Z'})}, expires: {N: String(expires)}, token: {N: '1'}},
			}),
		);
		await expect(store.lease('held')).rejects.toThrow(/run held is being driven by bob \(pid 42 on far-away\).*belay unlock held/);
		expect((await store.summary('held'))?.status).toBe('running');
		await new Promise(resolve => setTimeout(resolve, expires - Date.now() + 50));
		expect((await store.summary('held'))?.status).toBe('interrupted');
		const lease = await store.lease('held');
		expect(lease.lost.aborted).toBe(false);
		await lease.release();
		store.close();
	});

	it('fences a writer whose lease was taken: it cannot write again, and says who has the run', async () => {
		const first = await openStore(emulator(), {leaseMs: 60_000});
		const second = await sameTable(first);
		const lease = await first.lease('fenced');
		const journal = await first.create(started('fenced'));
		await journal.append(checked('mine'), 1);
		expect(await second.unlock('fenced')).toMatch(new RegExp(`pid ${process.pid} on ${hostname()}`));
		const taken = await second.lease('fenced');
		await expect(journal.append(checked('late'), 2)).rejects.toThrow(/lease of run fenced was lost to .*pid/);
		expect(lease.lost.aborted).toBe(true);
		const events = (await second.read('fenced'))!.events;
		expect(events.map(event => event.type)).toEqual(['run-started', 'step-checked']);
		// The new holder goes on where the run was.
		const next = await second.open('fenced');
		await next.append(checked('theirs'), 2);
		await taken.release();
		first.close();
		second.close();
	});
});
