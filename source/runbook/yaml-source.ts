import {isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, Scalar, visit, type Document, type Node} from 'yaml';
import {fastFind, fastJson, fastYaml, type FastNode} from './fast-yaml.js';
import {scalarOffsets} from './scalar-offsets.js';
import {deepestLine, isStackOverflow, tooDeepAt, tooDeepMessage} from './yaml-depth.js';
import type {Problem, SourcePosition} from './types.js';

export type Path = readonly (string | number)[];

/**
 * A parsed YAML file that can say where any path of its data is. Plain YAML (most runbooks) is read
 * with fastYaml, which gives the data and where each value starts; `yaml`'s full document is parsed
 * only when something else is asked (where a key is, a place inside a scalar: a problem to report)
 * or when the text is not of that plain kind. Both give the same data and the same places.
 */
export class YamlSource {
	readonly lineCounter: LineCounter = new LineCounter();
	private parsed: Document.Parsed | undefined;
	private readonly fast: FastNode | undefined;

	/** Where the parser itself ran out of stack (it threw rather than reporting an error). */
	private overflowAt: number | undefined;

	constructor(
		readonly file: string,
		readonly text: string,
	) {
		this.fast = fastYaml(text);
		if (this.fast) {
			this.lineCounter.addNewLine(0);
			for (let offset = text.indexOf('\n'); offset >= 0; offset = text.indexOf('\n', offset + 1)) this.lineCounter.addNewLine(offset + 1);
		} else {
			this.parsed = this.parse(this.lineCounter);
		}
	}

	/** yaml's document of the text (parsed on first use when the text was read quickly). */
	get document(): Document.Parsed {
		// The line counter already holds every line: the parser's own is thrown away.
		this.parsed ??= this.parse(new LineCounter());
		return this.parsed;
	}

	private parse(lineCounter: LineCounter): Document.Parsed {
		const text = this.text;
		try {
			return parseDocument(text, {lineCounter, prettyErrors: false, uniqueKeys: true});
		} catch (error) {
			if (!(error instanceof RangeError)) throw error;
			// The counter holds the lines read before the parser gave up: count them all again.
			if (lineCounter === this.lineCounter) {
				const fresh = new LineCounter();
				fresh.addNewLine(0);
				for (let offset = text.indexOf('\n'); offset >= 0; offset = text.indexOf('\n', offset + 1)) fresh.addNewLine(offset + 1);
				(this as {lineCounter: LineCounter}).lineCounter = fresh;
			}
			this.overflowAt = deepestLine(text);
			return parseDocument('');
		}
	}

	/** The plain data at a path as yaml's `toJSON()` of its node gives it, or undefined when the path does not go there. */
	valueAt(path: Path): unknown {
		if (this.fast) {
			const found = fastFind(this.fast, path);
			return found.complete ? fastJson(found.node) : undefined;
		}
		const found = this.find(path);
		return found.complete ? (found.node as {toJSON?: () => unknown} | undefined)?.toJSON?.() : undefined;
	}

