import {isMap, isPair, isSeq} from 'yaml';

/** How deep lists and mappings may nest in a runbook or an answers file; none needs near as many. */
export const maxNesting = 100;

/** The problem's text: what is wrong and what to do. */
export const tooDeepMessage = `YAML: lists and mappings nest too deep here (more than ${maxNesting} levels): flatten them`;

/** Whether a parser error is the stack running out (the YAML nests thousands of levels deep). */
export function isStackOverflow(message: string): boolean {
	return /Maximum call stack size exceeded/.test(message);
}

/**
 * Where a parsed YAML document first nests deeper than `maxNesting` (the offset of that list or
 * mapping), or undefined. It walks with a stack of its own, so a deep document cannot overflow here.
 */
export function tooDeepAt(root: unknown): number | undefined {
	const pending: {node: unknown; depth: number}[] = [{node: root, depth: 0}];
	while (pending.length > 0) {
		const {node, depth} = pending.pop()!;
		if (!isMap(node) && !isSeq(node)) continue;
		if (depth + 1 > maxNesting) return node.range?.[0] ?? 0;
		for (const item of node.items as unknown[]) {
			if (isPair(item)) {
				pending.push({node: item.key, depth: depth + 1}, {node: item.value, depth: depth + 1});
			} else {
				pending.push({node: item, depth: depth + 1});
			}
		}
	}
	return undefined;
}

/**
 * The offset of the first of the most indented lines: where a block document nested too deep for
 * the parser (which then throws, with no position) goes deepest.
 */
export function deepestLine(text: string): number {
	let best = 0;
	let at = 0;
	let offset = 0;
	for (const line of text.split('\n')) {
		const indent = line.length - line.trimStart().length;
		if (indent > best) {
			best = indent;
			at = offset + indent;
		}
		offset += line.length + 1;
	}
	return at;
}
