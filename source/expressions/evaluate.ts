import {BudgetExceeded, budgetBinding, compileExpression, expressionBudgetMs, type Budget} from './compile.js';
import {dateArgument, formatDate} from './date.js';
import {ExpressionEvaluationError} from './errors.js';
import {hasExpression, parseTemplate} from './template.js';

/** What expressions can read: inputs, vars, env, run, steps, and result/item/index where they apply. */
export type Scope = Readonly<Record<string, unknown>>;

/**
 * What an evaluation knows besides its scope: the clock (the engine passes the time it recorded, so
 * a resume sees the same), and which expressions read a secret, so what they compute is secret too.
 */
export type EvaluationOptions = {readonly now: Date; readonly secrets?: SecretTaint};

/** Anything computed from a secret is secret: `reads` tells such an expression, `found` takes its value. */
export type SecretTaint = {
	reads(source: string): boolean;
	found(value: unknown): void;
};

/** Evaluates one JSONata expression. Records nothing: the caller records what it needs. */
export async function evaluateExpression(source: string, scope: Scope, options: EvaluationOptions): Promise<unknown> {
	const expression = compileExpression(source);
	const now = options.now;
	const bindings = {
		[budgetBinding]: {deadline: Date.now() + expressionBudgetMs, steps: 0} satisfies Budget,
		date: (pattern: unknown, iso?: unknown) => formatDate(String(pattern), dateArgument(iso, now)),
		now: () => now.toISOString(),
		millis: () => now.getTime(),
	};
	const secret = options.secrets?.reads(source) ?? false;
	let value: unknown;
	try {
		value = plain(await expression.evaluate(scope, bindings));
	} catch (error) {
		// JSONata quotes the values it could not use: an expression reading a secret says only why.
		const message = secret ? secretFailure(error) : ((error as Error).message ?? String(error));
		throw new ExpressionEvaluationError(`expression '${source}' failed: ${message}`, source);
	}
	if (secret) options.secrets!.found(value);
	return value;
}

/** A text as the format reads it: exactly one `${{ }}` keeps its type, anything else is a string. */
export async function evaluateTemplate(text: string, scope: Scope, options: EvaluationOptions): Promise<unknown> {
	const template = parseTemplate(text);
	if (template.kind === 'literal') return template.text;
	if (template.kind === 'expression') return evaluateExpression(template.source, scope, options);
	let out = '';
	for (const part of template.parts) {
		if (part.kind === 'text') {
			out += part.text;
			continue;
		}
		const value = await evaluateExpression(part.source, scope, options);
		if (value === undefined) {
			throw new ExpressionEvaluationError(
				`expression '${part.source}' has no value, so it cannot be put into '${text}'`,
				part.source,
			);
		}
		out += stringify(value);
	}
	return out;
}

/** An expression field: a bare JSONata expression, or a template. */
export async function evaluateField(text: string, scope: Scope, options: EvaluationOptions): Promise<unknown> {
	if (hasExpression(text)) return evaluateTemplate(text, scope, options);
	return evaluateExpression(text, scope, options);
}

/** Resolves every string in a JSON value (objects and lists included, and keys with `${{ }}`) as a template. */
export async function resolveValue(value: unknown, scope: Scope, options: EvaluationOptions): Promise<unknown> {
	if (typeof value === 'string') return evaluateTemplate(value, scope, options);
	if (Array.isArray(value)) {
		// As in JSONata's own lists and in the objects below: an item with no value is left out.
		const out: unknown[] = [];
		for (const item of value) {
			const resolved = await resolveValue(item, scope, options);
			if (resolved !== undefined) out.push(resolved);
		}
		return out;
	}
	if (value !== null && typeof value === 'object') {
		const out: Record<string, unknown> = {};
		const written = new Map<string, string>();
		for (const [key, item] of Object.entries(value)) {
			const name = await resolveKey(key, scope, options);
			const earlier = written.get(name);
			if (earlier !== undefined) {
				throw new ExpressionEvaluationError(`the keys '${earlier}' and '${key}' are both '${name}': a mapping cannot have a key twice`, key);
			}
			written.set(name, key);
			const resolved = await resolveValue(item, scope, options);
			if (resolved !== undefined) out[name] = resolved;
		}
		return out;
	}
	return value;
}

