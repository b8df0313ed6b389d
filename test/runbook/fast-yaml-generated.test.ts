import {readFileSync} from 'node:fs';
import {fileURLToPath} from 'node:url';
import {describe, expect, it} from 'vitest';
import {fastYaml} from '../../source/runbook/fast-yaml.js';
import {loadRunbookText, type LoadResult} from '../../source/runbook/load.js';
import {disagreement} from './yaml-agreement.js';
import {Generator, seeded} from './yaml-generator.js';

/** What belay says of a text: its problems, or the runbook it reads. */
const said = (result: LoadResult): unknown => (result.ok ? {runbook: result.loaded.runbook} : {problems: result.problems});

/**
 * The same text with CRLF line ends: fastYaml never reads it, yaml reads the same data with the same
 * lines and columns, so belay must say the same of both.
 */
const throughYaml = (text: string): string => text.replaceAll('\n', '\r\n');

describe('the quick YAML reading against generated documents', () => {
	it('gives up on, or reads as yaml does, thousands of documents made of tricky pieces', () => {
		let read = 0;
		const wrong: string[] = [];
		for (let seed = 1; seed <= 3000; seed++) {
			const text = new Generator(seed).document();
			if (fastYaml(text)) read++;
			const found = disagreement(text);
			if (found) wrong.push(`seed ${seed}: ${found}\n${JSON.stringify(text)}`);
		}
		expect(wrong.slice(0, 5)).toStrictEqual([]);
		// The generator must make documents the quick reading takes, or it tests nothing.
		expect(read).toBeGreaterThan(400);
	});

	// Disagreements the generator found: each is now read as yaml reads it, or left to yaml (which reports the error).
	const found: Record<string, string> = {
		'a no-break space after a plain value is part of it': 'a: 1.0\u00a0\nb: x\u00a0\n',
		'a no-break space is not a separation before a comment': 'a: "x"\u00a0#c\n',
		'a no-break space after a quoted value is an error': "a: 'x'\u00a0\n",
		'a lone - after a key is an error': 'k0: -\nk1: x\n',
		'a lone - at the end of the file': 'k0: -',
		'a key longer than 1024 characters is an error': `${'k'.repeat(1030)}: 1\n`,
		'--- in a block scalar that is the whole document': '>\n---\n- item\n',
		'... in a block scalar that is the whole document': '|-\n\n...',
		'more than 1000 aliases of an anchor': `a: &x 1\n${Array.from({length: 1001}, (_, at) => `b${at}: *x\n`).join('')}`,
		'more than 1000 aliases of an anchored mapping': `a: &x\n  q: 1\nl:\n${'- *x\n'.repeat(1001)}`,
		// Few aliases, but yaml counts an alias of a node holding aliases as that many uses.
		'aliases of anchored lists of aliases': `a: &a x\nb: &b\n${'  - *a\n'.repeat(10)}c: &c\n${'  - *b\n'.repeat(10)}d:\n${'  - *c\n'.repeat(11)}`,
	};
	for (const [name, text] of Object.entries(found)) {
		it(`agrees with yaml: ${name}`, () => {
			expect(disagreement(text)).toBeUndefined();
		});
	}
});

describe('belay says the same of a runbook whether or not it is read quickly', () => {
	const file = 'runbook.yaml';
	const runbook = readFileSync(fileURLToPath(new URL('../../runbooks/restore-dynamodb-table.yaml', import.meta.url)), 'utf8');

	// YAML errors the quick reading used to miss (it read the runbook as if they were not there).
	const errors: [string, string, number, number, string][] = [
		['name: -', 'name: -', 3, 7, 'Unexpected block-seq-ind on same line with key'],
		['a no-break space after a quoted value', "name: 'restore'\u00a0", 3, 16, 'Unexpected scalar at node end'],
		['a key over 1024 characters', `${'k'.repeat(1030)}: 1`, 3, 1, 'The : indicator must be at most 1024 chars after the start of an implicit block mapping key'],
		[
			'aliases of aliases',
			`name: &p restore\nb: &b\n${'  - *p\n'.repeat(10)}c: &c\n${'  - *b\n'.repeat(10)}d:\n${'  - *c\n'.repeat(11)}`,
			5,
			5,
			'Excessive alias count indicates a resource exhaustion attack',
		],
	];
	for (const [name, line, row, column, message] of errors) {
		it(`reports the YAML error where yaml reports it: ${name}`, () => {
			const text = runbook.replace(/^name: .*$/m, line);
			expect(said(loadRunbookText(text, file))).toStrictEqual({problems: [{file, line: row, column, message: `YAML: ${message}`}]});
			expect(said(loadRunbookText(throughYaml(text), file))).toStrictEqual(said(loadRunbookText(text, file)));
		});
	}

	it('says the same of runbooks with a value replaced by a tricky piece', () => {
		expect(fastYaml(runbook)).toBeDefined();
		const lines = runbook.split('\n');
		const entries = lines.flatMap((line, at) => (/^ *[A-Za-z]+: [^|>]/.test(line) ? [at] : []));
		const random = seeded(7);
		let read = 0;
		for (let seed = 1; seed <= 100; seed++) {
			const changed = [...lines];
			for (let count = 0; count < 2; count++) {
				const at = entries[Math.floor(random() * entries.length)]!;
				changed[at] = changed[at]!.replace(/: .*/, `: ${new Generator(seed * 10 + count).inline()}`);
			}
			const text = changed.join('\n');
			if (!fastYaml(text)) continue;
			read++;
			expect(said(loadRunbookText(text, file)), text).toStrictEqual(said(loadRunbookText(throughYaml(text), file)));
		}
		expect(read).toBeGreaterThan(15);
	});
});
