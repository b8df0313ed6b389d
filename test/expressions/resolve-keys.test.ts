import {describe, expect, test} from 'vitest';
import {resolveValue} from '../../source/expressions/evaluate.js';

/** `${{ }}` in mapping keys is evaluated like values are: pure, over a plain scope. */

const scope = {inputs: {table: 'Lpas', empty: '', count: 3, list: ['a', 'b']}, steps: {}};
const options = {now: new Date('2026-01-01T00:00:00Z')};
const resolve = (value: unknown): Promise<unknown> => resolveValue(value, scope, options);

describe('resolveValue: keys with ${{ }}', () => {
	test('a key with an expression becomes its value; a key with text around it, the text with the value in place', async () => {
		expect(await resolve({RequestItems: {'${{ inputs.table }}': [{PutRequest: {Item: {id: {S: '${{ inputs.table }}-1'}}}}]}})).toEqual({
			RequestItems: {Lpas: [{PutRequest: {Item: {id: {S: 'Lpas-1'}}}}]},
		});
		expect(await resolve({'${{ inputs.table }}-copy': 1})).toEqual({'Lpas-copy': 1});
	});

	test('keys inside lists are evaluated too; keys without ${{ }} are kept as written, whatever they hold', async () => {
		expect(await resolve([{'${{ inputs.table }}': true}])).toEqual([{Lpas: true}]);
		expect(await resolve({'$inputs.table': 1, 'a.b': 2, '{{ x }}': 3})).toEqual({'$inputs.table': 1, 'a.b': 2, '{{ x }}': 3});
	});

	test('a key that is not a non-empty text is an error naming the key', async () => {
		await expect(resolve({'${{ inputs.empty }}': 1})).rejects.toThrow("the key '${{ inputs.empty }}' evaluates to an empty text; a key must be a non-empty text");
		await expect(resolve({'${{ inputs.count }}': 1})).rejects.toThrow("the key '${{ inputs.count }}' evaluates to 3 (a number); a key must be a non-empty text");
		await expect(resolve({'${{ inputs.list }}': 1})).rejects.toThrow(`the key '\${{ inputs.list }}' evaluates to ["a","b"] (a list)`);
		await expect(resolve({'${{ inputs.missing }}': 1})).rejects.toThrow("the key '${{ inputs.missing }}' evaluates to no value");
	});

	test('two keys that come out the same are an error, not a silent overwrite', async () => {
		await expect(resolve({Lpas: 1, '${{ inputs.table }}': 2})).rejects.toThrow("the keys 'Lpas' and '${{ inputs.table }}' are both 'Lpas'");
	});
});
