/** A shared state place, from `--state dynamodb://TABLE[?region=...&endpoint=...]`. */
export type StateUrl = {readonly table: string; readonly region?: string; readonly endpoint?: string};

const tablePattern = /^[A-Za-z0-9_.-]{3,255}$/;

/** Parses a `--state` URL; a string is what is wrong with it (and what to write instead). */
export function parseStateUrl(text: string): StateUrl | string {
	const example = 'write it as dynamodb://TABLE or dynamodb://TABLE?region=eu-west-1';
	const match = /^dynamodb:\/\/([^?/]*)\/?(?:\?(.*))?$/.exec(text.trim());
	if (!match) return `--state '${text}' is not a state URL: ${example}`;
	const table = match[1]!;
	if (!tablePattern.test(table)) return `--state '${text}': '${table}' is not a DynamoDB table name (3 to 255 letters, digits, '_', '-', '.'): ${example}`;
	const query = new URLSearchParams(match[2] ?? '');
	for (const key of query.keys()) {
		if (key !== 'region' && key !== 'endpoint') return `--state '${text}': unknown option '${key}' (region and endpoint are known): ${example}`;
	}
	const region = query.get('region') ?? undefined;
	const endpoint = query.get('endpoint') ?? undefined;
	if (endpoint !== undefined && !/^https?:\/\/[^\s]+$/.test(endpoint)) return `--state '${text}': endpoint '${endpoint}' is not an http(s) URL`;
	return {table, ...(region ? {region} : {}), ...(endpoint ? {endpoint} : {})};
}
