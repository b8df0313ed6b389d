/**
 * The start of a value's JSON (as JSON.stringify writes it), at most `limit` characters, and whether
 * that is the whole of it. It stops writing once past `limit`, so a line that shows the first 500
 * characters of a BatchWriteItem of 25 items does not build its 10 KB first.
 */
export function jsonPrefix(value: unknown, limit: number): {readonly text: string; readonly complete: boolean} {
	const parts: string[] = [];
	let length = 0;
	const put = (text: string): boolean => {
		parts.push(text);
		length += text.length;
		return length <= limit;
	};
	const skipped = (item: unknown): boolean => item === undefined || typeof item === 'function' || typeof item === 'symbol';
	const walk = (node: unknown): boolean => {
		if (node === null || typeof node !== 'object' || typeof (node as {toJSON?: unknown}).toJSON === 'function') return put(JSON.stringify(node) ?? 'null');
		if (Array.isArray(node)) {
			if (!put('[')) return false;
			for (let index = 0; index < node.length; index++) {
				if (index > 0 && !put(',')) return false;
				const item: unknown = node[index];
				if (!walk(skipped(item) ? null : item)) return false;
			}
			return put(']');
		}
		if (!put('{')) return false;
		let first = true;
		for (const key of Object.keys(node)) {
			const item = (node as Record<string, unknown>)[key];
			if (skipped(item)) continue;
			if (!put(`${first ? '' : ','}${JSON.stringify(key)}:`)) return false;
			first = false;
			if (!walk(item)) return false;
		}
		return put('}');
	};
	const complete = walk(value);
	const text = parts.join('');
	return complete ? {text, complete} : {text: text.slice(0, limit), complete};
}
