import {readFileSync} from 'node:fs';
import {fileURLToPath} from 'node:url';
import YAML from 'yaml';
import {describe, expect, it} from 'vitest';
import {definitionOf} from '../../source/kinds/table.js';
import {formatProblem} from '../../source/runbook/format-problem.js';
import {loadRunbookText} from '../../source/runbook/load.js';
import {stepKinds} from '../../source/runbook/schema.js';
import type {Step} from '../../source/runbook/types.js';

/** A ```yaml block of a doc: its text and the line of the doc it starts on. */
type Block = {readonly doc: string; readonly line: number; readonly text: string};

const docs = ['format.md', 'authoring.md'];

function yamlBlocks(doc: string): Block[] {
	const text = readFileSync(fileURLToPath(new URL(`../../docs/${doc}`, import.meta.url)), 'utf8');
	const blocks: Block[] = [];
	const lines = text.split('\n');
	for (let index = 0; index < lines.length; index++) {
		if (lines[index] !== '```yaml') continue;
		const start = index + 1;
		let end = start;
		while (end < lines.length && lines[end] !== '```') end++;
		blocks.push({doc, line: start + 1, text: `${lines.slice(start, end).join('\n')}\n`});
		index = end;
	}
	return blocks;
}

const blocks = docs.flatMap(yamlBlocks);
/** Complete runbooks: blocks that start with `version: 1`. */
const runbooks = blocks.filter(block => block.text.startsWith('version: 1\n'));
const label = (block: Block): string => `docs/${block.doc}:${block.line}`;

/** The anchors GitHub gives a doc's headings. */
function anchors(doc: string): Set<string> {
	const text = readFileSync(fileURLToPath(new URL(`../../docs/${doc}`, import.meta.url)), 'utf8');
	const headings = text.split('\n').filter(line => /^#{1,6} /.test(line));
	return new Set(headings.map(line => line.replace(/^#+ /, '').toLowerCase().replace(/[^a-z0-9 _-]/g, '').replace(/ /g, '-')));
}

function kindsOf(steps: readonly Step[]): string[] {
	return steps.flatMap(step => [step.kind, ...kindsOf(definitionOf(step).nesting?.steps(step) ?? [])]);
}

describe('the examples of docs/format.md and docs/authoring.md', () => {
	it.each(runbooks.map(block => [label(block), block] as const))('%s is a valid runbook', (_label, block) => {
		const result = loadRunbookText(block.text, label(block));
		expect(result.ok ? [] : result.problems.map(formatProblem)).toEqual([]);
	});

	it("authoring.md's bad.yaml gives the problems the doc shows, line for line", () => {
		const bad = blocks.find(block => block.text.startsWith('# bad.yaml'));
		expect(bad, 'the bad.yaml example').toBeDefined();
		const text = readFileSync(fileURLToPath(new URL('../../docs/authoring.md', import.meta.url)), 'utf8');
		const shown = /```text\n((?:bad\.yaml:.*\n)+)/.exec(text.slice(text.indexOf('# bad.yaml')))?.[1]?.trimEnd().split('\n');
		const result = loadRunbookText(bad!.text, 'bad.yaml');
		expect(result.ok ? [] : result.problems.map(formatProblem)).toEqual(shown);
	});

	it('every other yaml block is YAML', () => {
		const broken = blocks
			.filter(block => !runbooks.includes(block))
			.flatMap(block => {
				const parsed = YAML.parseDocument(block.text);
				return parsed.errors.map(error => `${label(block)}: ${error.message}`);
			});
		expect(broken).toEqual([]);
	});

	it('show every step kind in a complete runbook, with unique runbook names', () => {
		const kinds = new Set<string>();
		const names: string[] = [];
		for (const block of runbooks) {
			const result = loadRunbookText(block.text, label(block));
			if (!result.ok) continue; // reported above
			names.push(result.loaded.runbook.name);
			for (const kind of kindsOf(result.loaded.runbook.steps)) kinds.add(kind);
		}
		expect(runbooks.length).toBeGreaterThanOrEqual(stepKinds.length);
		expect([...stepKinds].filter(kind => !kinds.has(kind))).toEqual([]);
		expect(names.filter((name, index) => names.indexOf(name) !== index)).toEqual([]);
	});

	it('link only to sections that exist', () => {
		const broken = docs.flatMap(doc => {
			const text = readFileSync(fileURLToPath(new URL(`../../docs/${doc}`, import.meta.url)), 'utf8');
			return [...text.matchAll(/\]\(([a-z-]+\.md)?#([^)]+)\)/g)]
				.filter(([, file, anchor]) => !anchors(file ?? doc).has(anchor!))
				.map(([link]) => `docs/${doc}: ${link}`);
		});
		expect(broken).toEqual([]);
	});
});
