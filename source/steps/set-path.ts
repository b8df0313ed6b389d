/**
 * Setting a dotted path (`dynamodb.table_name`, `replicas.0.region`) in a plain JSON value. A numeric
 * segment indexes an existing list; every other segment is a mapping key, and missing mappings on
 * the way are created. Nothing here mutates its arguments.
 */

/** A resolved segment: a mapping key, or the index of an item of an existing list. */
export type PathSegment = string | number;

type Mapping = Record<string, unknown>;

const index = /^(?:0|[1-9]\d*)$/;

export function isMapping(value: unknown): value is Mapping {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The segments of a dotted path; an empty path or segment is an error. */
export function parsePath(path: string): string[] {
	const segments = path.split('.');
	if (path === '' || segments.some(segment => segment === '')) {
		throw new Error(
			`invalid path "${path}": it must be keys separated by single dots, with no empty key, like "dynamodb.table_name" or "replicas.0.region"`,
		);
	}
	return segments;
}

/**
 * Checks that `path` can be set in `root` and returns its segments, with list indices as numbers.
 * `root` undefined is an empty document: the path is created in a new mapping.
 */
export function resolvePath(root: unknown, path: string): PathSegment[] {
	const segments = parsePath(path);
	const resolved: PathSegment[] = [];
	let current: unknown = root;
	for (const [position, segment] of segments.entries()) {
		const parent = position === 0 ? undefined : segments.slice(0, position).join('.');
		if (current === undefined) {
			// Below a missing key: everything from here on is a new mapping.
			resolved.push(segment);
			continue;
		}
		if (Array.isArray(current)) {
			const where = parent === undefined ? 'the document' : `"${parent}"`;
			const replaceWhole = parent === undefined ? '' : `; to add or remove items, set the whole list "${parent}"`;
			if (current.length === 0) {
				throw new Error(`cannot set "${path}": ${where} is an empty list, so it has no item "${segment}"${replaceWhole}`);
			}
			const indices = `from 0 to ${current.length - 1}`;
			if (!index.test(segment)) {
				throw new Error(`cannot set "${path}": ${where} is a list, so "${segment}" must be an item index ${indices}`);
			}
			const at = Number(segment);
			if (at >= current.length) {
				throw new Error(
					`cannot set "${path}": ${where} is a list of ${plural(current.length, 'item')}, so index ${at} is out of range; use an index ${indices}${replaceWhole}`,
				);
			}
			resolved.push(at);
			current = current[at];
			continue;
		}
		if (isMapping(current)) {
			resolved.push(segment);
			current = Object.hasOwn(current, segment) ? current[segment] : undefined;
			continue;
		}
		const what = describe(current);
		if (parent === undefined) {
			throw new Error(`cannot set "${path}": the document is ${what}, not a mapping; only keys of a mapping or items of a list can be set`);
		}
		throw new Error(
			`cannot set "${path}": "${parent}" is ${what}, not a mapping or list, so it has no "${segment}"; set "${parent}" itself, or fix the path`,
		);
	}
	return resolved;
}

/** The value at resolved segments, or undefined when it is not there. */
export function getPath(root: unknown, segments: readonly PathSegment[]): unknown {
	let current: unknown = root;
	for (const segment of segments) {
		if (Array.isArray(current) && typeof segment === 'number') current = current[segment];
		else if (isMapping(current) && Object.hasOwn(current, String(segment))) current = current[String(segment)];
		else return undefined;
	}
	return current;
}

/**
 * A copy of `root` with `value` at `path`: missing mappings are created, lists are indexed, and
 * anything else on the way is an error naming the path and what to do.
 */
export function setPath(root: unknown, path: string, value: unknown): unknown {
	if (value === undefined) throw new Error(`cannot set "${path}": it has no value; give it one, or null`);
	return setSegments(root, resolvePath(root, path), value);
}

/** Applies each `path: value` in order, as `setPath` does. */
export function setPaths(root: unknown, set: Readonly<Record<string, unknown>>): unknown {
	let result = root;
	for (const [path, value] of Object.entries(set)) result = setPath(result, path, value);
	return result;
}

function setSegments(current: unknown, segments: readonly PathSegment[], value: unknown): unknown {
	const [segment, ...rest] = segments;
	if (segment === undefined) return value;
	if (Array.isArray(current) && typeof segment === 'number') {
		const copy = [...current];
		copy[segment] = setSegments(current[segment], rest, value);
		return copy;
	}
	const mapping = isMapping(current) ? current : {};
	const key = String(segment);
	const existing = Object.hasOwn(mapping, key) ? mapping[key] : undefined;
	const copy: Mapping = {...mapping};
	// Defined rather than assigned, so a key like "__proto__" is an ordinary key.
	Object.defineProperty(copy, key, {value: setSegments(existing, rest, value), enumerable: true, writable: true, configurable: true});
	return copy;
}

function describe(value: unknown): string {
	if (value === null) return 'null';
	if (typeof value === 'string') return `a string (${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)})`;
	if (typeof value === 'number') return `a number (${value})`;
	if (typeof value === 'boolean') return `a boolean (${value})`;
	return `a ${typeof value}`;
}

function plural(count: number, noun: string): string {
	return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
