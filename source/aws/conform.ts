import {didYouMean} from '../runbook/suggest.js';
import type {Shape} from './shape.js';

/**
 * Fits a resolved request to the command's input shape before the call, because the SDK drops or
 * mangles what does not fit without a word: JSONata gives a one-element list as its only value
 * (`…VpcSecurityGroups.VpcSecurityGroupId` is a string when there is one group), and the SDK then
 * leaves `VpcSecurityGroupIds` out, so the restored instance gets the default group.
 *
 * - a single value where a list is expected becomes a list of one;
 * - a number where a string is expected becomes its text; an ISO 8601 text (or epoch seconds)
 *   where a timestamp is expected becomes a Date;
 * - anything else that does not fit (a list or mapping where a string is expected, a text where a
 *   number, boolean or structure is expected, a member the structure does not have, two members of
 *   a union) is a problem naming the field: `DBInstanceIdentifier: expected a string, got a list`.
 *
 * `native` marks where the DynamoDB document client takes plain values (its `inputKeyNodes`):
 * null, `{}` or `[]` there means anything goes; an object names members (or `*`) further down.
 */
export type NativeNodes = null | readonly unknown[] | {readonly [key: string]: NativeNodes};

export type Conformed =
	| {readonly ok: true; readonly value: unknown; readonly changes: readonly string[]}
	| {readonly ok: false; readonly problems: readonly string[]};

const maxProblems = 5;

export function conform(value: unknown, shape: Shape, native?: NativeNodes): Conformed {
	const context: Context = {problems: [], changes: [], at: []};
	const fitted = fit(value, shape, native, context);
	return context.problems.length > 0 ? {ok: false, problems: context.problems.slice(0, maxProblems)} : {ok: true, value: fitted, changes: context.changes};
}

/** The problems and changes found so far, and where the walk is (its path is spelled only when needed). */
type Context = {readonly problems: string[]; readonly changes: string[]; readonly at: (string | number)[]};

/**
 * The value fitted to its shape. Copy on write: a value that fits as it is comes back as the same
 * object (a bulk write's items are not copied once more); a copy is made only where something changed.
 */
function fit(value: unknown, shape: Shape, native: NativeNodes | undefined, context: Context): unknown {
	if (value === undefined || value === null || isAnything(native)) return value;
	const problem = (expected: string): unknown => {
		context.problems.push(`${pathOf(context.at) || 'the input'}: expected ${expected}, got ${describe(value)}`);
		return value;
	};
	switch (shape.kind) {
		case 'any':
		case 'document':
			return value;
		case 'string':
			if (typeof value === 'string') return value;
			if (typeof value === 'number' && Number.isFinite(value)) {
				context.changes.push(`${pathOf(context.at)}: the number ${value} sent as the text '${value}'`);
				return String(value);
			}
			return problem('a string');
		case 'number':
			if (typeof value === 'number' || typeof value === 'bigint') return value;
			return problem(typeof value === 'string' ? 'a number (write it without quotes, or convert it with $number())' : 'a number');
		case 'boolean':
			return typeof value === 'boolean' ? value : problem('true or false');
		case 'blob':
			// Binary is base64 both ways, as the AWS CLI has it: what a result held goes back as it was.
			if (value instanceof Uint8Array) return value;
			if (typeof value === 'string' && shape.streaming) return value;
			if (typeof value === 'string' && isBase64(value)) return Buffer.from(value, 'base64');
			return problem("binary data as base64 text (a binary field of an earlier result is base64 already; to send text, use $base64encode('…'))");
		case 'timestamp':
			return timestamp(value) ?? problem('a timestamp (ISO 8601 such as 2024-05-01T12:00:00Z, or epoch seconds)');
		case 'list': {
			if (!Array.isArray(value)) {
				context.changes.push(`${pathOf(context.at)}: the single value sent as a list of one`);
				return [fitAt(0, value, shape.member, child(native, '*'), context)];
			}
			let out: unknown[] | undefined;
			for (let index = 0; index < value.length; index++) {
				const item: unknown = value[index];
				const fitted = fitAt(index, item, shape.member, child(native, '*'), context);
				if (fitted !== item) (out ??= value.slice(0, index))[index] = fitted;
				else if (out) out[index] = item;
			}
			return out ?? value;
		}
		case 'map': {
			if (!isMapping(value)) return problem('a mapping');
			let out: Record<string, unknown> | undefined;
			for (const key in value) {
				if (!Object.hasOwn(value, key)) continue;
				const item = value[key];
				const fitted = fitAt(key, item, shape.value, child(native, key), context);
				if (fitted !== item) (out ??= {...value})[key] = fitted;
			}
			return out ?? value;
		}
		case 'structure': {
			if (!isMapping(value)) return problem(`a structure (a mapping of ${memberList(shape.members)})`);
			let out: Record<string, unknown> | undefined;
			let set = 0;
			for (const key in value) {
				if (!Object.hasOwn(value, key)) continue;
				const member = shape.members.get(key);
				if (!member) {
					context.problems.push(`${pathOf([...context.at, key])}: no such member${didYouMean(key, shape.members.keys())}; ${pathOf(context.at) || 'the input'} has ${memberList(shape.members)}`);
					continue;
				}
				const item = value[key];
				if (item !== undefined && item !== null) set++;
				const fitted = fitAt(key, item, member, child(native, key), context);
				if (fitted !== item) (out ??= {...value})[key] = fitted;
			}
			if (shape.union && set > 1) {
				const named = Object.keys(value).filter(key => shape.members.has(key) && value[key] !== undefined && value[key] !== null);
				context.problems.push(`${pathOf(context.at) || 'the input'}: takes exactly one of its members, got ${named.join(' and ')}`);
			}
			return out ?? value;
		}
	}
}

