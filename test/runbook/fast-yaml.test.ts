import {readdirSync, readFileSync, statSync} from 'node:fs';
import {join} from 'node:path';
import {fileURLToPath} from 'node:url';
import {isMap, isSeq, LineCounter, parseDocument, type Node} from 'yaml';
import {describe, expect, it} from 'vitest';
import {fastJson, fastYaml, type FastNode} from '../../source/runbook/fast-yaml.js';

const root = fileURLToPath(new URL('../../', import.meta.url));

/** yaml's reading of a text: its data, and each value's start, key by key and item by item. */
function yamlReading(text: string): {errors: number; data?: unknown; starts?: unknown} {
	const document = parseDocument(text, {lineCounter: new LineCounter(), prettyErrors: false, uniqueKeys: true});
	if (document.errors.length > 0) return {errors: document.errors.length};
	const starts = (node: Node | null): unknown => {
		if (isMap(node)) return [node.range?.[0], Object.fromEntries(node.items.map(pair => [String((pair.key as {value: unknown}).value), starts(pair.value as Node)]))];
		if (isSeq(node)) return [node.range?.[0], node.items.map(item => starts(item as Node))];
		return node?.range?.[0];
	};
	return {errors: 0, data: document.toJS({maxAliasCount: 1000}), starts: starts(document.contents as Node)};
}

function fastStarts(node: FastNode): unknown {
	if (node.entries) return [node.start, Object.fromEntries([...node.entries].map(([key, entry]) => [key, fastStarts(entry)]))];
	if (node.items) return [node.start, node.items.map(fastStarts)];
	return node.start;
}

/** fastYaml either gives up or reads exactly what yaml reads: the same data, every value starting at the same offset. */
function expectAgreement(text: string): FastNode | undefined {
	const fast = fastYaml(text);
	if (!fast) return undefined;
	const reading = yamlReading(text);
	expect(reading.errors, `yaml finds errors in a text read quickly:\n${text}`).toBe(0);
	expect(fast.value, text).toStrictEqual(reading.data);
	expect(fastStarts(fast), text).toStrictEqual(reading.starts);
	return fast;
}

function yamlFiles(dir: string): string[] {
	return readdirSync(dir).flatMap(name => {
		const path = join(dir, name);
		if (statSync(path).isDirectory()) return name === 'node_modules' ? [] : yamlFiles(path);
		return /\.ya?ml$/.test(name) ? [path] : [];
	});
}

describe('the quick YAML reading', () => {
	it('reads every file of the repository it takes as yaml does, and takes the bundled runbook the benchmark checks', () => {
		const files = [...yamlFiles(join(root, 'runbooks')), ...yamlFiles(join(root, 'test'))];
		let read = 0;
		for (const file of files) if (expectAgreement(readFileSync(file, 'utf8'))) read++;
		expect(read).toBeGreaterThan(files.length / 3);
		expect(fastYaml(readFileSync(join(root, 'runbooks', 'restore-dynamodb-table.yaml'), 'utf8'))).toBeDefined();
	});

	const snippets: Record<string, string> = {
		numbers: 'a: 1\nb: 1.50\nc: 0.5\nd: 1e3\ne: -1\nf: +1\ng: 0x1F\nh: 0o17\ni: .inf\nj: 007\nk: 12345678901234567890\nl: 20s\nm: 1.2.3\n',
		words: 'a: ~\nb: null\nc: Null\nd: true\ne: False\nf: yes\ng: no\nh: on\ni: "true"\nj: -\nk: --force\n',
		quoted: `a: "x\\u0041"\nb: 'it''s'\nc: "tab\\there"\nd: "a\\\\b" # comment\ne: 'x' y\nf: "x\n  y"\n`,
		comments: 'a: x #c\nb: x#c\n# whole line\nc:   spaced   \n  # indented comment\nd: 1 # one\n',
		literal: 'a: |\n  x\n\n  y\n\n\nb: |-\n  keep  \n    more\n  last\nc: |\n  #not a comment\n# a comment\nd: 1\n',
		folded: 'a: >\n  x\n  y\n\n  z\n\nb: >-\n  x\n   y\nc: >-\n  one\n\n\n  two\n',
		lists: '- a\n- b: c\n  d: e\n-\n  f: g\n- - h\nlist:\n- x\n- y\n',
		nested: 'a:\n  b:\n    - c: 1\n      d:\n        - e\n        - f\n  g: h\nnext:\n- x\n- y\n',
		anchors: 'a: &x 1\nb: *x\nc: &m\n  d: 2\ne: *m\nf: *nope\ng: &m again\n',
		odd: 'key: value: more\na: b\n  c\n\'a\': 1\nb: [1, 2]\nc: {b: 1}\nd: !tag x\ne: @x\nf: %x\ng: `x`\nh: &a\n',
		empty: 'a:\nb: 1\n',
		duplicate: 'a: 1\na: 2\n',
		tabs: 'a:\tb\n',
		crlf: 'a: 1\r\nb: 2\r\n',
		markers: '---\na: 1\n...\n',
		keys: 'true: 1\n1: 2\n"q": 3\nx y: 4\n__proto__: 5\n${{ a }}: 6\n',
	};

	for (const [name, text] of Object.entries(snippets)) {
		it(`never disagrees with yaml: ${name}`, () => {
			// Each snippet, and each of its first lines alone, and each with one line left out.
			const lines = text.split('\n');
			const variants = [text, ...lines.map((_, end) => lines.slice(0, end + 1).join('\n') + '\n'), ...lines.map((_, gone) => lines.filter((__, at) => at !== gone).join('\n'))];
			for (const variant of variants) expectAgreement(variant);
		});
	}

	it('gives up on what it does not read', () => {
		for (const text of ['a: [1, 2]\n', 'a: !tag x\n', 'a: b\n  c\n', 'a:\nb: 1\n', 'a: 1\na: 2\n', 'a:\tb\n', 'a: 1\r\n', 'a: >\n  x\n    more\n', 'f: *nope\n']) {
			expect(fastYaml(text), text).toBeUndefined();
		}
	});

	it('gives an alias as yaml gives it outside a document, and fresh data each time', () => {
		const text = 'a: &m\n  b: 1\nc: *m\n';
		const fast = expectAgreement(text)!;
		const document = parseDocument(text);
		expect(fastJson(fast)).toStrictEqual((document.contents as {toJSON(): unknown}).toJSON());
		expect(fastJson(fast)).toStrictEqual({a: {b: 1}, c: {source: 'm'}});
		expect(fastJson(fast)).not.toBe(fastJson(fast));
	});
});
