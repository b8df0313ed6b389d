import {readFileSync, writeFileSync} from 'node:fs';
import {mkdtemp} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {runStarted} from '../helpers/run-state.js';
import {describe, expect, it} from 'vitest';
import type {RunEvent, RunStarted} from '../../source/engine/events.js';
import {JournalConflict} from '../../source/ports/run-journal.js';
import {FileRunStore} from '../../source/store/file-run-store.js';
import {RunLockedError} from '../../source/store/lock.js';

const started = (runId: string): RunStarted => runStarted({runId, at: '2026-12-01T00:00:00.000Z'});
const checked = (key: string): RunEvent => ({type: 'step-checked', at: '2026-12-01T00:00:01.000Z', key});

describe('the file run store', () => {
	it('creates, appends with the expected sequence, refuses a stale one, reads and lists', async () => {
		const store = new FileRunStore(await mkdtemp(join(tmpdir(), 'belay-store-')));
		expect(await store.exists('a')).toBe(false);
		const journal = await store.create(started('a'));
		expect(journal.sequence).toBe(1);
		await journal.append(checked('one'), 1);
		await expect(journal.append(checked('two'), 1)).rejects.toBeInstanceOf(JournalConflict);
		await journal.close();
		expect(await store.exists('a')).toBe(true);
		expect((await store.read('a'))?.events.map(event => event.type)).toEqual(['run-started', 'step-checked']);
		const reopened = await store.open('a');
		expect(reopened.sequence).toBe(2);
		await reopened.close();
		expect((await store.scan()).runs.map(run => run.state.id)).toEqual(['a']);
	});

	it('watches a run from a sequence number, as events are appended', async () => {
		const store = new FileRunStore(await mkdtemp(join(tmpdir(), 'belay-watch-')), 20);
		const journal = await store.create(started('w'));
		await journal.append(checked('one'), 1);
		const seen: string[] = [];
		const controller = new AbortController();
		const watching = store.watch('w', 1, events => {
			for (const event of events) seen.push(event.type === 'step-checked' ? event.key : event.type);
			if (seen.length === 3) controller.abort();
		}, controller.signal);
		await new Promise(resolve => setTimeout(resolve, 60));
		await journal.append(checked('two'), 2);
		await journal.append(checked('three'), 3);
		await watching;
		await journal.close();
		expect(seen).toEqual(['one', 'two', 'three']);
	});

	it('gives one lease at a time, and a lease whose lock another process took says it is lost', async () => {
		const root = await mkdtemp(join(tmpdir(), 'belay-lease-'));
		const store = new FileRunStore(root);
		const lease = await store.lease('l');
		await expect(store.lease('l')).rejects.toThrow(RunLockedError);
		await lease.renew();
		expect(lease.lost.aborted).toBe(false);
		const lock = join(root, 'runs', 'l', 'lock');
		const holder = JSON.parse(readFileSync(lock, 'utf8')) as {pid: number};
		writeFileSync(lock, JSON.stringify({...holder, pid: holder.pid + 1}));
		await lease.renew();
		expect(lease.lost.aborted).toBe(true);
		lease.release();
	});
});
