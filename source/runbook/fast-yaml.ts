/**
 * A quick reading of the plain YAML most runbooks are written in: block mappings and lists, one-line
 * plain and quoted scalars, literal and folded block scalars (`|`, `|-`, `>`, `>-`), anchors and
 * aliases, and comments. It gives the same data and the same start offsets as the `yaml` package for
 * what it reads, and gives up (undefined) on anything else: tags, flow collections, multi-line plain
 * scalars, odd keys, tabs, CRLF, duplicate keys, empty values, anchored nodes holding aliases. The loader then parses with `yaml`,
 * which also reports every syntax problem. It exists because `yaml` (a full parser with a concrete
 * syntax tree) takes about a quarter of `belay validate`.
 */

import {doubleQuoted, folded, GiveUp, giveUp, notString, plainValue, singleQuoted} from './fast-yaml-scalars.js';

/** A node of the document: its value as plain data and where it starts, with its entries or items. */
export type FastNode = {
	readonly start: number;
	readonly value: unknown;
	readonly entries?: ReadonlyMap<string, FastNode>;
	readonly items?: readonly FastNode[];
	/** An alias (`*name`): its value is the anchored node's. */
	readonly alias?: string;
};

/**
 * The node at a path, or the deepest node on the way when the path does not go on (through a
 * scalar or an alias, or to an entry or item that is not there), as YamlSource.find says.
 */
export function fastFind(root: FastNode, path: readonly (string | number)[]): {node: FastNode; complete: boolean} {
	let node = root;
	for (const segment of path) {
		const next = node.entries ? node.entries.get(String(segment)) : node.items && typeof segment === 'number' ? node.items[segment] : undefined;
		if (!next) return {node, complete: false};
		node = next;
	}
	return {node, complete: true};
}

/** A node as yaml's `toJSON()` gives it outside a document: fresh data, an alias as `{source: name}`. */
export function fastJson(node: FastNode): unknown {
	if (node.alias !== undefined) return {source: node.alias};
	if (node.entries) return Object.fromEntries([...node.entries].map(([key, entry]) => [key, fastJson(entry)]));
	if (node.items) return node.items.map(fastJson);
	return node.value;
}

type Line = {readonly start: number; readonly indent: number; readonly text: string};

/** The document's root node, or undefined when the text is not of the plain kind read here. */
export function fastYaml(text: string): FastNode | undefined {
	if (text.includes('\t') || text.includes('\r') || text.charCodeAt(0) === 0xfeff) return undefined;
	const lines: Line[] = [];
	let start = 0;
	for (const raw of text.split('\n')) {
		let indent = 0;
		while (raw.charCodeAt(indent) === 32) indent++;
		lines.push({start, indent, text: raw});
		start += raw.length + 1;
	}
	try {
		const reader = new Reader(lines);
		const first = reader.nextContent(0);
		if (first === undefined) return undefined;
		const root = reader.node(first, lines[first]!.indent, -1);
		if (reader.nextContent(reader.at) !== undefined) return undefined;
		return root;
	} catch (error) {
		if (error instanceof GiveUp) return undefined;
		throw error;
	}
}

const plainKey = /^[A-Za-z_][A-Za-z0-9_.\/-]*$/;

class Reader {
	/** The first line not yet read. */
	at = 0;
	private readonly anchors = new Map<string, FastNode>();
	private depth = 0;
	/** The aliases read: yaml refuses more than 1000 uses of an anchor (a resource exhaustion attack). */
	private aliases = 0;

	constructor(private readonly lines: readonly Line[]) {}

	/** The first line from `from` on with content (not blank, not only a comment). */
	nextContent(from: number): number | undefined {
		for (let index = from; index < this.lines.length; index++) {
			const line = this.lines[index]!;
			const first = line.text.charAt(line.indent);
			if (first === '' || first === '#') continue;
			if (line.indent === 0 && /^(?:---|\.\.\.|%)/.test(line.text)) giveUp();
			return index;
		}
		return undefined;
	}

