import type {StepState} from './state.js';

/**
 * Where a foreach's items already are in the journal: elements of an earlier step's result (a
 * Scan's `Items`, filtered or not), named by the step, the path to the list and runs of indexes
 * (`[start, length]`). A foreach over 80,000 scanned items records this instead of copying them.
 */
export type ItemsFrom = {
	readonly key: string;
	readonly path: readonly string[];
	readonly ranges: readonly (readonly [number, number])[];
};

/** How deep in a step's result a list of items is looked for (`result.Items` is 1). */
const searchDepth = 3;

/**
 * Pure: where the items are in the steps' results, when every item is an object of one list there
 * (the very objects, as an expression that selects or filters a result hands them on); undefined
 * when any is not (a computed item, a number, or items from two lists), and the items are recorded.
 */
export function findItemsFrom(items: readonly unknown[], steps: Readonly<Record<string, StepState>>): ItemsFrom | undefined {
	const first = items[0];
	if (items.length === 0 || !isObject(first)) return undefined;
	for (const [key, state] of Object.entries(steps)) {
		if (state.status !== 'succeeded' || !isObject(state.result)) continue;
		for (const {path, list} of listsIn(state.result, [], searchDepth)) {
			if (!list.includes(first)) continue;
			const ranges = rangesOf(items, list);
			if (ranges) return {key, path, ranges};
		}
	}
	return undefined;
}

/** Pure: the items an `ItemsFrom` names, from the steps' results; throws when they are not there. */
export function resolveItemsFrom(from: ItemsFrom, steps: Readonly<Record<string, StepState>>): unknown[] {
	let value: unknown = steps[from.key]?.result;
	for (const segment of from.path) value = isObject(value) && Object.hasOwn(value, segment) ? (value as Record<string, unknown>)[segment] : undefined;
	if (!Array.isArray(value)) throw new Error(`the foreach items are in ${[`steps.${from.key}.result`, ...from.path].join('.')}, which the journal does not hold`);
	const items: unknown[] = [];
	for (const [start, length] of from.ranges) {
		if (start < 0 || start + length > value.length) throw new Error(`the foreach items ${start} to ${start + length - 1} are not in steps.${from.key}.result`);
		for (let index = start; index < start + length; index++) items.push(value[index]);
	}
	return items;
}

/** Splits items into chunks of `batch` (all in one list of one chunk each when there is no batch). */
export function chunked(items: readonly unknown[], batch: number | undefined): unknown[] {
	if (!batch) return [...items];
	return Array.from({length: Math.ceil(items.length / batch)}, (_, index) => items.slice(index * batch, (index + 1) * batch));
}

/** Every list (of objects) in a result down to `depth` levels, with its path of keys. */
function* listsIn(value: Record<string, unknown>, path: readonly string[], depth: number): Generator<{path: readonly string[]; list: readonly unknown[]}> {
	for (const [name, child] of Object.entries(value)) {
		if (Array.isArray(child)) {
			if (child.length > 0 && isObject(child[0])) yield {path: [...path, name], list: child};
		} else if (isObject(child) && depth > 1) {
			yield* listsIn(child, [...path, name], depth - 1);
		}
	}
}

/** The items as runs of indexes of `list`, or undefined when one of them is not an element of it. */
function rangesOf(items: readonly unknown[], list: readonly unknown[]): [number, number][] | undefined {
	const position = new Map<unknown, number>();
	list.forEach((element, index) => {
		if (isObject(element) && !position.has(element)) position.set(element, index);
	});
	const ranges: [number, number][] = [];
	for (const item of items) {
		const index = position.get(item);
		if (index === undefined) return undefined;
		const last = ranges[ranges.length - 1];
		if (last && last[0] + last[1] === index) last[1]++;
		else ranges.push([index, 1]);
	}
	return ranges;
}

function isObject(value: unknown): value is Record<string, unknown> {
	return value !== null && typeof value === 'object' && !Array.isArray(value);
}
