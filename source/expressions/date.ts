/** `$date(pattern[, iso])`: tokens YYYY MM DD HH mm ss, in UTC. */
export function formatDate(pattern: string, date: Date): string {
	const pad = (value: number, width = 2): string => String(value).padStart(width, '0');
	const tokens: Record<string, string> = {
		YYYY: pad(date.getUTCFullYear(), 4),
		MM: pad(date.getUTCMonth() + 1),
		DD: pad(date.getUTCDate()),
		HH: pad(date.getUTCHours()),
		mm: pad(date.getUTCMinutes()),
		ss: pad(date.getUTCSeconds()),
	};
	return pattern.replace(/YYYY|MM|DD|HH|mm|ss/g, token => tokens[token]!);
}

/** Reads the optional second argument of `$date`: an ISO time, or now. */
export function dateArgument(iso: unknown, now: Date): Date {
	if (iso === undefined || iso === null) return now;
	const date = new Date(String(iso));
	if (Number.isNaN(date.getTime())) throw new Error(`$date: '${String(iso)}' is not an ISO date-time`);
	return date;
}
