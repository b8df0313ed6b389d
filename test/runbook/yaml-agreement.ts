import {isMap, isSeq, LineCounter, parseDocument, type Node} from 'yaml';
import {isDeepStrictEqual} from 'node:util';
import {fastYaml, type FastNode} from '../../source/runbook/fast-yaml.js';

/** yaml's reading of a text as YamlSource reads it: its errors, data, and each value's start, key by key and item by item. */
export function yamlReading(text: string): {errors: string[]; data?: unknown; starts?: unknown; failure?: string} {
	const document = parseDocument(text, {lineCounter: new LineCounter(), prettyErrors: false, uniqueKeys: true});
	if (document.errors.length > 0) return {errors: document.errors.map(error => error.code)};
	const starts = (node: Node | null): unknown => {
		if (isMap(node)) return [node.range?.[0], Object.fromEntries(node.items.map(pair => [String((pair.key as {value: unknown}).value), starts(pair.value as Node)]))];
		if (isSeq(node)) return [node.range?.[0], node.items.map(item => starts(item as Node))];
		return node?.range?.[0];
	};
	try {
		return {errors: [], data: document.toJS({maxAliasCount: 1000}), starts: starts(document.contents as Node)};
	} catch (error) {
		return {errors: [], failure: (error as Error).message};
	}
}

export function fastStarts(node: FastNode): unknown {
	if (node.entries) return [node.start, Object.fromEntries([...node.entries].map(([key, entry]) => [key, fastStarts(entry)]))];
	if (node.items) return [node.start, node.items.map(fastStarts)];
	return node.start;
}

/** How fastYaml's reading of a text differs from yaml's, or undefined when it gives up or agrees. */
export function disagreement(text: string): string | undefined {
	const fast = fastYaml(text);
	if (!fast) return undefined;
	const reading = yamlReading(text);
	if (reading.errors.length > 0) return `yaml finds errors (${reading.errors.join(', ')}) in a text read quickly`;
	if (reading.failure) return `yaml cannot give the data (${reading.failure}) of a text read quickly`;
	if (!isDeepStrictEqual(fast.value, reading.data)) return `data differ: quick ${JSON.stringify(fast.value)}, yaml ${JSON.stringify(reading.data)}`;
	if (!isDeepStrictEqual(fastStarts(fast), reading.starts)) return `starts differ: quick ${JSON.stringify(fastStarts(fast))}, yaml ${JSON.stringify(reading.starts)}`;
	return undefined;
}
