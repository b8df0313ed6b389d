import {apply, at, runbookOf, runStarted, start, type Unstamped} from '../helpers/run-state.js';
import {describe, expect, it} from 'vitest';
import {next, type Decision, type NextContext} from '../../source/engine/next.js';
import {reduce, replay} from '../../source/engine/reduce.js';
import type {RunEvent} from '../../source/engine/events.js';
import type {RunState} from '../../source/engine/state.js';

const context: NextContext = {interactive: false, protected: false, processAlive: () => false};

const kinds = (decisions: Decision[]): string[] => decisions.map(decision => `${decision.kind}:${'key' in decision ? decision.key : ''}`);

const shellSteps = `  - {id: a, title: A, shell: echo a}\n  - {id: b, title: B, shell: echo b}\n`;

describe('next', () => {
	it('runs steps in order and finishes when all are done', () => {
		const runbook = runbookOf(shellSteps);
		let state = start();
		expect(kinds(next(state, runbook, context))).toEqual(['execute:a']);
		state = apply(state, {type: 'step-started', key: 'a', attempt: 1, request: {}});
		expect(kinds(next(state, runbook, context))).toEqual(['in-flight:a']);
		state = apply(state, {type: 'step-succeeded', key: 'a', result: null, outputs: {}});
		expect(kinds(next(state, runbook, context))).toEqual(['execute:b']);
		state = apply(state, {type: 'step-started', key: 'b', attempt: 1, request: {}}, {type: 'step-succeeded', key: 'b', result: null, outputs: {}});
		expect(next(state, runbook, context)).toEqual([{kind: 'finish', status: 'succeeded'}]);
	});

	it('never re-runs a finished step after a resume, and asks before re-running an interrupted mutating step', () => {
		const runbook = runbookOf(shellSteps);
		let state = apply(
			start(),
			{type: 'step-started', key: 'a', attempt: 1, request: {}},
			{type: 'step-succeeded', key: 'a', result: null, outputs: {}},
			{type: 'step-started', key: 'b', attempt: 1, request: {}},
		);
		state = apply(state, {type: 'run-resumed', host: 'h', pid: 2, operator: null, acceptedChanges: []});
		expect(state.steps['a']?.status).toBe('succeeded');
		expect(state.steps['b']?.status).toBe('interrupted');
		expect(kinds(next(state, runbook, context))).toEqual(['ask:b']);
		expect((next(state, runbook, context)[0] as {question: string}).question).toBe('resume');
		const retried = apply(state, {type: 'operator-answered', key: 'b', question: 'resume', answer: 'retry', by: 'alice'});
		expect(next(retried, runbook, context)[0]).toMatchObject({kind: 'execute', key: 'b', attempt: 2});
		const done = apply(state, {type: 'operator-answered', key: 'b', question: 'resume', answer: 'done', by: 'alice'});
		expect(done.steps['b']?.status).toBe('succeeded');
		expect(next(done, runbook, context)[0]?.kind).toBe('finish');
		const skipped = apply(state, {type: 'operator-answered', key: 'b', question: 'resume', answer: 'skip', by: 'alice'});
		expect(skipped.steps['b']?.status).toBe('skipped');
	});

	it('re-runs an interrupted idempotent or read-only step by itself and re-attaches a wait', () => {
		const runbook = runbookOf(
			`  - {id: a, title: A, shell: echo a, idempotent: true}\n  - {id: w, title: W, wait: {aws: {service: dynamodb, command: DescribeTable, input: {TableName: t}}, until: "result.Table.TableStatus = 'ACTIVE'"}}\n`,
		);
		let state = apply(start(), {type: 'step-started', key: 'a', attempt: 1, request: {}}, {type: 'run-interrupted', signal: 'SIGINT'});
		expect(next(state, runbook, context)[0]).toMatchObject({kind: 'execute', key: 'a', reattach: false});
		state = apply(state, {type: 'step-succeeded', key: 'a', result: null, outputs: {}}, {type: 'step-started', key: 'w', attempt: 1, request: {x: 1}});
		state = apply(state, {type: 'run-resumed', host: 'h', pid: 3, operator: null, acceptedChanges: []});
		expect(next(state, runbook, context)[0]).toMatchObject({kind: 'execute', key: 'w', reattach: true});
	});

	it('asks for confirm, confirmText and approval in that order, and confirms every mutating step when protected', () => {
		const runbook = runbookOf(
			`  - {id: d, title: Delete, shell: echo rm, confirm: Really?, confirmText: prod-Lpas}\n  - {id: p, title: Plan ok, approve: {by: pair}}\n  - {id: s, title: S, shell: echo s}\n`,
		);
		let state = start();
		const question = (current: RunState, ctx = context): unknown => (next(current, runbook, ctx)[0] as {question?: string}).question;
		expect(question(state)).toBe('confirm');
		state = apply(state, {type: 'operator-answered', key: 'd', question: 'confirm', answer: true, by: 'alice'});
		expect(question(state)).toBe('confirmText');
		state = apply(state, {type: 'operator-answered', key: 'd', question: 'confirmText', answer: 'prod-Lpas', by: 'alice'});
		expect(next(state, runbook, context)[0]).toMatchObject({kind: 'execute', key: 'd'});
		state = apply(state, {type: 'step-started', key: 'd', attempt: 1, request: {}}, {type: 'step-succeeded', key: 'd', result: null, outputs: {}});
		expect(question(state)).toBe('approve');
		state = apply(state, {type: 'operator-answered', key: 'p', question: 'approve', answer: 'bob', by: 'bob'});
		state = apply(state, {type: 'step-started', key: 'p', attempt: 1, request: {}}, {type: 'step-succeeded', key: 'p', result: null, outputs: {}});
		expect(next(state, runbook, context)[0]).toMatchObject({kind: 'execute', key: 's'});
		expect(question(state, {...context, protected: true})).toBe('confirm');
	});

	it('retries with backoff, then follows onFailure', () => {
		const runbook = runbookOf(`  - {id: a, title: A, shell: 'false', retry: {attempts: 3, delay: 10s, backoff: 2}}\n`);
		let state = apply(start(), {type: 'step-started', key: 'a', attempt: 1, request: {}});
		state = apply(state, {type: 'step-failed', key: 'a', attempt: 1, error: {message: 'x'}, final: false});
		const first = next(state, runbook, context)[0] as {notBefore: number; attempt: number};
		expect(first.attempt).toBe(2);
		expect(first.notBefore - Date.parse(state.steps['a']!.endedAt!)).toBe(10_000);
		state = apply(state, {type: 'step-started', key: 'a', attempt: 2, request: {}}, {type: 'step-failed', key: 'a', attempt: 2, error: {message: 'x'}, final: false});
		const second = next(state, runbook, context)[0] as {notBefore: number};
		expect(second.notBefore - Date.parse(state.steps['a']!.endedAt!)).toBe(20_000);
		state = apply(state, {type: 'step-started', key: 'a', attempt: 3, request: {}}, {type: 'step-failed', key: 'a', attempt: 3, error: {message: 'x'}, final: true});
		expect(next(state, runbook, context)).toEqual([{kind: 'finish', status: 'failed', key: 'a'}]);
		expect((next(state, runbook, {...context, interactive: true})[0] as {question: string}).question).toBe('failure');
		const resumed = apply(state, {type: 'run-resumed', host: 'h', pid: 2, operator: null, acceptedChanges: []});
		expect(next(resumed, runbook, context)[0]).toMatchObject({kind: 'execute', key: 'a', attempt: 4});
	});

	it('continues past a failed step with onFailure: continue', () => {
		const runbook = runbookOf(`  - {id: a, title: A, shell: 'false', onFailure: continue}\n  - {id: b, title: B, shell: echo b}\n`);
		const state = apply(start(), {type: 'step-started', key: 'a', attempt: 1, request: {}}, {type: 'step-failed', key: 'a', attempt: 1, error: {message: 'x'}, final: true});
		expect(next(state, runbook, context)[0]).toMatchObject({kind: 'execute', key: 'b'});
	});

	it('checks when before anything else', () => {
		const runbook = runbookOf(`  - {id: a, title: A, shell: echo a, when: 'false', confirm: true}\n`);
		const state = start();
		expect(kinds(next(state, runbook, context))).toEqual(['check:a']);
		const skipped = apply(state, {type: 'step-skipped', key: 'a', reason: 'when'});
		expect(next(skipped, runbook, context)[0]?.kind).toBe('finish');
	});

	it('shows mutating steps in a dry run and runs read-only ones', () => {
		const runbook = runbookOf(`  - {id: a, title: A, shell: echo a}\n  - {id: r, title: R, shell: echo r, readOnly: true}\n`);
		const state = start(true);
		expect(kinds(next(state, runbook, context))).toEqual(['dry-run:a']);
		const shown = apply(state, {type: 'step-skipped', key: 'a', reason: 'dry-run', request: {}});
		expect(kinds(next(shown, runbook, context))).toEqual(['execute:r']);
	});

	// Once a bug: the bundled runbook's dry run polled `pipeline-stopped` for 30 minutes, waiting for
	// a state only the StopPipeline it had shown (not performed) could bring about.
	it('in a dry run, polls a wait while nothing was only shown, and shows it once something was', () => {
		const wait = `  - id: w\n    title: W\n    wait:\n      aws: {service: osis, command: GetPipeline, input: {PipelineName: p}}\n      until: "result.Pipeline.Status = 'STOPPED'"\n`;
		const runbook = runbookOf(`${wait}  - {id: stop, title: Stop, aws: {service: osis, command: StopPipeline, input: {PipelineName: p}}}\n${wait.replace(/id: w/, 'id: w2')}`);
		let state = start(true);
		expect(kinds(next(state, runbook, context))).toEqual(['execute:w']);
		state = apply(state, {type: 'step-started', key: 'w', attempt: 1, request: {}});
		state = apply(state, {type: 'step-succeeded', key: 'w', result: {}, outputs: {}});
		expect(kinds(next(state, runbook, context))).toEqual(['dry-run:stop']);
		state = apply(state, {type: 'step-skipped', key: 'stop', reason: 'dry-run', request: {}});
		expect(kinds(next(state, runbook, context))).toEqual(['dry-run:w2']);
		// A real run polls it.
		expect(kinds(next(apply(start(false), {type: 'step-skipped', key: 'w', reason: 'when'}), runbook, context))).toEqual(['execute:stop']);
	});

	it('expands a foreach, runs up to `concurrency` items at once, resumes with the unfinished items, and completes', () => {
		const runbook = runbookOf(
			`  - id: loop\n    title: Loop\n    foreach:\n      items: "\${{ [1,2,3] }}"\n      concurrency: 2\n      steps:\n        - {id: x, title: X, shell: echo x}\n        - {id: y, title: Y, shell: echo y}\n`,
		);
		let state = start();
		expect(kinds(next(state, runbook, context))).toEqual(['expand:loop']);
		state = apply(state, {type: 'foreach-expanded', key: 'loop', items: [1, 2, 3]});
		expect(kinds(next(state, runbook, context))).toEqual(['execute:loop[0].x', 'execute:loop[1].x']);
		state = apply(
			state,
			{type: 'step-started', key: 'loop[0].x', attempt: 1, request: {}},
			{type: 'step-succeeded', key: 'loop[0].x', result: null, outputs: {}},
			{type: 'step-started', key: 'loop[0].y', attempt: 1, request: {}},
			{type: 'step-succeeded', key: 'loop[0].y', result: null, outputs: {}},
		);
		expect(kinds(next(state, runbook, context))).toEqual(['execute:loop[1].x', 'execute:loop[2].x']);
		const events: Unstamped[] = [];
		for (const index of [1, 2]) {
			for (const id of ['x', 'y']) {
				events.push({type: 'step-started', key: `loop[${index}].${id}`, attempt: 1, request: {}});
				events.push({type: 'step-succeeded', key: `loop[${index}].${id}`, result: null, outputs: {}});
			}
		}
		state = apply(state, ...events);
		expect(kinds(next(state, runbook, context))).toEqual(['complete-foreach:loop']);
	});
});

