import {readdirSync, readFileSync} from 'node:fs';
import {join} from 'node:path';
import {fileURLToPath} from 'node:url';
import {describe, expect, test} from 'vitest';
import {loadRunbookFile} from '../../source/runbook/load.js';
import type {Problem} from '../../source/runbook/types.js';

/**
 * Every file in test/fixtures/invalid is a runbook with known problems. Its leading comments say
 * what `belay validate` must report, one line per problem:
 *
 *     # expect: LINE:COLUMN: <part of the message>
 *
 * The loader must reject the file, report each expected problem at exactly that line and column,
 * and report nothing else.
 */

const directory = fileURLToPath(new URL('../fixtures/invalid/', import.meta.url));
const fixtures = readdirSync(directory)
	.filter(name => name.endsWith('.yaml'))
	.sort();

type Expectation = {readonly line: number; readonly column: number; readonly message: string; readonly text: string};

function expectations(text: string): Expectation[] {
	const found: Expectation[] = [];
	for (const line of text.split('\n')) {
		if (!line.startsWith('#')) break;
		const match = /^# expect: (\d+):(\d+): (.+)$/.exec(line);
		if (match) found.push({line: Number(match[1]), column: Number(match[2]), message: match[3]!, text: line});
	}
	return found;
}

const matches = (problem: Problem, expectation: Expectation): boolean =>
	problem.line === expectation.line &&
	problem.column === expectation.column &&
	problem.message.includes(expectation.message);

const show = (problems: readonly Problem[]): string =>
	problems.map(problem => `  ${problem.line}:${problem.column}: ${problem.message}`).join('\n') || '  (none)';

describe('invalid runbooks', () => {
	test('there are enough fixtures to cover the format', () => {
		expect(fixtures.length).toBeGreaterThanOrEqual(40);
	});

	test.each(fixtures)('%s', async name => {
		const file = join(directory, name);
		const expected = expectations(readFileSync(file, 'utf8'));
		expect(expected.length, `${name} has no '# expect:' lines`).toBeGreaterThan(0);

		const result = await loadRunbookFile(file);
		expect(result.ok, `${name} loaded although it is invalid`).toBe(false);
		if (result.ok) return;
		const {problems} = result;

		for (const problem of problems) {
			expect(problem.file).toBe(file);
			expect(problem.message.trim()).not.toBe('');
		}
		for (const expectation of expected) {
			const found = problems.some(problem => matches(problem, expectation));
			expect(found, `${name}: no problem matches '${expectation.text}'; reported:\n${show(problems)}`).toBe(true);
		}
		const unexpected = problems.filter(problem => !expected.some(expectation => matches(problem, expectation)));
		expect(unexpected, `${name}: problems no '# expect:' line names:\n${show(unexpected)}`).toEqual([]);
	});
});
