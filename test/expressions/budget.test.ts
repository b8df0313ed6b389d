import {describe, expect, it} from 'vitest';
import {evaluateExpression} from '../../source/expressions/evaluate.js';

describe('an expression that never ends', () => {
	it('fails within its budget with a message that says so, instead of spinning deaf to signals', async () => {
		const started = Date.now();
		const failure = await evaluateExpression('($f := function($x){ $f($x) }; $f(1))', {}, {now: new Date()}).then(
			() => undefined,
			(error: unknown) => error as Error,
		);
		expect(failure?.message).toMatch(/failed: (it ran for more than 3 s .* is it recursing without end\?|.*[Ss]tack)/);
		expect(Date.now() - started).toBeLessThan(6000);
	});

	it('leaves ordinary expressions alone, concurrent ones each with their own budget', async () => {
		const results = await Promise.all(Array.from({length: 20}, (_, index) => evaluateExpression('$sum([1..1000]) + n', {n: index}, {now: new Date()})));
		expect(results).toEqual(Array.from({length: 20}, (_, index) => 500500 + index));
	});
});
