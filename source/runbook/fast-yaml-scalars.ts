// The scalars fastYaml reads (fast-yaml.ts), with yaml's rules for them; anything else gives up.

/** fastYaml gives up: the text is left to yaml. */
export class GiveUp extends Error {}
export const giveUp = (): never => {
	throw new GiveUp();
};

/**
 * Folded lines: one line break between two lines is a space, each blank line a line break. Lines
 * indented further (kept as they are by YAML), lines ending in spaces and leading blank lines are
 * left to yaml.
 */
export function folded(parts: readonly string[]): string {
	let out = '';
	let blanks = 0;
	for (const [index, part] of parts.entries()) {
		if (part === '') {
			if (index === 0) giveUp();
			blanks++;
			continue;
		}
		if (part.startsWith(' ') || part.endsWith(' ')) giveUp();
		if (index > 0) out += blanks > 0 ? '\n'.repeat(blanks) : ' ';
		out += part;
		blanks = 0;
	}
	return out;
}

/** What the core schema reads as other than a string (yaml's own tests); only the plainest are read here. */
export const notString = [
	/^(?:~|[Nn]ull|NULL)?$/,
	/^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$/,
	/^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/,
	/^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+$/,
	/^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)$/,
	/^0o[0-7]+$/,
	/^[-+]?[0-9]+$/,
	/^0x[0-9a-fA-F]+$/,
];

/** A plain scalar's value: the text, or `true`, `false`, `null` and decimal numbers without signs or leading zeros. */
export function plainValue(raw: string): unknown {
	if (!notString.some(test => test.test(raw))) return raw;
	if (raw === 'true') return true;
	if (raw === 'false') return false;
	if (raw === 'null') return null;
	if (/^(?:0|[1-9][0-9]{0,14})(?:\.[0-9]{1,15})?$/.test(raw)) return Number(raw);
	return giveUp();
}

export function singleQuoted(text: string, column: number): {value: string; end: number} {
	let value = '';
	for (let at = column + 1; at < text.length; at++) {
		if (text[at] === "'") {
			if (text[at + 1] === "'") {
				value += "'";
				at++;
				continue;
			}
			return {value, end: at + 1};
		}
		value += text[at];
	}
	return giveUp();
}

const escapes: Readonly<Record<string, string>> = {'"': '"', '\\': '\\', '/': '/', n: '\n', t: '\t'};

export function doubleQuoted(text: string, column: number): {value: string; end: number} {
	let value = '';
	for (let at = column + 1; at < text.length; at++) {
		const char = text[at]!;
		if (char === '"') return {value, end: at + 1};
		if (char === '\\') {
			const escaped = escapes[text[at + 1] ?? ''];
			if (escaped === undefined) giveUp();
			value += escaped;
			at++;
			continue;
		}
		value += char;
	}
	return giveUp();
}
