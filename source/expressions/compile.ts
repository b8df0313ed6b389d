import jsonata from 'jsonata';
import {ExpressionSyntaxError} from './errors.js';

export type CompiledExpression = ReturnType<typeof jsonata>;

const cache = new Map<string, CompiledExpression>();

/** Parses a JSONata expression (cached). Throws ExpressionSyntaxError with the offset of the problem. */
export function compileExpression(source: string): CompiledExpression {
	const cached = cache.get(source);
	if (cached) return cached;
	if (source.trim() === '') throw new ExpressionSyntaxError('empty expression', 0);
	try {
		const compiled = jsonata(source);
		cache.set(source, compiled);
		return compiled;
	} catch (error) {
		const {message, position} = error as {message?: string; position?: number};
		const offset = Math.max(0, Math.min(source.length, (position ?? 1) - 1));
		throw new ExpressionSyntaxError(`expression does not parse: ${message ?? String(error)}`, offset);
	}
}
