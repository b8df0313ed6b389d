import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterAll, describe, expect, it} from 'vitest';
import type {RunEvent} from '../../source/engine/events.js';
import {planStart} from '../../source/engine/plan-start.js';
import {initialState} from '../../source/engine/reduce.js';
import {SimulatedClock} from '../../source/ports/clock.js';
import {loadRunbookText} from '../../source/runbook/load.js';
import {FileRunJournal} from '../../source/store/file-journal.js';
import {readJournal} from '../../source/store/journal.js';
import {inProcessDriver} from '../helpers/in-process.js';

const dir = mkdtempSync(join(tmpdir(), 'belay-clock-'));
afterAll(() => rmSync(dir, {recursive: true, force: true}));

describe('a simulated clock', () => {
	it('runs an hour of retry delays in a moment; every time stamp comes from it', async () => {
		const marks = join(dir, 'tries');
		const yaml = `version: 1
name: flaky
title: Flaky
steps:
  - id: flaky
    title: Flaky
    retry: {attempts: 3, delay: 30m, backoff: 2}
    shell: 'echo x >> "${marks}"; [ "$(wc -l < "${marks}")" -ge 3 ]'
`;
		const loaded = loadRunbookText(yaml, join(dir, 'flaky.yaml'));
		if (!loaded.ok) throw new Error('invalid');
		const clock = new SimulatedClock(Date.parse('2026-12-01T00:00:00Z'));
		const plan = await planStart(loaded.loaded, {inputs: {}, operator: 'alice', pair: null, dryRun: false}, {now: clock.now(), host: 'test', pid: process.pid, suffix: 'abcd'});
		if (!plan.ok) throw new Error(plan.needs[0]!.message);
		const journalPath = join(dir, 'journal.jsonl');
		const journal = FileRunJournal.open(journalPath, true, 0);
		await journal.append(plan.started, 0);
		const {driver, close} = inProcessDriver(initialState(plan.started), {loaded: loaded.loaded, journal, logPath: join(dir, 'log'), cwd: dir, clock});
		const real = Date.now();
		const outcome = await driver.drive();
		close();
		await journal.close();

		expect(outcome.status).toBe('succeeded');
		expect(Date.now() - real).toBeLessThan(10_000);
		expect(plan.runId).toBe('flaky-20261201-000000-abcd');
		const started = readJournal(journalPath).events.filter((event): event is Extract<RunEvent, {type: 'step-started'}> => event.type === 'step-started');
		const failed = readJournal(journalPath).events.filter((event): event is Extract<RunEvent, {type: 'step-failed'}> => event.type === 'step-failed');
		expect(started.map(event => event.attempt)).toEqual([1, 2, 3]);
		// 30 minutes after the first failure, then 60 (backoff 2) after the second.
		expect(Date.parse(started[1]!.at) - Date.parse(failed[0]!.at)).toBe(30 * 60_000);
		expect(Date.parse(started[2]!.at) - Date.parse(failed[1]!.at)).toBe(60 * 60_000);
		expect(clock.slept).toEqual([30 * 60_000, 60 * 60_000]);
	});

	it('wakes a sleeper only when moved past its time', async () => {
		const clock = new SimulatedClock(0, {autoAdvance: false});
		let woke = false;
		const sleeping = clock.sleep(1000, new AbortController().signal).then(() => (woke = true));
		clock.advance(999);
		await Promise.resolve();
		expect(woke).toBe(false);
		clock.advance(1);
		await sleeping;
		expect(woke).toBe(true);
		expect(clock.now().getTime()).toBe(1000);
	});
});