	/** YAML syntax errors, located; a document nested too deep is one problem, where it goes too deep. */
	syntaxProblems(): Problem[] {
		if (this.fast) return [];
		const overflow = this.document.errors.find(error => isStackOverflow(error.message));
		const deepAt =
			this.overflowAt ?? (overflow ? overflow.pos[0] : this.document.errors.length === 0 ? tooDeepAt(this.document.contents) : undefined);
		if (deepAt !== undefined) return [this.problem(this.offsetPosition(deepAt), tooDeepMessage)];
		return this.document.errors.map(error => {
			const message = error.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
			// The parser notices a missing closing quote where the file ends; the author needs the
			// place where the string was opened.
			const opened = /^Missing closing ["']quote/.test(message) ? this.unclosedQuoteStart(error.pos[0]) : undefined;
			if (opened !== undefined) {
				const {line, column} = this.offsetPosition(opened);
				return {file: this.file, line, column, message: `YAML: ${message}: the string that starts here is never closed`};
			}
			const position = error.linePos?.[0] ?? this.lineCounter.linePos(error.pos[0]);
			return {file: this.file, line: position.line, column: position.col, message: `YAML: ${message}`};
		});
	}

	/** The start of the quoted scalar that runs up to `offset`, the last one opened before it. */
	private unclosedQuoteStart(offset: number): number | undefined {
		let start: number | undefined;
		visit(this.document, {
			Scalar: (_key, node) => {
				if (node.type !== Scalar.QUOTE_DOUBLE && node.type !== Scalar.QUOTE_SINGLE) return;
				const [from, to] = node.range ?? [];
				if (from !== undefined && to !== undefined && from < offset && to >= offset && (start === undefined || from > start)) {
					start = from;
				}
			},
		});
		return start;
	}

	/**
	 * The document as plain data. An alias without an anchor before it, or aliases that expand
	 * beyond reason, are problems located at the (first) alias rather than exceptions.
	 */
	data(): {ok: true; data: unknown} | {ok: false; problem: Problem} {
		if (this.fast) return {ok: true, data: this.fast.value};
		// A mapping or list as a key has no place in a runbook (and plain data cannot hold one).
		let complexKey: number | undefined;
		visit(this.document, {
			Pair: (_key, pair) => {
				if (complexKey === undefined && (isMap(pair.key) || isSeq(pair.key))) complexKey = pair.key.range?.[0] ?? 0;
			},
		});
		if (complexKey !== undefined) {
			return {ok: false, problem: this.problem(this.offsetPosition(complexKey), 'YAML: a key must be a plain value, not a mapping or a list')};
		}
		try {
			return {ok: true, data: this.document.toJS({maxAliasCount: 1000}) as unknown};
		} catch (error) {
			let unresolved: {name: string; at: number} | undefined;
			let first: number | undefined;
			visit(this.document, {
				Alias: (_key, node) => {
					first ??= node.range?.[0];
					if (!unresolved && !node.resolve(this.document)) unresolved = {name: node.source, at: node.range?.[0] ?? 0};
				},
			});
			const message = unresolved
				? `YAML: the alias *${unresolved.name} has no anchor &${unresolved.name} before it`
				: `YAML: ${(error as Error).message}`;
			return {ok: false, problem: this.problem(this.offsetPosition(unresolved?.at ?? first ?? 0), message)};
		}
	}

	/** The node at a path, or the deepest node on the way when the path does not exist. */
	find(path: Path): {node: Node | undefined; key: Node | undefined; complete: boolean} {
		let node = this.document.contents as Node | null | undefined;
		let key: Node | undefined;
		for (const segment of path) {
			if (isMap(node)) {
				const pair = node.items.find(item => isPair(item) && keyText(item.key) === String(segment));
				if (!pair) return {node, key, complete: false};
				key = pair.key as Node;
				const value = pair.value as Node | null;
				if (value === null) return {node: key, key, complete: true};
				node = value;
			} else if (isSeq(node) && typeof segment === 'number') {
				const item = node.items[segment] as Node | undefined;
				if (!item) return {node, key, complete: false};
				key = undefined;
				node = item;
			} else {
				return {node: node ?? undefined, key, complete: false};
			}
		}
		return {node: node ?? undefined, key, complete: true};
	}

	/** Where the value at a path starts (or its nearest existing parent). */
	position(path: Path): SourcePosition {
		if (this.fast) return this.offsetPosition(fastFind(this.fast, path).node.start);
		return this.offsetPosition(this.find(path).node?.range?.[0] ?? 0);
	}

	/** Where the key of the entry at a path starts. */
	keyPosition(path: Path): SourcePosition {
		const found = this.find(path);
		return this.offsetPosition((found.complete ? found.key : found.node)?.range?.[0] ?? 0);
	}

	/** Where character `offset` of the string value at a path stands in the file, as near as can be told. */
	positionInScalar(path: Path, offset: number): SourcePosition {
		const {node} = this.find(path);
		if (!isScalar(node) || !node.range) return this.position(path);
		return this.offsetInScalar(node, offset);
	}

	/** Where character `offset` of the key of the entry at a path stands in the file. */
	positionInKey(path: Path, offset: number): SourcePosition {
		const found = this.find(path);
		const key = found.complete ? found.key : undefined;
		if (!isScalar(key) || !key.range) return this.keyPosition(path);
		return this.offsetInScalar(key, offset);
	}

	private offsetInScalar(node: Scalar, offset: number): SourcePosition {
		if (!node.range) return this.offsetPosition(0);
		const value = String(node.value);
		const map = scalarOffsets(this.text, node.type, node.range, value, offset);
		const at = map?.[offset] ?? (map && map.length > 0 ? map[map.length - 1]! + 1 : undefined);
		return this.offsetPosition(at ?? node.range[0]);
	}

	/**
	 * Where to show a problem with the value at a path: the value itself, or, when it is a block
	 * mapping or list (whose first entry is on a later line and is not what is wrong), the key
	 * that holds it.
	 */
	valuePosition(path: Path): SourcePosition {
		const found = this.find(path);
		if (found.complete && found.key && (isMap(found.node) || isSeq(found.node)) && !found.node.flow) {
			return this.offsetPosition(found.key.range?.[0] ?? 0);
		}
		return this.position(path);
	}

	offsetPosition(offset: number): SourcePosition {
		const {line, col} = this.lineCounter.linePos(offset);
		return {line, column: col};
	}

	problem(position: SourcePosition, message: string): Problem {
		return {file: this.file, line: position.line, column: position.column, message};
	}
}

function keyText(key: unknown): string | undefined {
	if (isScalar(key)) return String(key.value);
	return undefined;
}
