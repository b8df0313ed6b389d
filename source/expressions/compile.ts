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
		compiled.assign(Symbol.for('jsonata.__evaluate_entry') as unknown as string, checkBudget);
		cache.set(source, compiled);
		return compiled;
	} catch (error) {
		const {message, position} = error as {message?: string; position?: number};
		const offset = Math.max(0, Math.min(source.length, originalOffset(inserts, (position ?? 1) - 1)));
		throw new ExpressionSyntaxError(`expression does not parse: ${message ?? String(error)}`, offset);
	}
}

/** How long one evaluation may run: JSONata never yields, so signals wait for it. */
export const expressionBudgetMs = 3000;

/** The budget of one evaluation, bound under this name (read by `checkBudget`). */
export const budgetBinding = '__belay_budget';

export type Budget = {readonly deadline: number; steps: number};

/** Called by JSONata before each step of an evaluation: a runaway expression fails instead of spinning. */
function checkBudget(_expression: unknown, _input: unknown, environment: {lookup(name: string): unknown}): void {
	const budget = environment.lookup(budgetBinding) as Budget | undefined;
	if (!budget || ++budget.steps % 512 !== 0) return;
	if (Date.now() > budget.deadline) {
		throw new BudgetExceeded(`it ran for more than ${expressionBudgetMs / 1000} s (${budget.steps} steps), so it was stopped: is it recursing without end?`);
	}
}

/** An expression ran past its budget (its message names no value). */
export class BudgetExceeded extends Error {}
