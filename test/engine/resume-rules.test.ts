import {apply, at, runbookOf, runStarted, start, type Unstamped} from '../helpers/run-state.js';
import {describe, expect, it} from 'vitest';
import type {RunEvent} from '../../source/engine/events.js';
import {next, type NextContext} from '../../source/engine/next.js';
import {holderGone, replay} from '../../source/engine/reduce.js';
import {unresolvedEvent} from '../../source/engine/unresolved.js';

const context: NextContext = {interactive: false, protected: false, processAlive: () => false};

describe('resume rules in next, with the facts passed in', () => {
	const runbook = runbookOf(`  - {id: load, title: Load, shell: 'sleep 100'}\n`);
	const killed = apply(
		start(),
		{type: 'step-started', key: 'load', attempt: 1, request: {}},
		{type: 'step-process', key: 'load', pid: 4242, host: 'db-host'},
		{type: 'run-resumed', host: 'h', pid: 2, operator: null, acceptedChanges: []},
	);

	it('pauses, naming the process group and the kill command, while the command of a killed run still runs', () => {
		const asked: {pid: number; host: string}[] = [];
		const decisions = next(killed, runbook, {...context, processAlive: group => (asked.push(group), true)});
		expect(asked).toEqual([{pid: 4242, host: 'db-host'}]);
		expect(decisions).toEqual([
			{
				kind: 'pause',
				key: 'load',
				question: 'resume',
				reason: expect.stringContaining('still running (process group 4242); wait for it to end, or stop it with: kill -TERM -4242'),
			},
		]);
	});

	it('asks what to do once the command has ended (a mutating step is never re-run by itself)', () => {
		expect(next(killed, runbook, context)).toMatchObject([{kind: 'ask', key: 'load', question: 'resume'}]);
	});

	it('reads a run whose driver is gone as interrupted, as run-interrupted would have', () => {
		const running = apply(start(), {type: 'step-started', key: 'load', attempt: 1, request: {}});
		const seen = holderGone(running);
		expect(seen.status).toBe('interrupted');
		expect(seen.steps['load']?.status).toBe('interrupted');
		expect(running.status).toBe('running');
		expect(holderGone(seen)).toBe(seen);
	});

	it('shows a step whose request reads an unperformed step as unresolvable in a dry run, and fails it otherwise', () => {
		const rehearsal = apply(start(true), {type: 'step-skipped', key: 'a', reason: 'dry-run', request: {}});
		expect(unresolvedEvent(rehearsal, 'b', 1, 'no value', 'now')).toEqual({type: 'step-skipped', at: 'now', key: 'b', reason: 'dry-run', request: {unresolved: 'no value'}});
		expect(unresolvedEvent(start(true), 'b', 1, 'no value', 'now')).toMatchObject({type: 'step-failed', final: true, error: {code: 'Expression'}});
		expect(unresolvedEvent(start(false), 'b', 2, 'no value', 'now')).toMatchObject({type: 'step-failed', attempt: 2, final: true});
	});
});

describe('a foreach cursor', () => {
	const runbook = runbookOf(
		`  - id: each\n    title: Each\n    foreach:\n      items: [a, b, c, d, e]\n      concurrency: 2\n      steps:\n        - {id: put, title: Put, shell: echo}\n        - {id: check, title: Check, shell: echo}\n`,
	);
	const done = (key: string): Unstamped[] => [
		{type: 'step-started', key, attempt: 1, request: {}},
		{type: 'step-succeeded', key, result: null, outputs: {}},
	];

	it('moves past finished items, so a turn starts where the work is', () => {
		let state = apply(start(), {type: 'foreach-expanded', key: 'each', items: ['a', 'b', 'c', 'd', 'e'], stepIds: ['put', 'check']});
		expect(state.steps['each']?.cursor).toBe(0);
		// Item 1 finishes before item 0: the cursor waits for item 0.
		state = apply(state, ...done('each[1].put'), ...done('each[1].check'), ...done('each[0].put'));
		expect(state.steps['each']?.cursor).toBe(0);
		state = apply(state, ...done('each[0].check'));
		expect(state.steps['each']?.cursor).toBe(2);
		expect(next(state, runbook, context).map(decision => ('key' in decision ? decision.key : ''))).toEqual(['each[2].put', 'each[3].put']);
	});

	it('goes back to an item whose secret step must be asked again', () => {
		let state = apply(start(), {type: 'foreach-expanded', key: 'each', items: ['a', 'b'], stepIds: ['put', 'check']});
		state = apply(state, ...done('each[0].put'), ...done('each[0].check'), ...done('each[1].put'), ...done('each[1].check'));
		expect(state.steps['each']?.cursor).toBe(2);
		state = apply(state, {type: 'secret-forgotten', key: 'each[0].put'});
		expect(state.steps['each']?.cursor).toBe(0);
	});

	it('is absent in a journal written before it existed, and the decisions are the same', () => {
		const events: Unstamped[] = [{type: 'foreach-expanded', key: 'each', items: ['a', 'b', 'c', 'd', 'e']}, ...done('each[0].put'), ...done('each[0].check')];
		const old = apply(start(), ...events);
		expect(old.steps['each']?.cursor).toBeUndefined();
		const withIds = apply(start(), {...events[0], stepIds: ['put', 'check']} as Unstamped, ...events.slice(1));
		expect(next(old, runbook, context)).toEqual(next(withIds, runbook, context));
	});

	it('after 3,999 finished items of 4,000, points at the last one', () => {
		const items = Array.from({length: 4000}, (_, index) => index);
		const big = runbookOf(`  - id: each\n    title: Each\n    foreach:\n      items: '\${{ [1..4000] }}'\n      steps:\n        - {id: put, title: Put, shell: echo}\n`);
		const events: RunEvent[] = [{type: 'foreach-expanded', at: at(), key: 'each', items, stepIds: ['put']}];
		for (let index = 0; index < 3999; index++) events.push(...done(`each[${index}].put`).map(event => ({...event, at: at()}) as RunEvent));
		const state = replay([runStarted(), ...events]);
		expect(state.steps['each']?.cursor).toBe(3999);
		// The only decision is the last item: next did not have to visit the 3,999 before it to say so.
		expect(next(state, big, context)).toMatchObject([{kind: 'execute', key: 'each[3999].put'}]);
	});
});

describe('questions are state', () => {
	it('a question asked is open until answered; a pause keeps it open, a resume clears it to be asked again', () => {
		const question = {id: 'gate:checklist:3', key: 'gate', title: 'Gate', request: {}, type: 'checklist', items: ['a']} as const;
		let state = apply(start(), {type: 'question-asked', question});
		expect(Object.values(state.questions)).toEqual([question]);
		state = apply(state, {type: 'run-paused', key: 'gate', question: 'checklist', reason: 'needs an answer'});
		expect(Object.keys(state.questions)).toEqual(['gate:checklist:3']);
		state = apply(state, {type: 'run-resumed', host: 'h', pid: 2, operator: null, acceptedChanges: []});
		expect(state.questions).toEqual({});
		state = apply(state, {type: 'question-asked', question: {...question, id: 'gate:checklist:9'}});
		state = apply(state, {type: 'operator-answered', key: 'gate', question: 'checklist', answer: ['a'], by: 'alice'});
		expect(state.questions).toEqual({});
	});
});
