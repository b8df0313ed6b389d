/**
 * `checkAnswer`, rule by rule: which operator answers each question accepts, the value recorded for
 * them, and the reason the operator is shown when an answer is refused.
 */
import {describe, expect, it} from 'vitest';
import {checkAnswer, type AnswerContext} from '../../source/engine/answers.js';
import {loadRunbookText} from '../../source/runbook/load.js';
import type {Step} from '../../source/runbook/types.js';

/** The steps of a small runbook, by id, as the loader builds them. */
function stepsOf(steps: string): Record<string, Step> {
	const result = loadRunbookText(`version: 1\nname: t\ntitle: T\nsteps:\n${steps}`, 't.yaml');
	if (!result.ok) throw new Error(result.problems.map(problem => `${problem.line}:${problem.column} ${problem.message}`).join('\n'));
	return Object.fromEntries(result.loaded.runbook.steps.map(step => [step.id, step]));
}

const steps = stepsOf(
	[
		'  - {id: gate, title: Gate, manual: Go on?, checklist: [Pair is here, Maintenance is on]}',
		'  - {id: delete, title: Delete, confirmText: production-Lpas, shell: echo delete}',
		'  - {id: copies, title: Copies, input: {type: number}}',
		'  - {id: ticket, title: Ticket, input: {pattern: "^CHG[0-9]+$"}}',
		'  - {id: note, title: Note, input: {required: false}}',
		'  - {id: colour, title: Colour, select: {options: [{label: Blue, value: blue}, {label: Green, value: green}]}}',
		'  - {id: by-pair, title: By pair, approve: {by: pair}}',
		'  - {id: by-list, title: By list, approve: {by: [carol, dave]}}',
		'  - {id: by-any, title: By any, approve: {by: any}}',
	].join('\n'),
);

function step(id: string): Step {
	const found = steps[id];
	if (!found) throw new Error(`no step ${id}`);
	return found;
}

function context(id: string, request: Record<string, unknown> = {}, extra: Partial<AnswerContext> = {}): AnswerContext {
	return {step: step(id), request, operator: 'alice', pair: 'bob', ...extra};
}

describe('checkAnswer: confirm', () => {
	it.each([true, 'yes', 'y'])('accepts %j and records true', raw => {
		expect(checkAnswer('confirm', raw, context('gate'))).toEqual({ok: true, value: true});
	});

	it.each([false, 'no', 'n', 'done', 1, null, undefined])('refuses %j as not confirmed', raw => {
		expect(checkAnswer('confirm', raw, context('gate'))).toEqual({ok: false, reason: 'not confirmed'});
	});
});

describe('checkAnswer: confirmText', () => {
	const request = {confirmText: 'production-Lpas'};

	it('accepts the exact text, typed alone or as {confirmText}', () => {
		expect(checkAnswer('confirmText', 'production-Lpas', context('delete', request))).toEqual({ok: true, value: 'production-Lpas'});
		expect(checkAnswer('confirmText', {confirmText: 'production-Lpas'}, context('delete', request))).toEqual({
			ok: true,
			value: 'production-Lpas',
		});
	});

	it.each(['production-lpas', 'production-Lpas ', 'development-Lpas', '', true])('refuses %j and says what to type', raw => {
		expect(checkAnswer('confirmText', raw, context('delete', request))).toEqual({
			ok: false,
			reason: 'the text typed does not match; type exactly: production-Lpas',
		});
	});

	it('checks against the resolved request, not the runbook text', () => {
		const resolved = {confirmText: 'development-Orders'};
		expect(checkAnswer('confirmText', 'development-Orders', context('delete', resolved)).ok).toBe(true);
		expect(checkAnswer('confirmText', 'production-Lpas', context('delete', resolved))).toEqual({
			ok: false,
			reason: 'the text typed does not match; type exactly: development-Orders',
		});
	});
});

