import {describe, expect, it} from 'vitest';
import {runawayPattern} from '../../source/runbook/runaway-pattern.js';
import {loadRunbookText} from '../../source/runbook/load.js';

describe('a pattern that can backtrack for ever', () => {
	it.each(['^([a-z0-9]+-?)+$', '(a*)*', '^(a+)+$', '((ab)+c?)*', '(x+y?){2,}'])('%s is found', pattern => {
		expect(runawayPattern(pattern)).toBeDefined();
	});

	it.each(['^[a-z0-9]+(-[a-z0-9]+)*$', '^[A-Z][a-z]+$', '(ab)+', '\\(a+\\)+', '[(a+)]+', '^\\d{12}$', '(a+){3}', '^arn:aws:.+$'])('%s is fine', pattern => {
		expect(runawayPattern(pattern)).toBeUndefined();
	});

	it('is refused in a runbook, at the pattern, naming the repeat and a safe form', () => {
		const result = loadRunbookText('version: 1\nname: p\ntitle: P\ninputs:\n  slug: {pattern: "^([a-z0-9]+-?)+$"}\nsteps:\n  - {id: a, title: A, shell: echo}\n', 'p.yaml');
		expect(result.ok).toBe(false);
		if (result.ok) return;
		expect(result.problems).toEqual([
			expect.objectContaining({line: 5, message: expect.stringContaining('can take for ever on a long value: ([a-z0-9]+-?)+ repeats a group')}),
		]);
	});
});
