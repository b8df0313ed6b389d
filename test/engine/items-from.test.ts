/**
 * Foreach items named by where they are in an earlier result (findItemsFrom / resolveItemsFrom): a
 * Scan's items, or a filtered selection of them, are recorded as runs of indexes; anything computed
 * is not, and resolving gives back exactly the items (the same values after a journal round trip).
 */
import {describe, expect, it} from 'vitest';
import {evaluateField} from '../../source/expressions/evaluate.js';
import {chunked, findItemsFrom, resolveItemsFrom} from '../../source/engine/items-from.js';
import {emptyStep, type StepState} from '../../source/engine/state.js';

const items = Array.from({length: 10}, (_, index) => ({id: {S: `cred-${index}`}, enabled: {BOOL: index % 3 === 0}}));
const steps: Record<string, StepState> = {
	list: {...emptyStep('list'), status: 'succeeded', result: {Count: 10, Items: items}},
	other: {...emptyStep('other'), status: 'succeeded', result: {Nested: {Deeper: {Items: [{id: 'x'}]}}}},
};
const evaluate = (text: string): Promise<unknown> => evaluateField(text, {steps: {list: {result: steps['list']!.result}}}, {now: new Date(0)});

describe('findItemsFrom', () => {
	it('names a whole list as one run of indexes, from what an expression selects', async () => {
		const selected = (await evaluate('steps.list.result.Items')) as unknown[];
		expect(findItemsFrom(selected, steps)).toEqual({key: 'list', path: ['Items'], ranges: [[0, 10]]});
	});

	it('names a filtered selection by its runs', async () => {
		const selected = (await evaluate('steps.list.result.Items[enabled.BOOL = false]')) as unknown[];
		const from = findItemsFrom(selected, steps);
		expect(from?.ranges).toEqual([[1, 2], [4, 2], [7, 2]]);
		expect(resolveItemsFrom(from!, JSON.parse(JSON.stringify(steps)))).toEqual(selected);
	});

	it('records computed items, items from two lists, and scalars itself', async () => {
		expect(findItemsFrom((await evaluate('steps.list.result.Items.{"id": id}')) as unknown[], steps)).toBeUndefined();
		expect(findItemsFrom([items[0], {id: 'x'}], steps)).toBeUndefined();
		expect(findItemsFrom(['a', 'b'], steps)).toBeUndefined();
		expect(findItemsFrom([], steps)).toBeUndefined();
		expect(findItemsFrom([items[0]], {list: {...steps['list']!, status: 'failed'}})).toBeUndefined();
	});

	it('finds lists a few levels down, not deeper', () => {
		const deep = (steps['other']!.result as {Nested: {Deeper: {Items: unknown[]}}}).Nested.Deeper.Items;
		expect(findItemsFrom(deep, steps)).toEqual({key: 'other', path: ['Nested', 'Deeper', 'Items'], ranges: [[0, 1]]});
		const deeper = {...emptyStep('d'), status: 'succeeded' as const, result: {a: {b: {c: {Items: [{id: 1}]}}}}};
		expect(findItemsFrom((deeper.result.a.b.c.Items), {d: deeper})).toBeUndefined();
	});
});

describe('resolveItemsFrom', () => {
	it('fails, naming the place, when the journal does not hold the list', () => {
		expect(() => resolveItemsFrom({key: 'gone', path: ['Items'], ranges: [[0, 1]]}, steps)).toThrow('steps.gone.result.Items');
		expect(() => resolveItemsFrom({key: 'list', path: ['Items'], ranges: [[8, 5]]}, steps)).toThrow('8 to 12');
	});

	it('chunks as the foreach batch asks', () => {
		expect(chunked([1, 2, 3, 4, 5], 2)).toEqual([[1, 2], [3, 4], [5]]);
		expect(chunked([1, 2], undefined)).toEqual([1, 2]);
	});
});