describe('checkAnswer: checklist', () => {
	const request = {checklist: ['Pair is here', 'Maintenance is on']};

	it.each([true, 'done'])('accepts %j as every item done, and records the items', raw => {
		expect(checkAnswer('checklist', raw, context('gate', request))).toEqual({ok: true, value: ['Pair is here', 'Maintenance is on']});
	});

	it('accepts every item ticked, as a list or as {checklist}, in any order', () => {
		expect(checkAnswer('checklist', ['Maintenance is on', 'Pair is here'], context('gate', request))).toEqual({
			ok: true,
			value: ['Pair is here', 'Maintenance is on'],
		});
		expect(checkAnswer('checklist', {checklist: ['Pair is here', 'Maintenance is on', 'extra']}, context('gate', request))).toEqual({
			ok: true,
			value: ['Pair is here', 'Maintenance is on'],
		});
	});

	it('refuses a partial tick and names the items left', () => {
		expect(checkAnswer('checklist', ['Pair is here'], context('gate', request))).toEqual({
			ok: false,
			reason: 'not every item is ticked: Maintenance is on',
		});
		expect(checkAnswer('checklist', {checklist: []}, context('gate', request))).toEqual({
			ok: false,
			reason: 'not every item is ticked: Pair is here; Maintenance is on',
		});
	});

	it.each([false, 'yes', null, {done: true}])('refuses %j and says how a manual step is answered', raw => {
		expect(checkAnswer('checklist', raw, context('gate', request))).toEqual({
			ok: false,
			reason: 'a manual step is answered with true (done) once every checklist item is done',
		});
	});

	it('a manual step without a checklist is done with true or an empty list', () => {
		expect(checkAnswer('checklist', true, context('gate', {}))).toEqual({ok: true, value: []});
		expect(checkAnswer('checklist', [], context('gate', {}))).toEqual({ok: true, value: []});
	});
});

describe('checkAnswer: input', () => {
	it('coerces the answer by the step input type', () => {
		expect(checkAnswer('input', ' 3 ', context('copies'))).toEqual({ok: true, value: 3});
		expect(checkAnswer('input', 'three', context('copies'))).toEqual({ok: false, reason: 'copies must be a number, got "three"'});
	});

	it('names the step in the reasons: pattern and required', () => {
		expect(checkAnswer('input', 'CHG42', context('ticket'))).toEqual({ok: true, value: 'CHG42'});
		expect(checkAnswer('input', 'INC42', context('ticket'))).toEqual({ok: false, reason: 'ticket must match ^CHG[0-9]+$, got "INC42"'});
		expect(checkAnswer('input', '', context('ticket'))).toEqual({ok: false, reason: 'ticket is required'});
		expect(checkAnswer('input', '', context('note'))).toEqual({ok: true, value: undefined});
	});

	it('refuses an input answer for a step that is not an input step', () => {
		expect(checkAnswer('input', 'x', context('gate'))).toEqual({ok: false, reason: 'not an input step'});
	});
});

describe('checkAnswer: select', () => {
	it('accepts an option by value, or by {value}, and records the value', () => {
		expect(checkAnswer('select', 'green', context('colour', {options: [{label: 'Blue', value: 'blue'}, {label: 'Green', value: 'green'}]}))).toEqual({
			ok: true,
			value: 'green',
		});
		expect(checkAnswer('select', {value: 'blue'}, context('colour', {options: [{label: 'Blue', value: 'blue'}]}))).toEqual({
			ok: true,
			value: 'blue',
		});
	});

	it('accepts an option by its label and records its value', () => {
		const options = [
			{label: 'Recovery point of 20 Nov', value: 'arn:aws:backup:eu-west-1:111111111111:recovery-point:1'},
			{label: 'Recovery point of 21 Nov', value: 'arn:aws:backup:eu-west-1:111111111111:recovery-point:2'},
		];
		expect(checkAnswer('select', 'Recovery point of 21 Nov', context('colour', {options}))).toEqual({
			ok: true,
			value: 'arn:aws:backup:eu-west-1:111111111111:recovery-point:2',
		});
	});

	it('prefers a value over a label that reads the same', () => {
		const options = [
			{label: 'b', value: 'a'},
			{label: 'c', value: 'b'},
		];
		expect(checkAnswer('select', 'b', context('colour', {options}))).toEqual({ok: true, value: 'b'});
	});

	it('matches numbers typed as text and object values, recording the option value with its type', () => {
		const options = [
			{label: 'one', value: 1},
			{label: 'two', value: {copies: 2}},
		];
		expect(checkAnswer('select', '1', context('colour', {options}))).toEqual({ok: true, value: 1});
		expect(checkAnswer('select', {value: {copies: 2}}, context('colour', {options}))).toEqual({ok: true, value: {copies: 2}});
	});

	it('uses the options listed for the step (from an AWS call) before the request', () => {
		const listed = [{label: 'Table Orders', value: 'Orders'}];
		const answer = context('colour', {options: [{label: 'Blue', value: 'blue'}]}, {options: listed});
		expect(checkAnswer('select', 'Orders', answer)).toEqual({ok: true, value: 'Orders'});
		expect(checkAnswer('select', 'blue', answer)).toEqual({ok: false, reason: '"blue" is not one of the options: Table Orders'});
	});

	it('refuses an answer that is no option and lists the labels', () => {
		expect(checkAnswer('select', 'purple', context('colour', {options: [{label: 'Blue', value: 'blue'}, {label: 'Green', value: 'green'}]}))).toEqual({
			ok: false,
			reason: '"purple" is not one of the options: Blue, Green',
		});
	});
});

