/**
 * Group commit, measured on the real file journal: the events of a step answered at once (its
 * question, the answer, its start and end) go to the disk together with the next step's question and
 * answer, in one write and one fdatasync, instead of one flush each; the journal still holds every
 * event in the order the driver recorded it, and replays to the driver's state.
 */
import {rm} from 'node:fs/promises';
import {join} from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import type {RunEvent} from '../../source/engine/events.js';
import {initialState, replay} from '../../source/engine/reduce.js';
import type {RunJournal} from '../../source/ports/run-journal.js';
import {loadRunbookText} from '../../source/runbook/load.js';
import {FileRunJournal} from '../../source/store/file-journal.js';
import {readJournal} from '../../source/store/journal.js';
import {tempDir} from '../cli/belay.js';
import {collectEvents, inProcessDriver} from '../helpers/in-process.js';
import {runStarted} from '../helpers/run-state.js';

let dir: string;
beforeAll(async () => void (dir = await tempDir('group-commit')));
afterAll(async () => rm(dir, {recursive: true, force: true}));

/** The real journal, counting its flushes (each one write and one fdatasync). */
function counted(inner: RunJournal): RunJournal & {flushes: () => number} {
	let flushes = 0;
	return {
		get sequence() {
			return inner.sequence;
		},
		append: (event, expected) => (flushes++, inner.append(event, expected)),
		appendAll: (events, expected) => (flushes++, inner.appendAll(events, expected)),
		close: () => inner.close(),
		flushes: () => flushes,
	};
}

describe('steps answered at once', () => {
	it('share one flush a step, and the journal holds every event in order', async () => {
		const steps = 20;
		const lines = ['version: 1', 'name: grouped', 'title: Grouped', 'steps:'];
		for (let index = 0; index < steps; index++) lines.push(`  - {id: s${index}, title: "Step ${index}", approve: {prompt: ok, by: any}}`);
		const loaded = loadRunbookText(`${lines.join('\n')}\n`, join(dir, 'grouped.yaml'));
		if (!loaded.ok) throw new Error(JSON.stringify(loaded.problems));
		const path = join(dir, 'grouped.jsonl');
		const file = FileRunJournal.open(path, true, 0);
		const started = runStarted({runId: 'grouped'});
		await file.append(started, 0);
		const journal = counted(file);
		const {driver, session, close} = inProcessDriver(initialState(started), {
			loaded: loaded.loaded,
			journal,
			logPath: join(dir, 'grouped.log'),
			cwd: dir,
			asker: {ask: async () => ({value: {approver: 'bob'}, by: 'bob'})},
		});
		const told = collectEvents(session);
		const outcome = await driver.drive();
		close();
		await journal.close();
		expect(outcome.status).toBe('succeeded');
		const events = readJournal(path).events;
		const recorded = told.filter((event): event is RunEvent => 'at' in event);
		expect(events.slice(1)).toEqual(recorded);
		expect(events.slice(1, 5).map(event => event.type)).toEqual(['question-asked', 'operator-answered', 'step-started', 'step-succeeded']);
		expect(events).toHaveLength(1 + 4 * steps + 1);
		// One flush a step (one a turn of the event loop would be three): give or take the first step,
		// whose executor is loaded from disk meanwhile, and the last (run-finished waits for the others).
		expect(journal.flushes()).toBeLessThanOrEqual(steps + 4);
		expect(replay(events)).toEqual(driver.current);
	});
});
