import fc from 'fast-check';
import {describe, expect, it} from 'vitest';
import {unifiedDiff} from '../../source/steps/diff.js';

const lines = (...items: string[]): string => items.map(item => `${item}\n`).join('');
const numbered = (count: number): string[] => Array.from({length: count}, (_, index) => `line ${index + 1}`);

/** Applies a unified diff to `oldText`, checking every context and removed line against it. */
function applyPatch(oldText: string, patch: string): string {
	const old = oldText.split(/(?<=\n)/).filter(line => line !== '');
	const patchLines = patch.split('\n').slice(0, -1);
	expect(patchLines[0]).toMatch(/^--- /);
	expect(patchLines[1]).toMatch(/^\+\+\+ /);
	const result: string[] = [];
	let consumed = 0;
	let index = 2;
	while (index < patchLines.length) {
		const header = /^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@$/.exec(patchLines[index]!);
		expect(header, patchLines[index]).not.toBeNull();
		const oldStart = Number(header![1]);
		const oldCount = header![2] === undefined ? 1 : Number(header![2]);
		const newCount = header![4] === undefined ? 1 : Number(header![4]);
		const firstOld = oldCount === 0 ? oldStart : oldStart - 1;
		expect(firstOld).toBeGreaterThanOrEqual(consumed);
		result.push(...old.slice(consumed, firstOld));
		consumed = firstOld;
		index++;
		let seenOld = 0;
		let seenNew = 0;
		while (index < patchLines.length && !patchLines[index]!.startsWith('@@')) {
			const line = patchLines[index]!;
			const noNewline = patchLines[index + 1] === '\\ No newline at end of file';
			const content = `${line.slice(1)}${noNewline ? '' : '\n'}`;
			if (line.startsWith(' ') || line.startsWith('-')) {
				expect(old[consumed]).toBe(content);
				consumed++;
				seenOld++;
			}
			if (line.startsWith(' ') || line.startsWith('+')) {
				result.push(content);
				seenNew++;
			}
			index += noNewline ? 2 : 1;
		}
		expect([seenOld, seenNew]).toEqual([oldCount, newCount]);
	}
	result.push(...old.slice(consumed));
	return result.join('');
}

function lcsLength(a: readonly string[], b: readonly string[]): number {
	const row = new Array<number>(b.length + 1).fill(0);
	for (const x of a) {
		let diagonal = 0;
		for (let j = 1; j <= b.length; j++) {
			const above = row[j]!;
			row[j] = x === b[j - 1] ? diagonal + 1 : Math.max(row[j]!, row[j - 1]!);
			diagonal = above;
		}
	}
	return row[b.length]!;
}

describe('unifiedDiff', () => {
	it('is empty when the texts are equal', () => {
		expect(unifiedDiff(lines('a', 'b'), lines('a', 'b'), 'x.json')).toBe('');
		expect(unifiedDiff('', '', 'x.json')).toBe('');
	});

	it('shows a changed line with three lines of context and the label in both headers', () => {
		const before = numbered(10);
		const after = [...before];
		after[4] = 'changed';
		expect(unifiedDiff(lines(...before), lines(...after), '/tmp/terraform.tfvars.json')).toBe(
			[
				'--- /tmp/terraform.tfvars.json',
				'+++ /tmp/terraform.tfvars.json',
				'@@ -2,7 +2,7 @@',
				' line 2',
				' line 3',
				' line 4',
				'-line 5',
				'+changed',
				' line 6',
				' line 7',
				' line 8',
				'',
			].join('\n'),
		);
	});

	it('splits changes more than six unchanged lines apart into separate hunks', () => {
		const before = numbered(20);
		const after = [...before];
		after[1] = 'two';
		after[17] = 'eighteen';
		const diff = unifiedDiff(lines(...before), lines(...after), 'f');
		expect(diff.split('\n').filter(line => line.startsWith('@@'))).toEqual(['@@ -1,5 +1,5 @@', '@@ -15,6 +15,6 @@']);
	});

	it('keeps changes six unchanged lines apart in one hunk', () => {
		const before = numbered(20);
		const after = [...before];
		after[3] = 'four';
		after[10] = 'eleven';
		const diff = unifiedDiff(lines(...before), lines(...after), 'f');
		expect(diff.split('\n').filter(line => line.startsWith('@@'))).toEqual(['@@ -1,14 +1,14 @@']);
	});

	it('numbers an insertion into an empty file from line 0', () => {
		expect(unifiedDiff('', lines('a', 'b'), 'f')).toBe('--- f\n+++ f\n@@ -0,0 +1,2 @@\n+a\n+b\n');
	});

	it('marks a last line without a newline, so a newline-only change shows', () => {
		expect(unifiedDiff('a\nb', 'a\nb\n', 'f')).toBe('--- f\n+++ f\n@@ -1,2 +1,2 @@\n a\n-b\n\\ No newline at end of file\n+b\n');
	});

	it('shows added keys as + lines only', () => {
		const diff = unifiedDiff(lines('{', '  "a": 1', '}'), lines('{', '  "a": 1,', '  "b": 2', '}'), 'f');
		expect(diff).toBe('--- f\n+++ f\n@@ -1,3 +1,4 @@\n {\n-  "a": 1\n+  "a": 1,\n+  "b": 2\n }\n');
	});

	it('is a patch that turns the old text into the new one, with the fewest changed lines', () => {
		const text = fc
			.tuple(fc.array(fc.constantFrom('a', 'b', 'c', 'd', ''), {maxLength: 40}), fc.boolean())
			.map(([items, newline]) => (items.length === 0 ? '' : `${items.join('\n')}${newline ? '\n' : ''}`));
		fc.assert(
			fc.property(text, text, (before, after) => {
				const diff = unifiedDiff(before, after, 'f');
				if (before === after) {
					expect(diff).toBe('');
					return;
				}
				expect(applyPatch(before, diff)).toBe(after);
				const split = (value: string): string[] => value.split(/(?<=\n)/).filter(line => line !== '');
				const a = split(before);
				const b = split(after);
				const changes = diff
					.split('\n')
					.slice(2)
					.filter(line => /^[-+]/.test(line)).length;
				expect(changes).toBe(a.length + b.length - 2 * lcsLength(a, b));
			}),
			{numRuns: 500},
		);
	});
});