/** `fit` of one member, list entry or map value, with the walk's path one step deeper meanwhile. */
function fitAt(step: string | number, value: unknown, shape: Shape, native: NativeNodes | undefined, context: Context): unknown {
	context.at.push(step);
	try {
		return fit(value, shape, native, context);
	} finally {
		context.at.pop();
	}
}

/** A walk's path as a problem names it: `RequestItems.table[0].PutRequest.Item["my key"]`. */
function pathOf(at: readonly (string | number)[]): string {
	let path = '';
	for (const step of at) path = typeof step === 'number' ? `${path}[${step}]` : join(path, step);
	return path;
}

function isAnything(native: NativeNodes | undefined): boolean {
	if (native === undefined) return false;
	return native === null || Array.isArray(native) || Object.keys(native).length === 0;
}

function child(native: NativeNodes | undefined, key: string): NativeNodes | undefined {
	if (native === undefined || native === null || Array.isArray(native)) return undefined;
	const nodes = native as {readonly [key: string]: NativeNodes};
	if (Object.hasOwn(nodes, key)) return nodes[key];
	return Object.hasOwn(nodes, '*') ? nodes['*'] : undefined;
}

/** A Date from an ISO 8601 text or epoch seconds; undefined when it is neither. */
function timestamp(value: unknown): Date | undefined {
	if (value instanceof Date) return Number.isNaN(value.getTime()) ? undefined : value;
	if (typeof value === 'number' && Number.isFinite(value)) return new Date(value * 1000);
	if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/.test(value)) return undefined;
	const date = new Date(value);
	return Number.isNaN(date.getTime()) ? undefined : date;
}

function isMapping(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Uint8Array) && !(value instanceof Date);
}

function describe(value: unknown): string {
	if (Array.isArray(value)) return value.length === 0 ? 'an empty list' : 'a list';
	if (typeof value === 'string') return `a string ('${value.length > 40 ? `${value.slice(0, 40)}…` : value}')`;
	if (typeof value === 'number') return `the number ${value}`;
	if (typeof value === 'boolean') return `${value}`;
	if (value instanceof Uint8Array) return 'binary data';
	return 'a mapping';
}

function memberList(members: ReadonlyMap<string, Shape>): string {
	const names = [...members.keys()];
	if (names.length === 0) return 'no members';
	return names.length > 8 ? `${names.slice(0, 8).join(', ')}, …` : names.join(', ');
}

function join(path: string, key: string): string {
	const segment = /^[A-Za-z_][\w-]*$/.test(key) ? key : JSON.stringify(key);
	if (!path) return /^[A-Za-z_]/.test(segment) ? segment : `[${segment}]`;
	return /^[A-Za-z_]/.test(segment) ? `${path}.${segment}` : `${path}[${segment}]`;
}

/** Strict base64: the alphabet, padded to a multiple of four. */
function isBase64(text: string): boolean {
	return text.length % 4 === 0 && /^[A-Za-z0-9+/]*={0,2}$/.test(text);
}
