import {describe, expect, it} from 'vitest';
import {clipLines, fit, keepLines, wrapWords} from '../../source/ui/format.js';

describe('wrapWords', () => {
	it('wraps at spaces, each line at most the width, every word kept in order', () => {
		const text = "New here? Rehearse with no AWS account: 'belay sandbox' in another terminal, then run a runbook with --env sandbox.";
		for (let width = 2; width <= 120; width++) {
			const lines = wrapWords(text, width);
			expect(lines.every(line => line.length <= width && line === line.trim() && line !== ''), `width ${width}`).toBe(true);
			expect(lines.join(' ').replace(/\s+/g, ''), `width ${width}`).toBe(text.replace(/\s+/g, ''));
		}
		expect(wrapWords(text, 40)).toEqual(["New here? Rehearse with no AWS account:", "'belay sandbox' in another terminal,", 'then run a runbook with --env sandbox.']);
	});

	it('cuts a word longer than the line', () => {
		expect(wrapWords('see arn:aws:iam::123456789012:role/x now', 10)).toEqual(['see', 'arn:aws:ia', 'm::1234567', '89012:role', '/x now']);
		expect(wrapWords('anything', 1)).toEqual([]);
	});
});

describe('fit and clipLines', () => {
	it('fit cuts one line at a word, with …', () => {
		expect(fit('Restore the table from the backup', 20)).toBe('Restore the table…');
		expect(fit('short', 20)).toBe('short');
	});

	it('clipLines keeps the text’s own lines, cuts each at the width, and marks what was left out', () => {
		expect(clipLines('aws backup start-restore-job\n  --recovery-point-arn arn:aws:backup:1', 20, 3)).toEqual(['aws backup start-res', 'tore-job', '  --recovery-point-…']);
	});
});

describe('keepLines', () => {
	it('keeps lines that fit, and marks the last kept line where some were left out', () => {
		expect(keepLines(['one', 'two'], 2, 20)).toEqual(['one', 'two']);
		expect(keepLines(['one', 'two', 'three'], 2, 20)).toEqual(['one', 'two …']);
		expect(keepLines(['one', 'a line as wide as it!'], 1, 20)).toEqual(['one …']);
		expect(keepLines(['a line as wide as it', 'more'], 1, 20)).toEqual(['a line as wide as…']);
		expect(keepLines(['one', 'two'], 0, 20)).toEqual([]);
	});
});
