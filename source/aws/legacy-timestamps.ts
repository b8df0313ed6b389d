/**
 * An old client (osis 3.332.0) reads every timestamp of a response as epoch seconds. An emulator
 * (moto) sends ISO 8601 texts: the client then prints a stack trace per field
 * (`Expected number but observed string: 2026-…`) and reads the year as seconds (1970-01-01T00:33:46Z).
 * A middleware between the HTTP response and the client's deserializer rewrites those members to
 * epoch seconds first, so the call succeeds with the right dates and nothing reaches the screen.
 */

const iso = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/;

/** The JSON value with ISO 8601 texts under `members` as epoch seconds; the same object when nothing changed. */
export function epochTimestamps(value: unknown, members: ReadonlySet<string>): unknown {
	if (Array.isArray(value)) {
		const items = value.map(item => epochTimestamps(item, members));
		return items.some((item, index) => item !== value[index]) ? items : value;
	}
	if (value === null || typeof value !== 'object') return value;
	let changed = false;
	const out: Record<string, unknown> = {};
	for (const [key, item] of Object.entries(value)) {
		const seconds = members.has(key) && typeof item === 'string' && iso.test(item) ? Date.parse(item) / 1000 : Number.NaN;
		out[key] = Number.isNaN(seconds) ? epochTimestamps(item, members) : seconds;
		if (out[key] !== item) changed = true;
	}
	return changed ? out : value;
}

type Handler = (args: unknown) => Promise<{response?: {body?: unknown}}>;
type Stack = {addRelativeTo(middleware: (next: Handler) => Handler, options: Record<string, unknown>): void};

/** Adds the rewrite to a client's middleware stack, just before its deserializer reads the body. */
export function addEpochTimestamps(client: {middlewareStack?: Stack}, members: readonly string[]): void {
	if (members.length === 0 || !client.middlewareStack) return;
	const names = new Set(members);
	client.middlewareStack.addRelativeTo(
		(next: Handler): Handler =>
			async args => {
				const result = await next(args);
				const response = result.response;
				if (response?.body === undefined || response.body === null) return result;
				const bytes = await collect(response.body);
				response.body = rewrite(bytes, names);
				return result;
			},
		{name: 'belayEpochTimestamps', relation: 'after', toMiddleware: 'deserializerMiddleware', override: true},
	);
}

function rewrite(bytes: Uint8Array, members: ReadonlySet<string>): Uint8Array {
	let json: unknown;
	try {
		json = JSON.parse(Buffer.from(bytes).toString('utf8'));
	} catch {
		return bytes;
	}
	const fixed = epochTimestamps(json, members);
	return fixed === json ? bytes : new Uint8Array(Buffer.from(JSON.stringify(fixed), 'utf8'));
}

async function collect(body: unknown): Promise<Uint8Array> {
	if (body instanceof Uint8Array) return body;
	if (typeof body === 'string') return new Uint8Array(Buffer.from(body, 'utf8'));
	const chunks: Buffer[] = [];
	for await (const chunk of body as AsyncIterable<Buffer | string>) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
	return new Uint8Array(Buffer.concat(chunks));
}
