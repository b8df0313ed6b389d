import type {z} from 'zod';
import {didYouMean, suggest} from './suggest.js';
import type {Path, YamlSource} from './yaml-source.js';
import type {Problem} from './types.js';

type Issue = z.core.$ZodIssue;

/** Parses `data` with `schema`; problems are located in `source` under `base`. */
export function parseWith<T extends z.ZodType>(
	schema: T,
	data: unknown,
	source: YamlSource,
	base: Path,
	problems: Problem[],
	knownKeys?: (path: Path) => readonly string[] | undefined,
): z.output<T> | undefined {
	const result = schema.safeParse(data, {reportInput: true});
	if (result.success) return result.data;
	for (const issue of result.error.issues) problems.push(...issueProblems(issue, data, source, base, knownKeys));
	return undefined;
}

function issueProblems(
	issue: Issue,
	root: unknown,
	source: YamlSource,
	base: Path,
	knownKeys?: (path: Path) => readonly string[] | undefined,
): Problem[] {
	const path = [...base, ...(issue.path as (string | number)[])];
	const where = describePath(path);
	switch (issue.code) {
		case 'unrecognized_keys':
			return issue.keys.map(key => {
				const keys = knownKeys?.(path) ?? [];
				return source.problem(
					source.keyPosition([...path, key]),
					`unknown key '${key}'${where ? ` in ${where}` : ''}${didYouMean(key, keys)}`,
				);
			});
		case 'invalid_union': {
			const input = valueAt(root, issue.path as (string | number)[]);
			const matching = issue.errors.filter(
				branch => !(branch.length === 1 && branch[0]!.code === 'invalid_type' && branch[0]!.path.length === 0),
			);
			if (matching.length > 0 && issue.errors.length > 1) {
				const best = matching.reduce((a, b) => (b.length < a.length ? b : a));
				return best.flatMap(inner =>
					issueProblems({...inner, path: [...issue.path, ...inner.path]} as Issue, root, source, base, knownKeys),
				);
			}
			const expected = issue.errors
				.map(branch => (branch[0]?.code === 'invalid_type' ? branch[0].expected : undefined))
				.filter((type): type is NonNullable<typeof type> => type !== undefined);
			const message = expected.length
				? `expected ${unique(expected).map(article).join(' or ')}, got ${kindOf(input)}`
				: issue.message;
			return [source.problem(source.valuePosition(path), withWhere(where, message))];
		}
		case 'invalid_type': {
			const input = valueAt(root, issue.path as (string | number)[]);
			if (input === undefined) return missingKey(issue, root, source, path, knownKeys);
			const custom = issue.message.startsWith('Invalid input') ? undefined : issue.message;
			return [
				source.problem(
					source.valuePosition(path),
					withWhere(where, custom ?? `expected ${article(issue.expected)}, got ${kindOf(input)}`),
				),
			];
		}
		case 'invalid_value':
			if (valueAt(root, issue.path as (string | number)[]) === undefined) {
				return missingKey(issue, root, source, path, knownKeys);
			}
			return [
				source.problem(
					source.valuePosition(path),
					withWhere(
						where,
						issue.message.startsWith('Invalid')
							? `expected one of ${issue.values.map(value => JSON.stringify(value)).join(', ')}, got ${JSON.stringify(valueAt(root, issue.path as (string | number)[]))}`
							: issue.message,
					),
				),
			];
		case 'invalid_key':
			return [
				source.problem(source.keyPosition(path.slice(0, -1).concat(String(path[path.length - 1]))), withWhere(where, issue.issues[0]?.message ?? issue.message)),
			];
		default:
			return [source.problem(source.valuePosition(path), withWhere(where, friendly(issue)))];
	}
}

/**
 * A required key that is not there. When a key of the same mapping is an unknown key that is a
 * likely typo of it, that key's problem already says "did you mean", so this one is not repeated.
 */
function missingKey(
	issue: Issue,
	root: unknown,
	source: YamlSource,
	path: Path,
	knownKeys?: (path: Path) => readonly string[] | undefined,
): Problem[] {
	const parent = path.slice(0, -1);
	const key = String(path[path.length - 1]);
	const known = knownKeys?.(parent);
	const siblings = valueAt(root, (issue.path as (string | number)[]).slice(0, -1));
	if (known && siblings !== null && typeof siblings === 'object' && !Array.isArray(siblings)) {
		const typo = Object.keys(siblings).some(sibling => !known.includes(sibling) && suggest(sibling, known) === key);
		if (typo) return [];
	}
	return [
		source.problem(
			source.valuePosition(parent),
			`missing required key '${key}'${parent.length ? ` in ${describePath(parent)}` : ''}`,
		),
	];
}

function friendly(issue: Issue): string {
	if (issue.code === 'too_small' && issue.origin === 'string' && issue.minimum === 1) return 'must not be empty';
	if (issue.code === 'too_small' && issue.origin === 'array' && issue.message.startsWith('Too small')) {
		return `needs at least ${String(issue.minimum)} item(s)`;
	}
	if (issue.code === 'too_small' && issue.message.startsWith('Too small')) return `must be at least ${String(issue.minimum)}`;
	if (issue.code === 'too_big' && issue.message.startsWith('Too big')) return `must be at most ${String(issue.maximum)}`;
	return issue.message;
}

function withWhere(where: string, message: string): string {
	return where ? `${where}: ${message}` : message;
}

/** `steps[2].aws.input` → `steps[2].aws.input`; the path as an author would read it. */
export function describePath(path: Path): string {
	let out = '';
	for (const segment of path) out += typeof segment === 'number' ? `[${segment}]` : out ? `.${segment}` : segment;
	return out;
}

function valueAt(root: unknown, path: readonly (string | number)[]): unknown {
	let current = root;
	for (const segment of path) {
		if (current === null || typeof current !== 'object') return undefined;
		current = (current as Record<string | number, unknown>)[segment];
	}
	return current;
}

export function kindOf(value: unknown): string {
	if (value === null) return 'null (an empty value)';
	if (Array.isArray(value)) return 'a list';
	if (typeof value === 'object') return 'a mapping';
	if (typeof value === 'string') return `the string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`;
	return `${typeof value} ${String(value)}`;
}

function article(type: string): string {
	const names: Record<string, string> = {
		object: 'a mapping',
		array: 'a list',
		string: 'a string',
		number: 'a number',
		int: 'a whole number',
		boolean: 'true or false',
		record: 'a mapping',
	};
	return names[type] ?? type;
}

function unique<T>(items: T[]): T[] {
	return [...new Set(items)];
}
