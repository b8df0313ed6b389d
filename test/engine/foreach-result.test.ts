/**
 * A foreach's result as replay builds it (`fromItems`): from its items' own events, the same as the
 * driver computed when it finished, in chunks or one by one, without the journal copying it.
 */
import {describe, expect, it} from 'vitest';
import type {RunEvent} from '../../source/engine/events.js';
import {foreachResult} from '../../source/engine/foreach-result.js';
import {initialState, reduce} from '../../source/engine/reduce.js';

const at = '2026-12-02T00:00:00.000Z';
const started: Extract<RunEvent, {type: 'run-started'}> = {
	type: 'run-started',
	at,
	runId: 'r',
	runbook: {name: 'n', title: 't', path: 'p', sha256: 's'},
	stepHashes: {},
	environment: null,
	operator: null,
	pair: null,
	dryRun: false,
	inputs: {},
	secretInputs: [],
	host: 'h',
	pid: 1,
};

function replayed(batch: number | undefined, items: unknown[]): ReturnType<typeof reduce> {
	const events: RunEvent[] = [
		{type: 'foreach-expanded', at, key: 'copy', items, stepIds: ['put', 'check'], ...(batch ? {batch} : {})},
		...items.flatMap((_, index): RunEvent[] => [
			{type: 'step-started', at, key: `copy[${index}].put`, attempt: 1, request: {}},
			{type: 'step-succeeded', at, key: `copy[${index}].put`, result: {n: index}, outputs: {written: index * 10}},
		]),
		{type: 'step-succeeded', at, key: 'copy', fromItems: true, outputs: {}},
	];
	return events.reduce(reduce, initialState(started));
}

describe('a foreach result rebuilt from its items', () => {
	it('one by one: each item with its steps (a step that never ran is pending)', () => {
		const state = replayed(undefined, ['a', 'b']);
		expect(state.steps['copy']?.status).toBe('succeeded');
		expect(state.steps['copy']?.result).toEqual([
			{item: 'a', index: 0, steps: {put: {status: 'succeeded', value: undefined, result: {n: 0}, outputs: {written: 0}}, check: {status: 'pending', value: undefined, result: undefined, outputs: {}}}},
			{item: 'b', index: 1, steps: {put: {status: 'succeeded', value: undefined, result: {n: 1}, outputs: {written: 10}}, check: {status: 'pending', value: undefined, result: undefined, outputs: {}}}},
		]);
	});

	it('in chunks: the chunks are not copied into the result', () => {
		const state = replayed(2, [['a', 'b'], ['c']]);
		const result = state.steps['copy']?.result as {index: number; item?: unknown}[];
		expect(result.map(entry => entry.index)).toEqual([0, 1]);
		expect(result.every(entry => !('item' in entry))).toBe(true);
		expect(result).toEqual(foreachResult(state.steps, 'copy', ['put', 'check'], true));
	});
});