	/** The node whose text starts at column `column` of line `index`, inside a parent at `parentIndent`. */
	node(index: number, column: number, parentIndent: number): FastNode {
		// Deep nesting has its own problem (yaml-depth.ts): left to yaml.
		if (++this.depth > 50) giveUp();
		try {
			const text = this.lines[index]!.text;
			if (text[column] === '-' && (text.length === column + 1 || text[column + 1] === ' ')) return this.list(index, column);
			if (keyAt(text, column) !== undefined) return this.mapping(index, column);
			return this.scalar(index, column, parentIndent);
		} finally {
			this.depth--;
		}
	}

	/**
	 * The value of an entry or item whose text starts at `column` of line `index` (or, when the line
	 * ends there, on the lines below), in a collection at `parentIndent`; `&name` and `*name` are read.
	 */
	private value(index: number, column: number, parentIndent: number, inMapping: boolean): FastNode {
		const text = this.lines[index]!.text;
		if (text[column] === '*') {
			const alias = /^\*([A-Za-z0-9_-]+) *$/.exec(text.slice(column));
			const target = alias ? this.anchors.get(alias[1]!) : undefined;
			if (!target || ++this.aliases > 1000) giveUp();
			this.at = index + 1;
			const next = this.nextContent(this.at);
			if (next !== undefined && this.lines[next]!.indent > parentIndent) giveUp();
			return {start: this.lines[index]!.start + column, value: target!.value, alias: alias![1]!};
		}
		let anchor: string | undefined;
		if (text[column] === '&') {
			const props = /^&([A-Za-z0-9_-]+)( +|$)/.exec(text.slice(column));
			if (!props || this.anchors.has(props[1]!)) giveUp();
			anchor = props![1]!;
			column += props![0].length;
		}
		let node: FastNode;
		const aliasesBefore = this.aliases;
		if (column >= text.length || text[column] === '#') {
			const next = this.nextContent(index + 1);
			if (next === undefined) giveUp();
			const {indent, text: nextText} = this.lines[next!]!;
			const sameIndentList = inMapping && indent === parentIndent && nextText[indent] === '-' && (nextText.length === indent + 1 || nextText[indent + 1] === ' ');
			if (indent <= parentIndent && !sameIndentList) giveUp();
			node = this.node(next!, indent, parentIndent);
		} else {
			this.at = index + 1;
			// On a mapping's line only a scalar may follow the key (`key: - x` or `key: a: b` are errors).
			node = inMapping || anchor !== undefined ? this.scalar(index, column, parentIndent) : this.node(index, column, parentIndent);
		}
		if (anchor !== undefined) {
			// An alias inside an anchored node multiplies yaml's count of uses: left to yaml.
			if (this.aliases !== aliasesBefore) giveUp();
			this.anchors.set(anchor, node);
		}
		return node;
	}

	private list(index: number, column: number): FastNode {
		const items: FastNode[] = [];
		let line: number | undefined = index;
		while (line !== undefined) {
			const {text} = this.lines[line]!;
			if (text[column] !== '-' || !(text.length === column + 1 || text[column + 1] === ' ')) giveUp();
			let content = column + 1;
			while (text[content] === ' ') content++;
			if (text[content] === '-' && text[content + 1] === ' ') giveUp();
			items.push(this.value(line, content, column, false));
			line = this.nextContent(this.at);
			if (line === undefined) break;
			const indent = this.lines[line]!.indent;
			if (indent < column) break;
			if (indent > column) giveUp();
		}
		return {start: this.lines[index]!.start + column, value: items.map(item => item.value), items};
	}

	private mapping(index: number, column: number): FastNode {
		const entries = new Map<string, FastNode>();
		const value: Record<string, unknown> = {};
		let line: number | undefined = index;
		while (line !== undefined) {
			const {text} = this.lines[line]!;
			const key = keyAt(text, column);
			if (key === undefined || entries.has(key) || key === '__proto__') giveUp();
			let content = column + key!.length + 1;
			while (text[content] === ' ') content++;
			const node = this.value(line, content, column, true);
			entries.set(key!, node);
			value[key!] = node.value;
			line = this.nextContent(this.at);
			if (line === undefined) break;
			const indent = this.lines[line]!.indent;
			if (indent < column) break;
			if (indent > column) giveUp();
		}
		return {start: this.lines[index]!.start + column, value, entries};
	}

