/**
 * A bounded cache of what was computed lately, in two generations: when the young one has taken in
 * `limit` (by `weigh`), it becomes the old one and the one before is dropped; a hit in the old one
 * moves back to the young. What a screen shows frame after frame stays; a million lines of output
 * scrolled past do not.
 */
export class Recent<V> {
	private young = new Map<string, V>();
	private old = new Map<string, V>();
	private weight = 0;

	constructor(
		private readonly limit: number,
		private readonly weigh: (key: string, value: V) => number = () => 1,
	) {}

	get(key: string): V | undefined {
		const young = this.young.get(key);
		if (young !== undefined) return young;
		const old = this.old.get(key);
		if (old !== undefined) this.set(key, old);
		return old;
	}

	set(key: string, value: V): void {
		const weight = this.weigh(key, value);
		if (this.weight + weight > this.limit && this.young.size > 0) {
			this.old = this.young;
			this.young = new Map();
			this.weight = 0;
		}
		this.young.set(key, value);
		this.weight += weight;
	}

	/** The value for `key`, computed by `make` when it is not here. */
	through(key: string, make: (key: string) => V): V {
		let value = this.get(key);
		if (value === undefined) {
			value = make(key);
			this.set(key, value);
		}
		return value;
	}
}
