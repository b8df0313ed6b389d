/**
 * Records keyed by names that come from runbooks, flags and answers files. They have no prototype,
 * so a name such as `constructor`, `toString` or `__proto__` is only ever a key of its own, and a
 * lookup by a name that is not there is undefined, whatever the name.
 */
export type NameRecord<T> = Record<string, T>;

/** A record with no prototype, with these entries. */
export function record<T>(entries: Iterable<readonly [string, T]> | Readonly<Record<string, T>> = []): NameRecord<T> {
	const out = Object.create(null) as NameRecord<T>;
	const pairs = Symbol.iterator in entries ? (entries as Iterable<readonly [string, T]>) : Object.entries(entries as Record<string, T>);
	for (const [name, value] of pairs) out[name] = value;
	return out;
}

/** The value under a name, if the record itself has it (never one inherited from Object). */
export function own<T>(from: Readonly<Record<string, T>> | undefined, name: string): T | undefined {
	return from !== undefined && Object.prototype.hasOwnProperty.call(from, name) ? from[name] : undefined;
}