/** The reason an expression that reads a secret failed, without the values JSONata quotes. */
function secretFailure(error: unknown): string {
	if (error instanceof BudgetExceeded) return error.message;
	const code = (error as {code?: unknown}).code;
	return `${typeof code === 'string' ? `JSONata error ${code}` : 'an error'} (its message is hidden because the expression reads a secret)`;
}

/**
 * A mapping key with `${{ }}` (`RequestItems: {"${{ inputs.table }}": [...]}`) is evaluated like a
 * value; it must give a non-empty text. Other keys are kept as written.
 */
export async function resolveKey(key: string, scope: Scope, options: EvaluationOptions): Promise<string> {
	if (!hasExpression(key)) return key;
	const name = await evaluateTemplate(key, scope, options);
	if (typeof name === 'string' && name !== '') return name;
	const got = name === undefined ? 'no value' : name === '' ? 'an empty text' : `${stringify(name)} (${Array.isArray(name) ? 'a list' : name === null ? 'null' : typeof name === 'object' ? 'a mapping' : `a ${typeof name}`})`;
	throw new ExpressionEvaluationError(`the key '${key}' evaluates to ${got}; a key must be a non-empty text`, key);
}

/** How a value reads inside a string. */
export function stringify(value: unknown): string {
	if (typeof value === 'string') return value;
	if (value === null || typeof value === 'number' || typeof value === 'boolean') return String(value);
	return JSON.stringify(value);
}

/** JSONata results carry sequence flags and may hold functions; keep plain JSON. */
function plain(value: unknown): unknown {
	if (value === undefined || typeof value === 'function' || isJsonataFunction(value)) return undefined;
	if (Array.isArray(value)) {
		// Copy on write: a list whose items are plain already is handed on as it is.
		let out: unknown[] | undefined;
		for (let index = 0; index < value.length; index++) {
			const item: unknown = value[index];
			const converted = plain(item);
			if (out === undefined && converted === item) continue;
			out ??= value.slice(0, index);
			if (converted !== undefined) out.push(converted);
		}
		// JSONata's own lists (sequences) carry flags of their own: a list is kept only when it has none.
		return out ?? (hasJsonataFlags(value) ? [...value] : value);
	}
	if (value !== null && typeof value === 'object') {
		if (value instanceof Uint8Array || value instanceof Date) return value;
		// An object already plain is handed on as it is (not copied): a foreach over a Scan's items
		// gets the result's own objects, which the journal can then name instead of copying.
		let out: Record<string, unknown> | undefined;
		const record = value as Record<string, unknown>;
		for (const key in record) {
			if (!Object.hasOwn(record, key)) continue;
			const item = record[key];
			const converted = plain(item);
			if (converted === item) continue;
			out ??= {...record};
			if (converted === undefined) delete out[key];
			else out[key] = converted;
		}
		return out ?? value;
	}
	return value;
}

/** The flags JSONata sets on the lists it makes (jsonata.js: sequence, keepSingleton, tupleStream, outerWrapper). */
function hasJsonataFlags(list: readonly unknown[]): boolean {
	const flags = list as unknown as Record<string, unknown>;
	return flags['sequence'] !== undefined || flags['keepSingleton'] !== undefined || flags['tupleStream'] !== undefined || flags['outerWrapper'] !== undefined;
}

/** A JSONata lambda (`function($x) {...}`) or partial application is an object that holds its own (cyclic) scope. */
function isJsonataFunction(value: unknown): boolean {
	if (value === null || typeof value !== 'object') return false;
	const record = value as Record<string, unknown>;
	return record['_jsonata_lambda'] === true || record['_jsonata_function'] === true;
}
