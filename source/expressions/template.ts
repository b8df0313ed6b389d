import {compileExpression} from './compile.js';
import {ExpressionSyntaxError} from './errors.js';

/** An expression found in a text: its source and its offset (of the source) in the text. */
export type Embedded = {readonly source: string; readonly offset: number};

export type TemplatePart = {readonly kind: 'text'; readonly text: string} | ({readonly kind: 'expression'} & Embedded);

/**
 * A scalar as the format reads it: plain text, exactly one `${{ }}` (typed value), or text with
 * `${{ }}` inside (a string).
 */
export type Template =
	| {readonly kind: 'literal'; readonly text: string}
	| ({readonly kind: 'expression'} & Embedded)
	| {readonly kind: 'interpolation'; readonly parts: readonly TemplatePart[]};

const open = '${{';
const close = '}}';

/** True when the text holds a `${{`. */
export function hasExpression(text: string): boolean {
	return text.includes(open);
}

const parsed = new Map<string, Template | {readonly error: unknown}>();

/**
 * Splits a text into literal parts and expressions. Throws ExpressionSyntaxError (offset in text).
 * Remembered per text (a foreach resolves the same templates for every item), failures included.
 */
export function parseTemplate(text: string): Template {
	if (!hasExpression(text)) return {kind: 'literal', text};
	let known = parsed.get(text);
	if (known === undefined) {
		try {
			known = parseTemplateText(text);
		} catch (error) {
			known = {error};
		}
		if (parsed.size >= 2000) parsed.clear();
		parsed.set(text, known);
	}
	if ('error' in known) throw known.error;
	return known;
}

function parseTemplateText(text: string): Template {
	const parts: TemplatePart[] = [];
	let cursor = 0;
	while (cursor < text.length) {
		const start = text.indexOf(open, cursor);
		if (start < 0) {
			parts.push({kind: 'text', text: text.slice(cursor)});
			break;
		}
		if (start > cursor) parts.push({kind: 'text', text: text.slice(cursor, start)});
		const embedded = readEmbedded(text, start + open.length);
		parts.push({kind: 'expression', source: embedded.source, offset: embedded.offset});
		cursor = embedded.end + close.length;
	}
	const [first] = parts;
	if (parts.length === 1 && first?.kind === 'expression') {
		return {kind: 'expression', source: first.source, offset: first.offset};
	}
	return {kind: 'interpolation', parts};
}

/**
 * Finds the `}}` that closes an expression starting at `from`. JSONata itself may contain `}}`
 * (nested objects), so the first candidate whose inside parses wins.
 */
function readEmbedded(text: string, from: number): Embedded & {end: number} {
	let firstError: ExpressionSyntaxError | undefined;
	let candidate = text.indexOf(close, from);
	if (candidate < 0) {
		throw new ExpressionSyntaxError("'${{' is not closed: end the expression with '}}'", from - open.length);
	}
	while (candidate >= 0) {
		const raw = text.slice(from, candidate);
		const leading = raw.length - raw.trimStart().length;
		const source = raw.trim();
		try {
			if (source === '') throw new ExpressionSyntaxError("empty expression inside '${{ }}'", 0);
			compileExpression(source);
			return {source, offset: from + leading, end: candidate};
		} catch (error) {
			if (!(error instanceof ExpressionSyntaxError)) throw error;
			firstError ??= new ExpressionSyntaxError(error.message, from + leading + error.offset);
		}
		candidate = text.indexOf(close, candidate + 1);
	}
	throw firstError!;
}

/**
 * An expression field (`when`, `until`, `items`, `outputs`, ...) accepts a bare JSONata expression,
 * or one `${{ }}`, or text with `${{ }}` inside. Returns the expressions it holds.
 */
export function fieldExpressions(text: string): Embedded[] {
	if (!hasExpression(text)) return [{source: text.trim(), offset: text.length - text.trimStart().length}];
	const template = parseTemplate(text);
	if (template.kind === 'expression') return [template];
	if (template.kind === 'literal') return [];
	return template.parts.filter(part => part.kind === 'expression');
}

/** Every expression in a text that may hold `${{ }}` (instructions, commands, request values). */
export function templateExpressions(text: string): Embedded[] {
	const template = parseTemplate(text);
	if (template.kind === 'expression') return [template];
	if (template.kind === 'literal') return [];
	return template.parts.filter(part => part.kind === 'expression');
}
