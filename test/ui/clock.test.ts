import {describe, expect, it} from 'vitest';
import {calmAfterMs, calmTickMs, nextTickMs, quickTickMs} from '../../source/ui/clock.js';

describe("the screen's clock", () => {
	it('ticks every second while what the screen shows is new', () => {
		expect(nextTickMs(0)).toBe(quickTickMs);
		expect(nextTickMs(calmAfterMs - 1)).toBe(1000);
	});

	it('ticks every 5 s once the screen has shown the same thing for a minute', () => {
		expect(nextTickMs(calmAfterMs)).toBe(calmTickMs);
		expect(nextTickMs(3_600_000)).toBe(5000);
	});

	it('does not tick just before a redraw that is due anyway (the next poll): it ticks a period after it', () => {
		expect(nextTickMs(3_600_000, 3000)).toBe(8000);
		expect(nextTickMs(0, 400)).toBe(1400);
		expect(nextTickMs(0, 1000)).toBe(2000);
	});

	it('lets a poll jittered a little past the period stand in for the tick (one redraw per poll, not two)', () => {
		expect(nextTickMs(3_600_000, 5300)).toBe(10_300);
		expect(nextTickMs(3_600_000, 7500)).toBe(12_500);
		expect(nextTickMs(0, 1500)).toBe(2500);
	});

	it('ticks as usual when the redraw is due later than the tick, or is overdue (a poll still under way)', () => {
		expect(nextTickMs(3_600_000, 30_000)).toBe(5000);
		expect(nextTickMs(3_600_000, 7501)).toBe(5000);
		expect(nextTickMs(0, 1501)).toBe(1000);
		expect(nextTickMs(0, 5000)).toBe(1000);
		expect(nextTickMs(3_600_000, -200)).toBe(5000);
	});
});
