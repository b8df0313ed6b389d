/** The most of a streamed response body (S3 GetObject) a step keeps: it goes into the journal. */
export const bodyLimit = 1024 * 1024;

type Streamed = {transformToByteArray(): Promise<Uint8Array>};

function isStreamed(value: unknown): value is Streamed {
	return value !== null && typeof value === 'object' && typeof (value as Partial<Streamed>).transformToByteArray === 'function';
}

/** A body too large to keep in a step's result. */
export class BodyTooLarge extends Error {
	constructor(readonly bytes: number) {
		super(
			`the response body is ${Math.ceil(bytes / 1024)} KiB; a step's result is kept in the run's journal, so belay reads at most ${bodyLimit / 1024} KiB: ` +
				'copy large objects with a shell step (aws s3 cp) instead',
		);
		this.name = 'BodyTooLarge';
	}
}

/**
 * The response with each streamed body (S3 GetObject's Body) read into bytes, so the result is a
 * value the journal can keep (a stream would be a socket). A body over `bodyLimit` fails the call.
 */
export async function readBodies(response: Record<string, unknown>): Promise<Record<string, unknown>> {
	let out = response;
	for (const [name, value] of Object.entries(response)) {
		if (!isStreamed(value)) continue;
		const length = typeof response['ContentLength'] === 'number' ? response['ContentLength'] : undefined;
		if (length !== undefined && length > bodyLimit) {
			(value as {destroy?: () => void}).destroy?.();
			throw new BodyTooLarge(length);
		}
		const bytes = await value.transformToByteArray();
		if (bytes.length > bodyLimit) throw new BodyTooLarge(bytes.length);
		out = {...out, [name]: bytes};
	}
	return out;
}

/**
 * SDK clients log to the console (warnings about responses, retries): never onto the operator's screen.
 * It has no `info`: the SDK calls it as `logger?.info?.({input: filter(input), output: filter(output)})`
 * after every call, and without it the SDK skips copying each request and response for that log line
 * (a fifth of the garbage of a bulk copy).
 */
export const quietLogger = {
	trace: (): void => undefined,
	debug: (): void => undefined,
	warn: (): void => undefined,
	error: (): void => undefined,
};
