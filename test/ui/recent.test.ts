import {describe, expect, it} from 'vitest';
import {Recent} from '../../source/ui/ink/recent.js';

describe('Recent, the bounded cache of what a screen drew lately', () => {
	it('keeps what is asked for again and drops what was not asked for in two generations', () => {
		const recent = new Recent<number>(3);
		for (const key of ['a', 'b', 'c']) recent.set(key, key.charCodeAt(0));
		recent.set('d', 100); // a, b, c become the old generation
		expect(recent.get('a')).toBe(97); // back in the young one, with d
		recent.set('e', 101);
		recent.set('f', 102); // young (a, d, e) is full: it becomes old, b and c are gone
		expect(recent.get('b')).toBeUndefined();
		expect(recent.get('c')).toBeUndefined();
		expect([recent.get('a'), recent.get('d'), recent.get('e'), recent.get('f')]).toEqual([97, 100, 101, 102]);
	});

	it('weighs entries as it is told (characters, for the cells of a line)', () => {
		const recent = new Recent<string>(10, key => key.length);
		recent.set('0123456789', 'x');
		recent.set('ab', 'y');
		recent.set('cdefghijk', 'z'); // 2 + 9 > 10: the young generation turns old, the 10 characters go
		expect(recent.get('0123456789')).toBeUndefined();
		expect(recent.get('ab')).toBe('y');
	});

	it('computes a missing value once', () => {
		const recent = new Recent<number>(10);
		let made = 0;
		const make = (key: string): number => (made++, key.length);
		expect([recent.through('abc', make), recent.through('abc', make)]).toEqual([3, 3]);
		expect(made).toBe(1);
	});
});