	/** A scalar starting at `column` of line `index`; the lines it takes are read (`at` moves past them). */
	private scalar(index: number, column: number, parentIndent: number): FastNode {
		const line = this.lines[index]!;
		const text = line.text;
		const start = line.start + column;
		const first = text[column]!;
		if (first === '|' || first === '>') return this.block(index, column, parentIndent);
		let value: unknown;
		let end: number;
		if (first === "'" || first === '"') {
			const quoted = first === "'" ? singleQuoted(text, column) : doubleQuoted(text, column);
			value = quoted.value;
			end = quoted.end;
		} else {
			// A lone `-` is a list item's indicator (an error after a key), not a plain scalar.
			if (/[[\]{}&*!>%@`?,:#|]/.test(first) || (first === '-' && (text[column + 1] === ' ' || column + 1 === text.length))) giveUp();
			const comment = text.indexOf(' #', column);
			// Only spaces end a plain scalar: yaml keeps a no-break space or other Unicode blank.
			let stop = comment >= 0 ? comment : text.length;
			while (text.charCodeAt(stop - 1) === 32) stop--;
			const raw = text.slice(column, stop);
			if (raw.includes(': ') || raw.endsWith(':') || raw.includes('\t')) giveUp();
			value = plainValue(raw);
			end = text.length;
		}
		// After the value only spaces, or spaces and a comment (a no-break space is not a separation).
		if (!/^ *$|^ +#/.test(text.slice(end))) giveUp();
		this.at = index + 1;
		// A more indented line after a one-line scalar would continue it (or be an error): not read here.
		const next = this.nextContent(this.at);
		if (next !== undefined && this.lines[next]!.indent > parentIndent) giveUp();
		return {start, value};
	}

	/** A block scalar (`|`, `|-`, `>` or `>-`) whose header is at `column` of line `index`. */
	private block(index: number, column: number, parentIndent: number): FastNode {
		const header = this.lines[index]!.text.slice(column);
		// A block scalar as the whole document may hold `---` or `...` lines, which end the document.
		if (!/^[|>]-?$/.test(header) || parentIndent < 0) giveUp();
		const strip = header.endsWith('-');
		let blockIndent: number | undefined;
		const parts: string[] = [];
		let line = index + 1;
		for (; line < this.lines.length; line++) {
			const {text, indent} = this.lines[line]!;
			if (indent === text.length) {
				// Blank: part of the scalar unless nothing follows. A line of only spaces is left to yaml.
				if (text.length > 0) giveUp();
				parts.push('');
				continue;
			}
			if (blockIndent === undefined) {
				if (indent <= parentIndent) break;
				blockIndent = indent;
			}
			if (indent < blockIndent) break;
			parts.push(text.slice(blockIndent));
		}
		if (blockIndent === undefined) giveUp();
		// Blank lines at the end are not content (and may be the next entry's separation).
		let kept = parts.length;
		while (kept > 0 && parts[kept - 1] === '') kept--;
		const body = header.startsWith('>') ? folded(parts.slice(0, kept)) : parts.slice(0, kept).join('\n');
		this.at = index + 1 + kept;
		return {start: this.lines[index]!.start + column, value: strip ? body : `${body}\n`};
	}
}

/** The key of a `key: value` entry starting at `column`, when it is a plain word of the kind read here. */
function keyAt(text: string, column: number): string | undefined {
	const colon = text.indexOf(':', column);
	if (colon < 0 || !(colon + 1 === text.length || text[colon + 1] === ' ')) return undefined;
	const key = text.slice(column, colon);
	// yaml allows at most 1024 characters before the `:` of an implicit key.
	if (key.length > 1000 || !plainKey.test(key) || notString.some(test => test.test(key))) return undefined;
	return key;
}

