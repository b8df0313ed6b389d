import {mkdtempSync, readFileSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterAll, describe, expect, it} from 'vitest';
import {planStart} from '../../source/engine/plan-start.js';
import {initialState} from '../../source/engine/reduce.js';
import {loadRunbookText} from '../../source/runbook/load.js';
import type {SessionSnapshot} from '../../source/session/run-session.js';
import {FileRunJournal} from '../../source/store/file-journal.js';
import {readJournal} from '../../source/store/journal.js';
import {inProcessDriver} from '../helpers/in-process.js';

const dir = mkdtempSync(join(tmpdir(), 'belay-session-'));
afterAll(() => rmSync(dir, {recursive: true, force: true}));

const yaml = `version: 1
name: session
title: Session
pairing: required
steps:
  - id: print
    title: Print a lot
    shell: 'for i in $(seq 1 2000); do echo "line $i"; done; echo oops >&2'
  - id: gate
    title: Gate
    manual:
      text: Look at the output.
      checklist: [looked, agreed]
  - id: sign-off
    title: Sign off
    approve: {prompt: 'Go ahead?'}
`;

async function started() {
	const loaded = loadRunbookText(yaml, join(dir, 'session.yaml'));
	if (!loaded.ok) throw new Error('invalid');
	const plan = await planStart(loaded.loaded, {inputs: {}, operator: 'alice', pair: 'bob', dryRun: false, runId: 's1'}, {now: new Date(), host: 'test', pid: process.pid, suffix: '0000'});
	if (!plan.ok) throw new Error(plan.needs[0]!.message);
	const journalPath = join(dir, 'journal.jsonl');
	const journal = FileRunJournal.open(journalPath, true, 0);
	await journal.append(plan.started, 0);
	const {driver, session, close} = inProcessDriver(initialState(plan.started), {loaded: loaded.loaded, journal, logPath: join(dir, 'output.log'), cwd: dir});
	await driver.record(plan.vars);
	return {driver, session, close, journal, journalPath};
}

describe('the run session', () => {
	it('has any number of listeners, and a third party answers its questions by id; refusals stay visible', async () => {
		const {driver, session, close, journal, journalPath} = await started();
		const first: string[] = [];
		const snapshots: SessionSnapshot[] = [];
		const stopFirst = session.subscribe(({event}) => first.push(event.type));
		session.subscribe(() => {
			const snapshot = session.getSnapshot();
			// useSyncExternalStore's rule: the same snapshot until something changes.
			expect(session.getSnapshot()).toBe(snapshot);
			snapshots.push(snapshot);
		});
		const refusals: string[] = [];
		// The third party: neither listener above, answering from what the snapshot shows.
		session.subscribe(({event}) => {
			if (event.type === 'answer-refused') refusals.push(event.reason);
			if (event.type !== 'question-asked') return;
			const question = event.question;
			queueMicrotask(() => {
				if (question.type === 'checklist') {
					expect(question.items).toEqual(['looked', 'agreed']);
					expect(question.text).toBe('Look at the output.');
					expect(session.answer(question.id, ['looked'], 'alice')).toEqual({ok: false, reason: 'not every item is ticked: agreed'});
					expect(session.getSnapshot().questions).toMatchObject([{id: question.id, refused: 'not every item is ticked: agreed'}]);
					expect(session.answer(question.id, ['looked', 'agreed'], 'alice')).toEqual({ok: true});
					stopFirst();
				}
				if (question.type === 'approve') {
					expect(question).toMatchObject({by: 'pair', operator: 'alice', pair: 'bob', prompt: 'Go ahead?'});
					expect(session.answer(question.id, {approver: 'alice'}, 'alice')).toMatchObject({ok: false, reason: 'approval must come from the pair (bob), not the operator'});
					expect(session.answer(question.id, {approver: 'bob'}, 'bob')).toEqual({ok: true});
					expect(session.answer(question.id, {approver: 'bob'}, 'bob')).toMatchObject({ok: false});
				}
			});
		});

		const outcome = await driver.drive();
		close();
		await journal.close();
		expect(outcome.status).toBe('succeeded');
		expect(refusals).toEqual(['not every item is ticked: agreed', 'approval must come from the pair (bob), not the operator']);

		// The first listener stopped hearing when it unsubscribed (after the checklist).
		expect(first).toContain('question-asked');
		expect(first).not.toContain('run-finished');

		// The output window: bounded, with the counts of everything printed.
		const last = snapshots.at(-1)!;
		const print = last.output['print']!;
		expect(print.lineCount).toBe(2001);
		expect(print.stderrCount).toBe(1);
		expect(print.lines).toHaveLength(500);
		expect(print.lines.at(-1)).toEqual({stream: 'stderr', text: 'oops'});
		expect(print.lines.filter(line => line.stream === 'stdout').at(-1)).toEqual({stream: 'stdout', text: 'line 2000'});
		expect(last.questions).toEqual([]);
		expect(last.state.status).toBe('succeeded');
		// Versions only grow.
		expect(snapshots.map(snapshot => snapshot.version)).toEqual([...snapshots.map(snapshot => snapshot.version)].sort((a, b) => a - b));

		// On disk: every question asked, and the answers with who gave them; all 2,000 lines in the log.
		const events = readJournal(journalPath).events;
		expect(events.filter(event => event.type === 'question-asked').map(event => event.type === 'question-asked' && event.question.type)).toEqual(['checklist', 'approve']);
		expect(events).toContainEqual(expect.objectContaining({type: 'operator-answered', key: 'sign-off', question: 'approve', answer: 'bob', by: 'bob'}));
		const log = readFileSync(join(dir, 'output.log'), 'utf8').trim().split('\n');
		expect(log.filter(line => /(^| )print \| line \d+$/.test(line))).toHaveLength(2000);
		// Each batch of lines starts with the time it was read.
		expect(log[0]).toMatch(/^\d{4}-\d\d-\d\dT[\d:.]+Z print \| line 1$/);
	});
});
