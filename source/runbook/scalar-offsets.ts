import {Scalar} from 'yaml';

/**
 * Where each character of a scalar's value was written in the file. YAML folds lines, strips
 * indentation and resolves escapes (`\"`, `''`), so character n of the value is not character n
 * after the scalar's start. Returns `map`, where `map[n]` is the offset in `text` of value
 * character n, for the characters up to `upTo`; or undefined when the value cannot be retraced
 * (the map is checked against `value`, the value as the YAML parser read it).
 */
export function scalarOffsets(
	text: string,
	type: Scalar.Type | undefined,
	range: readonly [number, number, ...number[]],
	value: string,
	upTo: number,
): number[] | undefined {
	const [start, end] = range;
	const agrees = (rebuilt: {value: string; map: number[]} | undefined): rebuilt is {value: string; map: number[]} =>
		rebuilt !== undefined && rebuilt.value.slice(0, upTo + 1) === value.slice(0, upTo + 1);
	switch (type) {
		case Scalar.PLAIN:
		case Scalar.QUOTE_SINGLE:
		case Scalar.QUOTE_DOUBLE: {
			const style = type === Scalar.PLAIN ? 'plain' : type === Scalar.QUOTE_SINGLE ? 'single' : 'double';
			const quote = style === 'plain' ? 0 : 1;
			const rebuilt = flowOffsets(text, start + quote, end - quote, style);
			return agrees(rebuilt) ? rebuilt.map : undefined;
		}
		case Scalar.BLOCK_LITERAL:
		case Scalar.BLOCK_FOLDED: {
			// The indentation is that of the first line with text, unless the header gives it
			// (`|2`, relative to the parent); trying the possible ones covers both.
			for (let indent = blockIndent(text, start, end); indent >= 0; indent--) {
				const rebuilt = blockOffsets(text, start, end, type === Scalar.BLOCK_FOLDED, indent);
				if (agrees(rebuilt)) return rebuilt.map;
			}
			return undefined;
		}
		default:
			return undefined;
	}
}

const escapes: Record<string, string> = {
	'0': '\0',
	a: '\x07',
	b: '\b',
	t: '\t',
	'\t': '\t',
	n: '\n',
	v: '\v',
	f: '\f',
	r: '\r',
	e: '\x1b',
	' ': ' ',
	'"': '"',
	'/': '/',
	'\\': '\\',
	N: '\u0085',
	_: '\u00a0',
	L: '\u2028',
	P: '\u2029',
};

const isBreak = (char: string | undefined): boolean => char === '\n' || char === '\r';
const isBlank = (char: string | undefined): boolean => char === ' ' || char === '\t';

/** The offset after the line break at `at` (`\n`, `\r\n` or `\r`). */
function afterBreak(text: string, at: number): number {
	return text[at] === '\r' && text[at + 1] === '\n' ? at + 2 : at + 1;
}