describe('checkAnswer: approve', () => {
	it('by the pair: accepts the pair, by name or as {approver}, and records the name', () => {
		expect(checkAnswer('approve', 'bob', context('by-pair'))).toEqual({ok: true, value: 'bob'});
		expect(checkAnswer('approve', {approver: 'bob'}, context('by-pair'))).toEqual({ok: true, value: 'bob'});
	});

	it("by the pair: refuses the operator's own name", () => {
		expect(checkAnswer('approve', 'alice', context('by-pair'))).toEqual({
			ok: false,
			reason: 'approval must come from the pair (bob), not the operator',
		});
	});

	it('by the pair: refuses anyone else, by name', () => {
		expect(checkAnswer('approve', {approver: 'mallory'}, context('by-pair'))).toEqual({
			ok: false,
			reason: 'approval must come from the pair (bob), not mallory',
		});
	});

	it('by the pair: refuses every name when the run has no pair', () => {
		expect(checkAnswer('approve', 'bob', context('by-pair', {}, {pair: null}))).toEqual({
			ok: false,
			reason: 'approval by the pair, but the run has no pair; resume with --pair NAME',
		});
	});

	it('by a list: accepts a listed name, refuses others and names who may approve', () => {
		expect(checkAnswer('approve', 'dave', context('by-list'))).toEqual({ok: true, value: 'dave'});
		expect(checkAnswer('approve', 'bob', context('by-list'))).toEqual({ok: false, reason: 'bob may not approve this step; approvers: carol, dave'});
		expect(checkAnswer('approve', 'alice', context('by-list'))).toEqual({ok: false, reason: 'alice may not approve this step; approvers: carol, dave'});
	});

	it('by any: accepts any name, even without a pair, and records it trimmed', () => {
		expect(checkAnswer('approve', 'erin', context('by-any', {}, {pair: null}))).toEqual({ok: true, value: 'erin'});
		expect(checkAnswer('approve', {approver: '  erin '}, context('by-any'))).toEqual({ok: true, value: 'erin'});
	});

	it.each(['', '   ', null, 42, {approver: ''}, {name: 'bob'}])('refuses %j: an approval names its approver', raw => {
		expect(checkAnswer('approve', raw, context('by-any'))).toEqual({ok: false, reason: 'an approval names its approver: {approver: NAME}'});
	});

	it('refuses an approval for a step that is not an approval step', () => {
		expect(checkAnswer('approve', 'bob', context('gate'))).toEqual({ok: false, reason: 'not an approval step'});
	});

	// Once a bug: the approver's name is recorded trimmed (`by: any` above records 'erin' for '  erin '),
	// but the pair and list checks compare the untrimmed name. An answers file saying
	// `approver: "bob "` is refused with "approval must come from the pair (bob), not bob ", a
	// message whose two names look the same to the operator.
	it('by the pair or a list: a name with surrounding spaces is checked as it is recorded, trimmed', () => {
		expect(checkAnswer('approve', {approver: 'bob '}, context('by-pair'))).toEqual({ok: true, value: 'bob'});
		expect(checkAnswer('approve', ' carol', context('by-list'))).toEqual({ok: true, value: 'carol'});
	});
});

describe('checkAnswer: resume, failure, credentials', () => {
	it.each(['retry', 'done', 'skip'])('an interrupted step accepts %s', raw => {
		expect(checkAnswer('resume', raw, context('delete'))).toEqual({ok: true, value: raw});
	});

	it.each(['continue', 'abort', '', undefined])('an interrupted step refuses %j', raw => {
		expect(checkAnswer('resume', raw, context('delete'))).toEqual({ok: false, reason: 'an interrupted step is answered with retry, done or skip'});
	});

	it.each(['retry', 'skip', 'abort', 'continue'])('a failed step accepts %s', raw => {
		expect(checkAnswer('failure', raw, context('delete'))).toEqual({ok: true, value: raw});
	});

	it.each(['done', 'yes', '', null])('a failed step refuses %j', raw => {
		expect(checkAnswer('failure', raw, context('delete'))).toEqual({
			ok: false,
			reason: 'a failed step is answered with retry, skip, continue or abort',
		});
	});

	it('expired credentials: any answer means they were refreshed', () => {
		expect(checkAnswer('credentials', undefined, context('delete'))).toEqual({ok: true, value: 'refreshed'});
		expect(checkAnswer('credentials', '', context('delete'))).toEqual({ok: true, value: 'refreshed'});
	});
});
