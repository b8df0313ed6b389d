/**
 * When a step acts, measured against the disk: a step that changes things (idempotent or not)
 * starts its command only once its `step-started` is durable; a step that only reads does not wait
 * for the disk; and the journal written in the end replays to the state the driver built. The journal here is
 * the real file journal behind a gate that holds every write of a `step-started` until the test opens it.
 */
import {existsSync} from 'node:fs';
import {rm} from 'node:fs/promises';
import {hostname} from 'node:os';
import {join} from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import type {RunEvent} from '../../source/engine/events.js';
import {initialState, replay} from '../../source/engine/reduce.js';
import {stepHashes} from '../../source/engine/step-hashes.js';
import type {RunJournal} from '../../source/ports/run-journal.js';
import {loadRunbookFile} from '../../source/runbook/load.js';
import {FileRunJournal} from '../../source/store/file-journal.js';
import {readJournal} from '../../source/store/journal.js';
import {tempDir, until, writeRunbook} from '../cli/belay.js';
import {inProcessDriver} from '../helpers/in-process.js';

let dir: string;
beforeAll(async () => void (dir = await tempDir('durable')));
afterAll(async () => rm(dir, {recursive: true, force: true}));

/** A journal whose writes holding a `step-started` wait until `open` is called. */
function gated(inner: RunJournal): RunJournal & {open: () => void; held: () => boolean} {
	let release: () => void = () => {};
	let waiting = false;
	const gate = new Promise<void>(resolve => (release = resolve));
	return {
		get sequence() {
			return inner.sequence;
		},
		append: (event, expected) => inner.append(event, expected),
		async appendAll(events, expected) {
			if (events.some(event => event.type === 'step-started')) {
				waiting = true;
				await gate;
			}
			return inner.appendAll(events, expected);
		},
		close: () => inner.close(),
		open: () => release(),
		held: () => waiting,
	};
}

async function driveGated(kind: 'mutating' | 'idempotent' | 'read-only'): Promise<{markWhileHeld: boolean; events: readonly RunEvent[]; replayed: unknown; final: unknown}> {
	const name = kind;
	const readOnly = kind === 'read-only';
	const mark = join(dir, `${name}.mark`);
	const file = await writeRunbook(dir, `${name}.yaml`, {
		version: 1,
		name,
		title: 'Durable before acting',
		steps: [{id: 'act', title: 'Act', ...(kind === 'idempotent' ? {idempotent: true} : {}),
				...(readOnly ? {readOnly: true} : {}), shell: `touch "${mark}"`}],
	});
	const loaded = await loadRunbookFile(file);
	if (!loaded.ok) throw new Error(JSON.stringify(loaded.problems));
	const path = join(dir, `${name}.jsonl`);
	const started: RunEvent = {
		type: 'run-started',
		at: new Date().toISOString(),
		runId: name,
		runbook: {name, title: 'Durable before acting', path: file, sha256: loaded.loaded.sha256},
		stepHashes: stepHashes(loaded.loaded.runbook),
		environment: null,
		operator: 'alice',
		pair: null,
		dryRun: false,
		inputs: {},
		secretInputs: [],
		host: hostname(),
		pid: process.pid,
	};
	const file0 = FileRunJournal.open(path, true, 0);
	await file0.append(started, 0);
	const journal = gated(file0);
	const {driver, close} = inProcessDriver(initialState(started), {loaded: loaded.loaded, journal, logPath: join(dir, `${name}.log`), cwd: dir});
	const outcome = driver.drive();
	await until(() => journal.held(), 10_000);
	// Long enough for a command that was started to have touched its file.
	await new Promise(resolve => setTimeout(resolve, readOnly ? 0 : 500));
	if (readOnly) await until(() => existsSync(mark), 10_000);
	const markWhileHeld = existsSync(mark);
	journal.open();
	await outcome;
	close();
	await journal.close();
	const events = readJournal(path).events;
	return {markWhileHeld, events, replayed: replay(events), final: driver.current};
}

describe('a step acts', () => {
	for (const kind of ['mutating', 'idempotent'] as const) {
		it(`that changes things (${kind}): only once its start is on disk`, async () => {
			const run = await driveGated(kind);
			expect(run.markWhileHeld).toBe(false);
			expect(run.events.map(event => event.type)).toEqual(['run-started', 'step-started', 'step-process', 'step-succeeded', 'run-finished']);
			expect(run.replayed).toEqual(run.final);
		});
	}

	it('that only reads: without waiting for the disk, its events still in order', async () => {
		const run = await driveGated('read-only');
		expect(run.markWhileHeld).toBe(true);
		expect(run.events.map(event => event.type)).toEqual(['run-started', 'step-started', 'step-process', 'step-succeeded', 'run-finished']);
		expect(run.replayed).toEqual(run.final);
	});
});
