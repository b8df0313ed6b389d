/**
 * `nextFrom` and `changedFrom`: the driver looks for its next step from the first top-level step
 * not finished, moved back by each event to the first step it may have changed. Looked for that way,
 * the decisions are those of `next` looking from the first step, whatever the events.
 */
import {apply, runbookOf, start, type Unstamped} from '../helpers/run-state.js';
import {describe, expect, it} from 'vitest';
import {changedFrom} from '../../source/engine/changed-from.js';
import type {RunEvent} from '../../source/engine/events.js';
import {next, nextFrom, type NextContext} from '../../source/engine/next.js';
import type {RunState} from '../../source/engine/state.js';

const context: NextContext = {interactive: false, protected: false, processAlive: () => false};

const runbook = runbookOf(
	[
		'  - {id: a, title: A, shell: echo a}',
		"  - {id: b, title: B, shell: 'false', onFailure: continue}",
		'  - id: loop',
		'    title: Loop',
		'    foreach:',
		'      items: "${{ [1,2] }}"',
		'      steps:',
		'        - {id: x, title: X, shell: echo x}',
		'  - {id: c, title: C, approve: {by: any}}',
		'  - {id: d, title: D, shell: echo d}',
		'',
	].join('\n'),
);

const ok = (key: string): Unstamped[] => [
	{type: 'step-started', key, attempt: 1, request: {}},
	{type: 'step-succeeded', key, result: null, outputs: {}},
];

/** A run through every step, with a resume that retries the failed step, and a rerun of the loop. */
const events: Unstamped[] = [
	...ok('a'),
	{type: 'step-started', key: 'b', attempt: 1, request: {}},
	{type: 'step-failed', key: 'b', attempt: 1, error: {message: 'no'}, final: true},
	{type: 'foreach-expanded', key: 'loop', items: [1, 2], stepIds: ['x']},
	...ok('loop[0].x'),
	...ok('loop[1].x'),
	{type: 'step-succeeded', key: 'loop', fromItems: true, outputs: {}},
	{type: 'question-asked', question: {id: 'c:approve:1', key: 'c', title: 'C', type: 'approve', prompt: 'ok', by: 'any', operator: 'alice', pair: null, request: {title: 'C'}}},
	{type: 'operator-answered', key: 'c', question: 'approve', answer: {approver: 'bob'}, by: 'bob'},
	...ok('c'),
	{type: 'step-started', key: 'd', attempt: 1, request: {}},
	{type: 'run-interrupted', signal: 'SIGINT'},
	// Resuming makes the failed step `b` (continued past) pending again: the look goes back to it.
	{type: 'run-resumed', host: 'h', pid: 2, operator: null, acceptedChanges: []},
	...ok('b'),
	// Rerunning the loop makes it pending again, after `c` and `d` had been looked past.
	...ok('d'),
	{type: 'step-rerun', key: 'loop', by: 'alice'},
	{type: 'foreach-expanded', key: 'loop', items: [1, 2], stepIds: ['x']},
	...ok('loop[0].x'),
	{type: 'vars-computed', vars: {}},
	...ok('loop[1].x'),
	{type: 'step-succeeded', key: 'loop', fromItems: true, outputs: {}},
];

describe('nextFrom', () => {
	it('gives the decisions of next, and the first top-level step not finished', () => {
		let state: RunState = start();
		expect(nextFrom(state, runbook, context, 0)).toEqual({decisions: next(state, runbook, context), open: 0});
		state = apply(state, ...ok('a'));
		expect(nextFrom(state, runbook, context, 0)).toEqual({decisions: [expect.objectContaining({kind: 'execute', key: 'b'})], open: 1});
		// The steps before `from` are taken as finished without a look.
		expect(nextFrom(start(), runbook, context, 1).decisions).toEqual([expect.objectContaining({kind: 'execute', key: 'b'})]);
		expect(nextFrom(start(), runbook, context, 5)).toEqual({decisions: [{kind: 'finish', status: 'succeeded'}], open: 5});
	});

	it('looking from where the last event left it gives what looking from the first step gives, after every event', () => {
		let state: RunState = start();
		let open = 0;
		for (const event of events) {
			state = apply(state, event);
			open = Math.min(open, changedFrom({...event, at: state.updatedAt} as RunEvent, runbook));
			const found = nextFrom(state, runbook, context, open);
			expect({event: event.type, decisions: found.decisions}).toEqual({event: event.type, decisions: next(state, runbook, context)});
			open = found.open;
		}
		expect(next(state, runbook, context)).toEqual([{kind: 'finish', status: 'succeeded'}]);
	});

	it('without moving back, a resume would look past the failed step it makes pending again', () => {
		let state = apply(start(), ...events.slice(0, events.findIndex(event => event.type === 'run-resumed')));
		const before = nextFrom(state, runbook, context, 0).open;
		state = apply(state, {type: 'run-resumed', host: 'h', pid: 2, operator: null, acceptedChanges: []});
		expect(nextFrom(state, runbook, context, before).decisions[0]).toMatchObject({key: 'd'});
		expect(next(state, runbook, context)[0]).toMatchObject({kind: 'execute', key: 'b'});
	});
});

describe('changedFrom', () => {
	const at = '2026-11-21T10:00:00.000Z';
	it('is the top-level step an event is about: a step inside a foreach item counts as its foreach', () => {
		expect(changedFrom({type: 'step-started', at, key: 'c', attempt: 1, request: {}}, runbook)).toBe(3);
		expect(changedFrom({type: 'step-succeeded', at, key: 'loop[1].x', result: null, outputs: {}}, runbook)).toBe(2);
		expect(changedFrom({type: 'step-rerun', at, key: 'loop', by: null}, runbook)).toBe(2);
		expect(changedFrom({type: 'question-asked', at, question: {key: 'd'}} as RunEvent, runbook)).toBe(4);
	});

	it('is the first step for an event that may change any step or names no step of the runbook; none for one that changes no step', () => {
		expect(changedFrom({type: 'run-resumed', at, host: 'h', pid: 2, operator: null, acceptedChanges: []}, runbook)).toBe(0);
		expect(changedFrom({type: 'run-interrupted', at, signal: 'SIGINT'}, runbook)).toBe(0);
		expect(changedFrom({type: 'step-started', at, key: 'gone', attempt: 1, request: {}}, runbook)).toBe(0);
		expect(changedFrom({type: 'vars-computed', at, vars: {}}, runbook)).toBe(Infinity);
		expect(changedFrom({type: 'run-finished', at, status: 'succeeded'}, runbook)).toBe(Infinity);
	});
});
