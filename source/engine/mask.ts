export const MASK = '***';

/** Replaces every occurrence of a secret value inside strings of a JSON value with `***`. */
export function maskSecrets(value: unknown, secrets: readonly string[]): unknown {
	const needles = secrets.filter(secret => secret.length > 0).sort((a, b) => b.length - a.length);
	if (needles.length === 0) return value;
	const visit = (item: unknown): unknown => {
		if (typeof item === 'string') {
			let out = item;
			for (const needle of needles) out = out.split(needle).join(MASK);
			return out;
		}
		if (Array.isArray(item)) return item.map(visit);
		if (item !== null && typeof item === 'object') {
			return Object.fromEntries(Object.entries(item).map(([key, child]) => [key, visit(child)]));
		}
		return item;
	};
	return visit(value);
}

/** A value shown as `***` whole (secret inputs, secret steps' results). */
export function maskWhole(value: unknown): unknown {
	if (value === undefined) return undefined;
	if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
		return Object.fromEntries(Object.keys(value).map(key => [key, MASK]));
	}
	return MASK;
}
