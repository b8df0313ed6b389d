import {isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, Scalar, type Document, type Node} from 'yaml';
import type {Problem, SourcePosition} from './types.js';

export type Path = readonly (string | number)[];

/** A parsed YAML file that can say where any path of its data is. */
export class YamlSource {
	readonly lineCounter = new LineCounter();
	readonly document: Document.Parsed;

	constructor(
		readonly file: string,
		readonly text: string,
	) {
		this.document = parseDocument(text, {lineCounter: this.lineCounter, prettyErrors: false, uniqueKeys: true});
	}

	/** YAML syntax errors, located. */
	syntaxProblems(): Problem[] {
		return this.document.errors.map(error => {
			const position = error.linePos?.[0] ?? this.lineCounter.linePos(error.pos[0]);
			const message = error.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
			return {file: this.file, line: position.line, column: position.col, message: `YAML: ${message}`};
		});
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
		const start = node.range[0];
		const value = String(node.value);
		switch (node.type) {
			case Scalar.PLAIN:
			case Scalar.QUOTE_DOUBLE:
			case Scalar.QUOTE_SINGLE: {
				if (value.slice(0, offset).includes('\n')) return this.offsetPosition(start);
				const quote = node.type === Scalar.PLAIN ? 0 : 1;
				return this.offsetPosition(start + quote + offset);
			}
			case Scalar.BLOCK_LITERAL: {
				const header = this.offsetPosition(start);
				const before = value.slice(0, offset);
				const lineIndex = before.split('\n').length - 1;
				const contentLine = this.text.split('\n')[header.line] ?? '';
				const indent = contentLine.length - contentLine.trimStart().length;
				const column = indent + 1 + (offset - (before.lastIndexOf('\n') + 1));
				return {line: header.line + 1 + lineIndex, column};
			}
			default:
				return this.offsetPosition(start);
		}
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
