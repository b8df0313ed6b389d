/**
 * A JSON value with each scalar (string, number, boolean, null) replaced by what `leaf` makes of it,
 * lists and mappings rebuilt around them: the one walk behind masking and plain-text results.
 */
export function mapJson(value: unknown, leaf: (scalar: unknown) => unknown): unknown {
	if (Array.isArray(value)) return value.map(item => mapJson(item, leaf));
	if (value !== null && typeof value === 'object') {
		return Object.fromEntries(Object.entries(value).map(([name, child]) => [name, mapJson(child, leaf)]));
	}
	return leaf(value);
}
