import {describe, expect, it} from 'vitest';
import {leastPanel, packEntries, panelRows, screenRows, windowAround} from '../../source/ui/layout.js';

describe('screenRows: the run screen stays below the terminal', () => {
	it('leaves the last row free at every height from 10 rows, for any number of steps, asking or not', () => {
		for (let rows = 10; rows <= 80; rows++) {
			for (let steps = 1; steps <= 40; steps++) {
				for (const asking of [false, true]) {
					const {stepRows, panelRows: panel, rules} = screenRows(rows, steps, asking);
					const height = 3 + (rules ? 2 : 0) + stepRows + panel + 1;
					expect(height, `${rows} rows, ${steps} steps, asking ${asking}`).toBeLessThanOrEqual(rows - 1);
					expect(stepRows).toBeGreaterThanOrEqual(asking && rows < 12 ? 0 : 1);
					expect(stepRows).toBeLessThanOrEqual(steps);
					expect(panel).toBeGreaterThanOrEqual(leastPanel);
				}
			}
		}
	});

	it('at 80×24 keeps the rules and the steps around the current one; a question takes the room', () => {
		expect(screenRows(24, 12, false)).toEqual({stepRows: 5, panelRows: 12, rules: true});
		expect(screenRows(24, 12, true)).toEqual({stepRows: 3, panelRows: 14, rules: true});
		expect(screenRows(24, 2, false)).toEqual({stepRows: 2, panelRows: 15, rules: true});
	});

	it('on a short terminal shows the current step alone, then drops the rules', () => {
		expect(screenRows(12, 9, false)).toEqual({stepRows: 1, panelRows: 4, rules: true});
		expect(screenRows(11, 9, false)).toEqual({stepRows: 2, panelRows: 4, rules: false});
		expect(screenRows(10, 9, false)).toEqual({stepRows: 1, panelRows: 4, rules: false});
		// Asking, a question's least beside one step does not fit: the list goes.
		expect(screenRows(10, 9, true)).toEqual({stepRows: 0, panelRows: 5, rules: false});
	});
});

describe('panelRows: a step panel fills its rows exactly, what matters most first', () => {
	it('title, fixed lines, the request, the description and the output add up to the panel', () => {
		for (let rows = 4; rows <= 40; rows++) {
			for (const fixed of [0, 1, 3, 4]) {
				for (const does of [0, 1, 2, 3]) {
					for (const description of [false, true]) {
						if (rows < 3 + fixed) continue;
						const parts = panelRows(rows, {description, does, fixed});
						expect(1 + fixed + parts.doesLines + parts.descriptionLines + 1 + parts.outputRows, JSON.stringify({rows, fixed, does, description})).toBe(rows);
						expect(parts.outputRows).toBeGreaterThanOrEqual(1);
					}
				}
			}
		}
	});

	it('keeps a question its least rows before the request and the description take any', () => {
		expect(panelRows(8, {description: true, does: 2, fixed: 0}, 3)).toEqual({descriptionLines: 0, doesLines: 2, outputRows: 4});
		expect(panelRows(6, {description: true, does: 2, fixed: 0}, 3)).toEqual({descriptionLines: 0, doesLines: 1, outputRows: 3});
		expect(panelRows(5, {description: true, does: 2, fixed: 0}, 3)).toEqual({descriptionLines: 0, doesLines: 0, outputRows: 3});
		expect(panelRows(14, {description: true, does: 2, fixed: 0}, 3)).toEqual({descriptionLines: 2, doesLines: 2, outputRows: 8});
	});

	it('gives up the description before the request, and the request before the last output line', () => {
		expect(panelRows(12, {description: true, does: 3, fixed: 1})).toEqual({descriptionLines: 2, doesLines: 3, outputRows: 4});
		expect(panelRows(8, {description: true, does: 3, fixed: 1})).toEqual({descriptionLines: 0, doesLines: 3, outputRows: 2});
		expect(panelRows(6, {description: true, does: 3, fixed: 1})).toEqual({descriptionLines: 0, doesLines: 2, outputRows: 1});
		expect(panelRows(5, {description: true, does: 3, fixed: 1})).toEqual({descriptionLines: 0, doesLines: 1, outputRows: 1});
		expect(panelRows(4, {description: true, does: 3, fixed: 1})).toEqual({descriptionLines: 0, doesLines: 0, outputRows: 1});
	});
});

describe('windowAround: the items of a list that fit, the focused one in sight', () => {
	it('always holds the focused item, fits the rows where the focused item does, and is contiguous', () => {
		const heights = [1, 2, 1, 1, 3, 1, 1, 2, 1, 1];
		for (let rows = 1; rows <= 16; rows++) {
			for (let focus = 0; focus < heights.length; focus++) {
				const {start, end} = windowAround(heights, focus, rows);
				expect(start).toBeLessThanOrEqual(focus);
				expect(end).toBeGreaterThan(focus);
				const used = heights.slice(start, end).reduce((sum, height) => sum + height, 0);
				if (end - start > 1) expect(used, `rows ${rows}, focus ${focus}`).toBeLessThanOrEqual(rows);
			}
		}
	});

	it('shows the item after the focused one, so moving down shows what comes, and fills up before it', () => {
		const ones = Array.from({length: 8}, () => 1);
		expect(windowAround(ones, 0, 3)).toEqual({start: 0, end: 3});
		expect(windowAround(ones, 1, 3)).toEqual({start: 0, end: 3});
		expect(windowAround(ones, 2, 3)).toEqual({start: 1, end: 4});
		expect(windowAround(ones, 7, 3)).toEqual({start: 5, end: 8});
		expect(windowAround(ones, 4, 20)).toEqual({start: 0, end: 8});
	});
});

describe('packEntries: every entry in sight where it can be', () => {
	const entries = Array.from({length: 10}, (_, index) => `input${index} = v${index}`);

	it('one a line where they fit, several a line where not, in order, each line within the width', () => {
		expect(packEntries(entries, 40, 10)).toEqual(entries);
		const packed = packEntries(entries, 40, 5);
		expect(packed.length).toBeLessThanOrEqual(5);
		expect(packed.join(' · ').split(' · ')).toEqual(entries);
		expect(packed.every(line => line.length <= 40)).toBe(true);
	});

	it('says how many more where even packed they do not fit, and cuts an entry wider than the line', () => {
		expect(packEntries(entries, 12, 3)).toEqual(['input0 = v0', 'input1 = v1', '… and 8 more']);
		expect(packEntries(['arn = arn:aws:iam::123456789012:role/belay'], 20, 1)).toEqual(['arn = arn:aws:iam::…']);
		// A value holding " · " is counted once.
		expect(packEntries(['a = x · y', 'b = 1', 'c = 2', 'd = 3'], 14, 2)).toEqual(['a = x · y', '… and 3 more']);
	});
});