/** Plain and quoted scalars: line folding, and the escapes of their style. */
function flowOffsets(text: string, from: number, to: number, style: 'plain' | 'single' | 'double'): {value: string; map: number[]} {
	const chars: string[] = [];
	const map: number[] = [];
	/** Characters written as escapes are kept when YAML trims the end of a line. */
	const escaped: boolean[] = [];
	const push = (char: string, at: number, isEscape = false): void => {
		// By UTF-16 unit, as offsets into JavaScript strings count.
		for (let unit = 0; unit < char.length; unit++) {
			chars.push(char[unit]!);
			map.push(at);
			escaped.push(isEscape);
		}
	};
	let at = from;
	while (at < to) {
		const char = text[at]!;
		if (isBreak(char)) {
			while (chars.length > 0 && isBlank(chars[chars.length - 1]) && !escaped[escaped.length - 1]) {
				chars.pop();
				map.pop();
				escaped.pop();
			}
			const breakAt = at;
			let empty = 0;
			at = afterBreak(text, at);
			for (;;) {
				let next = at;
				while (next < to && isBlank(text[next])) next++;
				if (next < to && isBreak(text[next])) {
					empty++;
					at = afterBreak(text, next);
				} else {
					at = next;
					break;
				}
			}
			push(empty === 0 ? ' ' : '\n'.repeat(empty), breakAt);
			continue;
		}
		if (style === 'single' && char === "'" && text[at + 1] === "'") {
			push("'", at, true);
			at += 2;
			continue;
		}
		if (style === 'double' && char === '\\') {
			const next = text[at + 1];
			if (isBreak(next)) {
				at = afterBreak(text, at + 1);
				while (at < to && isBlank(text[at])) at++;
				continue;
			}
			if (next !== undefined && next in escapes) {
				push(escapes[next]!, at, true);
				at += 2;
				continue;
			}
			const width = next === 'x' ? 2 : next === 'u' ? 4 : next === 'U' ? 8 : 0;
			const code = Number.parseInt(text.slice(at + 2, at + 2 + width), 16);
			if (width > 0 && Number.isInteger(code) && code <= 0x10ffff) {
				push(String.fromCodePoint(code), at, true);
				at += 2 + width;
				continue;
			}
		}
		push(char, at);
		at++;
	}
	return {value: chars.join(''), map};
}

/** The content lines of a block scalar, after its header line, each with its offset in the file. */
function blockLines(text: string, start: number, end: number): {text: string; at: number; breakAt: number}[] {
	const headerEnd = text.indexOf('\n', start);
	if (headerEnd < 0 || headerEnd >= end) return [];
	const lines: {text: string; at: number; breakAt: number}[] = [];
	let at = headerEnd + 1;
	while (at < end) {
		let lineEnd = text.indexOf('\n', at);
		if (lineEnd < 0 || lineEnd > end) lineEnd = end;
		const contentEnd = text[lineEnd - 1] === '\r' ? lineEnd - 1 : lineEnd;
		lines.push({text: text.slice(at, contentEnd), at, breakAt: contentEnd});
		at = lineEnd + 1;
	}
	return lines;
}

/** The indentation of the first line with text in a block scalar. */
function blockIndent(text: string, start: number, end: number): number {
	const first = blockLines(text, start, end).find(line => line.text.trim() !== '');
	return first ? first.text.length - first.text.trimStart().length : 0;
}

/** `|` and `>` scalars: the header line, then lines with the block's indentation removed. */
function blockOffsets(text: string, start: number, end: number, folded: boolean, indent: number): {value: string; map: number[]} {
	const lines = blockLines(text, start, end);
	const chars: string[] = [];
	const map: number[] = [];
	const push = (char: string, offset: number): void => {
		chars.push(char);
		map.push(offset);
	};
	let previous: 'none' | 'text' | 'more' = 'none';
	let pendingBreaks: number[] = [];
	for (const line of lines) {
		const body = line.text.slice(Math.min(indent, line.text.length));
		if (line.text.trim() === '' && line.text.length <= indent) {
			pendingBreaks.push(line.breakAt);
			continue;
		}
		const kind = isBlank(body[0]) ? 'more' : 'text';
		if (previous !== 'none') {
			// The break that ended the previous content line, then one per empty line between.
			const [first, ...rest] = pendingBreaks;
			if (folded && previous === 'text' && kind === 'text') {
				if (rest.length === 0) push(' ', first!);
				else for (const breakAt of rest) push('\n', breakAt);
			} else {
				for (const breakAt of pendingBreaks) push('\n', breakAt);
			}
		} else {
			for (const breakAt of pendingBreaks) push('\n', breakAt);
		}
		pendingBreaks = [];
		for (let column = 0; column < body.length; column++) push(body[column]!, line.at + indent + column);
		pendingBreaks.push(line.breakAt);
		previous = kind;
	}
	return {value: chars.join(''), map};
}
