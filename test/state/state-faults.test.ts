import {mkdtemp} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import type {RunEvent, RunStarted} from '../../source/engine/events.js';
import {DynamoRunStore} from '../../source/store/dynamo/dynamo-run-store.js';
import {parseStateUrl} from '../../source/store/state-url.js';
import {belay, describeExit, tempDir, writeRunbook} from '../cli/belay.js';
import {runStarted} from '../helpers/run-state.js';
import {actionOf, startStandInProxy, type Exchange, type StandInProxy} from '../standins/proxy.js';
import {newStateTable, startDynalite, useMoto, type Emulator} from './state-tables.js';

/**
 * The shared table through a proxy that drops a connection after the write reached the table, and
 * answers ThrottlingException: every event is written once, none lost. And what a run costs: the
 * items a 30-step run writes, counted on the way.
 */

const started = (runId: string): RunStarted => runStarted({runId, at: '2026-12-01T00:00:00.000Z'});
const checked = (key: string): RunEvent => ({type: 'step-checked', at: '2026-12-01T00:00:01.000Z', key});
const throttled = {status: 400, headers: {'content-type': 'application/x-amz-json-1.0'}, body: JSON.stringify({__type: 'com.amazonaws.dynamodb.v20120810#ThrottlingException', message: 'Rate of requests exceeds the allowed throughput.'})};

const emulators: Emulator[] = [];
const proxies: StandInProxy[] = [];
beforeAll(async () => {
	emulators.push(await startDynalite(), await useMoto());
});
afterAll(async () => {
	for (const proxy of proxies) await proxy.close();
	for (const emulator of emulators) await emulator.close();
});

/** Writes that hold an event: single puts, and the puts of a transaction. */
function eventWrites(exchange: Exchange): number {
	const action = actionOf(exchange);
	if (action === 'PutItem') return 1;
	if (action === 'TransactWriteItems') return (JSON.parse(exchange.body) as {TransactItems: {Put?: unknown}[]}).TransactItems.filter(item => item.Put).length;
	return 0;
}

describe.each(['dynalite', 'moto'] as const)('faults on the way to %s', name => {
	it('a connection dropped after the write, and throttling, are retried without a duplicate event', async () => {
		const emulator = emulators.find(found => found.name === name)!;
		const faults = {dropped: 0, throttled: 0};
		let armed = false;
		const proxy = await startStandInProxy(emulator.endpoint, async (exchange, forward) => {
			const writes = eventWrites(exchange) > 0;
			if (armed && writes && faults.dropped === 0) {
				faults.dropped++;
				await forward();
				return 'reset';
			}
			if (armed && writes && faults.dropped === 1 && faults.throttled < 1) {
				faults.throttled++;
				return throttled;
			}
			return forward();
		});
		proxies.push(proxy);
		const url = parseStateUrl(await newStateTable(emulator, proxy.endpoint));
		if (typeof url === 'string') throw new Error(url);
		const store = await DynamoRunStore.connect(url, await mkdtemp(join(tmpdir(), 'belay-faults-')));
		const lease = await store.lease('f');
		const journal = await store.create(started('f'));
		armed = true;
		await journal.append(checked('dropped'), 1);
		await journal.appendAll([checked('throttled'), checked('after')], 2);
		expect(faults).toEqual({dropped: 1, throttled: 1});
		const events = (await store.read('f'))!.events;
		expect(events.map(event => (event.type === 'step-checked' ? event.key : event.type))).toEqual(['run-started', 'dropped', 'throttled', 'after']);
		await lease.release();
		store.close();
	});
});

describe('what a run costs', () => {
	it('a 30-step run writes fewer than 200 items (on dynalite: no transactions, one put per event)', async () => {
		const emulator = emulators[0]!;
		const counts = {items: 0, requests: 0};
		const byAction: Record<string, number> = {};
		const proxy = await startStandInProxy(emulator.endpoint, async (exchange, forward) => {
			const action = actionOf(exchange) ?? '';
			byAction[action] = (byAction[action] ?? 0) + 1;
			if (/^(PutItem|UpdateItem|DeleteItem|TransactWriteItems|BatchWriteItem)$/.test(action)) {
				counts.requests++;
				counts.items += Math.max(1, eventWrites(exchange));
			}
			return forward();
		});
		proxies.push(proxy);
		const url = await newStateTable(emulator, proxy.endpoint);
		counts.items = 0;
		counts.requests = 0;
		const dir = await tempDir('belay-cost-');
		const file = await writeRunbook(dir, 'thirty.yaml', {
			version: 1,
			name: 'thirty',
			title: 'Thirty steps',
			steps: Array.from({length: 30}, (_, index) => ({id: `step-${index + 1}`, title: `Step ${index + 1}`, shell: `echo ${index + 1}`})),
		});
		const run = await belay(['run', file, '--run-id', 'c30', '--operator', 'alice', '--state', url, '--state-dir', join(dir, 'state')], {env: {AWS_ACCESS_KEY_ID: 'x', AWS_SECRET_ACCESS_KEY: 'y'}});
		expect(run.code, describeExit(run)).toBe(0);
		expect(counts.items).toBeGreaterThan(30);
		expect(counts.items).toBeLessThan(200);
		process.stderr.write(`a 30-step run wrote ${counts.items} items in ${counts.requests} write requests ${JSON.stringify(byAction)} in ${run.ms} ms\n`);
	}, 30_000);
});