describe('reduce and replay', () => {
	it('replay rebuilds exactly the state reduce reached', () => {
		const events: RunEvent[] = [];
		let state = start();
		const started = runStarted({at: state.startedAt, runbook: state.runbook});
		events.push(started);
		const more: RunEvent[] = [
			{type: 'vars-computed', at: at(), vars: {a: 1}},
			{type: 'operator-answered', at: at(), key: 'p', question: 'checklist', answer: true, by: 'alice'},
			{type: 'step-started', at: at(), key: 'p', attempt: 1, request: {title: 'P'}},
			{type: 'step-succeeded', at: at(), key: 'p', result: {ok: true}, outputs: {o: 1}},
			{type: 'step-started', at: at(), key: 'q', attempt: 1, request: {}},
			{type: 'run-paused', at: at(), key: 'q', question: 'input', reason: 'needs an answer'},
		];
		for (const event of more) {
			state = reduce(state, event);
			events.push(event);
		}
		expect(replay(events)).toEqual(state);
		expect(state.status).toBe('paused');
		expect(state.steps['p']?.answers.checklist?.by).toBe('alice');
	});

	it('does not change the state it was given', () => {
		const state = start();
		const frozen = JSON.stringify(state);
		reduce(state, {type: 'step-started', at: at(), key: 'a', attempt: 1, request: {}});
		expect(JSON.stringify(state)).toBe(frozen);
	});
});
