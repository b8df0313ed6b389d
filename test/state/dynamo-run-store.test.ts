import {mkdtemp} from 'node:fs/promises';
import {hostname, tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import type {RunEvent, RunStarted} from '../../source/engine/events.js';
import {JournalConflict} from '../../source/ports/run-journal.js';
import {DynamoRunStore} from '../../source/store/dynamo/dynamo-run-store.js';
import {fenceItem, leaseSeq, key} from '../../source/store/dynamo/item-codec.js';
import {parseStateUrl} from '../../source/store/state-url.js';
import {runStarted} from '../helpers/run-state.js';
import {actionOf, startStandInProxy} from '../standins/proxy.js';
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

	it('writes each event with one conditional put, and no read, while its lease holds', async () => {
		const actions: string[] = [];
		const proxy = await startStandInProxy(emulator().endpoint, async (exchange, forward) => {
			actions.push(actionOf(exchange) ?? '');
			return forward();
		});
		try {
			const url = parseStateUrl(await newStateTable(emulator(), proxy.endpoint));
			if (typeof url === 'string') throw new Error(url);
			const store = await DynamoRunStore.connect(url, await mkdtemp(join(tmpdir(), 'belay-dyn-')), {leaseMs: 60_000});
			const lease = await store.lease('one');
			const journal = await store.create(started('one'));
			actions.length = 0;
			for (let n = 0; n < 10; n++) await journal.append(checked(`s${n}`), journal.sequence);
			expect(actions).toEqual(Array.from({length: 10}, () => 'PutItem'));
			await lease.release();
			expect((await store.read('one'))!.events).toHaveLength(11);
			store.close();
		} finally {
			await proxy.close();
		}
	});

	it('belay unlock alone fences the writer: its next write is refused, naming who unlocked', async () => {
		const first = await openStore(emulator(), {leaseMs: 60_000});
		const second = await sameTable(first);
		const lease = await first.lease('cut');
		const journal = await first.create(started('cut'));
		process.env['BELAY_OPERATOR'] = 'carol';
		try {
			await second.unlock('cut');
		} finally {
			delete process.env['BELAY_OPERATOR'];
		}
		await expect(journal.append(checked('late'), 1)).rejects.toThrow(/lease of run cut was lost to carol \(belay unlock\) \(pid \d+ on /);
		expect(lease.lost.aborted).toBe(true);
		expect((await second.read('cut'))!.events.map(event => event.type)).toEqual(['run-started']);
		expect((await second.scan()).runs.map(run => run.state.id)).toEqual(['cut']);
		first.close();
		second.close();
	});

	it('a fence left by a taker that lost the lease again does not stop the holder', async () => {
		const store = await openStore(emulator(), {leaseMs: 60_000});
		const lease = await store.lease('stale');
		const journal = await store.create(started('stale'));
		// A slow taker put its fence at the next position after its own lease had gone to this driver.
		await store.table.putNew(fenceItem('stale', 1, 'slow-taker', JSON.stringify({operator: 'dave', host: 'far-away', pid: 7, since: '2026-12-01T00:00:00Z'})));
		expect(await store.table.eventCount('stale')).toBe(1);
		await journal.append(checked('goes-on'), 1);
		await journal.append(checked('and-on'), 2);
		expect(lease.lost.aborted).toBe(false);
		expect((await store.read('stale'))!.events.map(event => (event.type === 'step-checked' ? event.key : event.type))).toEqual(['run-started', 'goes-on', 'and-on']);
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
