import {MASK, Masker} from './masker.js';

export {MASK};

/** Replaces every occurrence of a secret value inside strings of a JSON value with `***`. */
export function maskSecrets(value: unknown, secrets: readonly string[]): unknown {
	return new Masker(secrets).value(value);
}

/** A value shown as `***` whole (secret inputs, secret steps' results). */
export function maskWhole(value: unknown): unknown {
	if (value === undefined) return undefined;
	if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
		return Object.fromEntries(Object.keys(value).map(key => [key, MASK]));
	}
	return MASK;
}
