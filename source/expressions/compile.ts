import jsonata from 'jsonata';
import {ExpressionSyntaxError} from './errors.js';

export type CompiledExpression = ReturnType<typeof jsonata>;

const cache = new Map<string, CompiledExpression>();

const dashedStep = /(^|[^\w$`.])(steps\s*\.\s*)([a-z][a-z0-9]*(?:-[a-z0-9]+)+)/g;

/**
 * Step ids may hold dashes (`recovery-point`), which JSONata reads as minus. `steps.recovery-point`
 * is rewritten to JSONata's quoted name, steps.`recovery-point`, before parsing. Returns the text
 * and where the inserted backticks stand in it, to map positions back to what the author wrote.
 */
export function rewriteDashedSteps(source: string): {text: string; inserts: number[]} {
	const inserts: number[] = [];
	let added = 0;
	const text = source.replace(dashedStep, (_match, before: string, prefix: string, id: string, offset: number) => {
		const at = offset + before.length + prefix.length + added;
		inserts.push(at, at + id.length + 1);
		added += 2;
		return `${before}${prefix}\`${id}\``;
	});
	return {text, inserts};
}

/** An offset in the rewritten text as an offset in the author's text. */
export function originalOffset(inserts: readonly number[], offset: number): number {
	return offset - inserts.filter(at => at < offset).length;
}

/** Parses a JSONata expression (cached). Throws ExpressionSyntaxError with the offset of the problem. */
export function compileExpression(source: string): CompiledExpression {
	const cached = cache.get(source);
	if (cached) return cached;
	if (source.trim() === '') throw new ExpressionSyntaxError('empty expression', 0);
	const {text, inserts} = rewriteDashedSteps(source);
	try {
		const compiled = jsonata(text);
		cache.set(source, compiled);
		return compiled;
	} catch (error) {
		const {message, position} = error as {message?: string; position?: number};
		const offset = Math.max(0, Math.min(source.length, originalOffset(inserts, (position ?? 1) - 1)));
		throw new ExpressionSyntaxError(`expression does not parse: ${message ?? String(error)}`, offset);
	}
}
