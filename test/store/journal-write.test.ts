import {mkdtempSync, readFileSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterAll, describe, expect, it} from 'vitest';
import {planStart} from '../../source/engine/plan-start.js';
import {initialState} from '../../source/engine/reduce.js';
import {loadRunbookText} from '../../source/runbook/load.js';
import {FileRunJournal} from '../../source/store/file-journal.js';
import {JournalWriteFailed} from '../../source/store/journal.js';
import {inProcessDriver} from '../helpers/in-process.js';
import {runStarted} from '../helpers/run-state.js';

const dir = mkdtempSync(join(tmpdir(), 'belay-full-'));
afterAll(() => rmSync(dir, {recursive: true, force: true}));

describe('a journal on a full disk', () => {
	it('says so once, in one line naming the journal, and refuses every later append', async () => {
		// /dev/full takes no bytes: every write fails with ENOSPC, as on a full disk.
		const journal = FileRunJournal.open('/dev/full', false, 0);
		const failure = await journal.append(runStarted(), 0).then(() => undefined, (error: unknown) => error);
		expect(failure).toBeInstanceOf(JournalWriteFailed);
		expect((failure as Error).message).toMatch(/^cannot write the run's journal \/dev\/full \(ENOSPC: .*\); nothing was started after the last saved event/);
		expect((failure as Error).message).not.toContain('\n');
		await expect(journal.append(runStarted(), 0)).rejects.toBe(failure);
		await journal.close();
	});

	it('never lets a step act when its step-started could not be saved', async () => {
		const marker = join(dir, 'ran');
		const yaml = `version: 1\nname: full\ntitle: Full\nsteps:\n  - {id: act, title: Act, shell: 'touch "${marker}"'}\n`;
		const loaded = loadRunbookText(yaml, join(dir, 'full.yaml'));
		if (!loaded.ok) throw new Error('invalid');
		const plan = await planStart(loaded.loaded, {inputs: {}, operator: null, pair: null, dryRun: false}, {now: new Date(), host: 'h', pid: 1, suffix: 'ffff'});
		if (!plan.ok) throw new Error('plan');
		const journal = FileRunJournal.open('/dev/full', false, 1);
		const {driver, close} = inProcessDriver(initialState(plan.started), {loaded: loaded.loaded, journal, logPath: join(dir, 'log'), cwd: dir});
		await expect(driver.drive()).rejects.toBeInstanceOf(JournalWriteFailed);
		close();
		expect(() => readFileSync(marker)).toThrow();
	});
});

describe('overlapping appends (the group commit keeps two batches under way)', () => {
	it('writes batches in call order, each whole, and resolves each once it and those before are on disk', async () => {
		const path = join(dir, 'overlap.jsonl');
		const journal = FileRunJournal.open(path, true, 0);
		const event = (index: number) => ({type: 'notice', at: new Date(index).toISOString(), text: `event ${index} ${'x'.repeat(index % 7 === 0 ? 20_000 : 10)}`}) as never;
		const order: number[] = [];
		const appends = Array.from({length: 40}, (_, batch) =>
			journal.appendAll([event(batch * 3), event(batch * 3 + 1), event(batch * 3 + 2)], batch * 3).then(() => order.push(batch)),
		);
		await Promise.all(appends);
		await journal.close();
		const lines = readFileSync(path, 'utf8').trimEnd().split('\n');
		expect(lines).toHaveLength(120);
		expect(lines.map(line => Number((JSON.parse(line) as {text: string}).text.split(' ')[1]))).toEqual(Array.from({length: 120}, (_, index) => index));
		// A batch resolves after every batch before it.
		expect(order).toEqual([...order].sort((a, b) => a - b));
	});

	it('fails every batch under way after a failed one, and writes none of them', async () => {
		const journal = FileRunJournal.open('/dev/full', false, 0);
		const results = await Promise.allSettled([journal.appendAll([runStarted()], 0), journal.appendAll([runStarted()], 1), journal.appendAll([runStarted()], 2)]);
		expect(results.map(result => result.status)).toEqual(['rejected', 'rejected', 'rejected']);
		const reasons = results.map(result => (result as PromiseRejectedResult).reason as unknown);
		expect(reasons[0]).toBeInstanceOf(JournalWriteFailed);
		expect(new Set(reasons).size).toBe(1);
		await journal.close();
	});
});

describe('a question the journal cannot take', () => {
	it('stops the drive at once, without waiting for an answer that will not come', async () => {
		const yaml = 'version: 1\nname: full\ntitle: Full\nsteps:\n  - {id: ok, title: Ok, approve: {prompt: Go?, by: any}}\n';
		const loaded = loadRunbookText(yaml, join(dir, 'ask.yaml'));
		if (!loaded.ok) throw new Error('invalid');
		const plan = await planStart(loaded.loaded, {inputs: {}, operator: null, pair: null, dryRun: false}, {now: new Date(), host: 'h', pid: 1, suffix: 'eeee'});
		if (!plan.ok) throw new Error('plan');
		const journal = FileRunJournal.open('/dev/full', false, 1);
		// No asker: nobody answers the question.
		const {driver, session, close} = inProcessDriver(initialState(plan.started), {loaded: loaded.loaded, journal, logPath: join(dir, 'ask-log'), cwd: dir});
		await expect(driver.drive()).rejects.toBeInstanceOf(JournalWriteFailed);
		close();
		expect(session.current.questions).not.toEqual({});
	});
});
