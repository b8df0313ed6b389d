import {describe, expect, it} from 'vitest';
import {jsonPrefix} from '../../source/headless/json-prefix.js';
import {seeded} from '../runbook/yaml-generator.js';

function value(random: () => number, depth: number): unknown {
	const pick = random();
	if (depth > 3 || pick < 0.3) {
		const leaves = [null, true, false, 0, -1.5, 1e21, Number.NaN, 'x', '', 'é "quoted" \\ \n', '日本', undefined, () => 1, new Date(0)];
		return leaves[Math.floor(random() * leaves.length)];
	}
	const size = Math.floor(random() * 5);
	if (pick < 0.6) return Array.from({length: size}, () => value(random, depth + 1));
	return Object.fromEntries(Array.from({length: size}, (_, index) => [random() < 0.2 ? `k"${index}` : `k${index}`, value(random, depth + 1)]));
}

describe('jsonPrefix', () => {
	it("writes what JSON.stringify writes, whole or cut at the limit (3,000 random values, every limit's kind)", () => {
		const random = seeded(11);
		for (let round = 0; round < 3000; round++) {
			const item = {input: value(random, 0)};
			const json = JSON.stringify(item);
			expect(jsonPrefix(item, Number.POSITIVE_INFINITY)).toEqual({text: json, complete: true});
			const limit = Math.floor(random() * (json.length + 5));
			expect(jsonPrefix(item, limit)).toEqual({text: json.slice(0, limit), complete: json.length <= limit});
		}
	});

	it('stops writing past the limit: a value too large to write whole gives its start', () => {
		const huge = {items: Array.from({length: 1_000_000}, (_, index) => ({id: index}))};
		expect(jsonPrefix(huge, 30)).toEqual({text: '{"items":[{"id":0},{"id":1},{"', complete: false});
	});
});
