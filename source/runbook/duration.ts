/** Durations as runbooks write them: `90s`, `15m`, `8h`, `1h30m`, `2d`, `500ms`. */
const unitMs: Record<string, number> = {ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000};
const whole = /^(?:\d+(?:ms|s|m|h|d))+$/;
/** The shape of a duration, for the JSON Schema (zero is refused by parseDuration, not by this). */
export const durationPattern = whole.source;
const part = /(\d+)(ms|s|m|h|d)/g;

/** Milliseconds for a duration string, or undefined when it is not one. */
export function parseDuration(text: string): number | undefined {
	if (!whole.test(text)) return undefined;
	let total = 0;
	for (const match of text.matchAll(part)) total += Number(match[1]) * unitMs[match[2]!]!;
	return total > 0 ? total : undefined;
}

/** A short human form of a duration in milliseconds: `1h 30m`, `45s`, `250ms`. */
export function formatDuration(ms: number): string {
	if (ms < 1000) return `${Math.round(ms)}ms`;
	let seconds = Math.round(ms / 1000);
	const parts: string[] = [];
	for (const [unit, size] of [
		['d', 86_400],
		['h', 3600],
		['m', 60],
	] as const) {
		if (seconds >= size) {
			parts.push(`${Math.floor(seconds / size)}${unit}`);
			seconds %= size;
		}
	}
	if (seconds > 0 || parts.length === 0) parts.push(`${seconds}s`);
	return parts.join(' ');
}
