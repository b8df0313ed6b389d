import {parseTemplate, type Embedded} from '../expressions/template.js';

/**
 * Turns a runbook's shell text into a script where every `${{ }}` is a positional parameter
 * (`"${1}"`), so each value reaches the command as one literal argument and is never parsed by the
 * shell. The quoting around the parameter follows where the expression stands: bare, inside double
 * quotes, or inside single quotes.
 */
export function buildShellScript(text: string): {script: string; expressions: Embedded[]} {
	const template = parseTemplate(text);
	if (template.kind === 'literal') return {script: text, expressions: []};
	const parts = template.kind === 'expression' ? [{kind: 'expression' as const, source: template.source, offset: template.offset}] : template.parts;
	let script = '';
	let quote: 'none' | 'single' | 'double' = 'none';
	const expressions: Embedded[] = [];
	for (const part of parts) {
		if (part.kind === 'text') {
			script += part.text;
			quote = scanQuotes(part.text, quote);
			continue;
		}
		expressions.push({source: part.source, offset: part.offset});
		const parameter = `\${${expressions.length}}`;
		script += quote === 'double' ? parameter : quote === 'single' ? `'"${parameter}"'` : `"${parameter}"`;
	}
	return {script, expressions};
}

function scanQuotes(text: string, start: 'none' | 'single' | 'double'): 'none' | 'single' | 'double' {
	let quote = start;
	for (let index = 0; index < text.length; index++) {
		const char = text[index];
		if (quote === 'single') {
			if (char === "'") quote = 'none';
		} else if (char === '\\') {
			index++;
		} else if (quote === 'double') {
			if (char === '"') quote = 'none';
		} else if (char === "'") {
			quote = 'single';
		} else if (char === '"') {
			quote = 'double';
		}
	}
	return quote;
}

/** How a command reads with its values in place, each quoted for a shell (for screens and reports). */
export function displayCommand(text: string, values: readonly string[]): string {
	const template = parseTemplate(text);
	if (template.kind === 'literal') return text;
	const parts = template.kind === 'expression' ? [{kind: 'expression' as const, source: template.source, offset: template.offset}] : template.parts;
	let out = '';
	let quote: 'none' | 'single' | 'double' = 'none';
	let index = 0;
	for (const part of parts) {
		if (part.kind === 'text') {
			out += part.text;
			quote = scanQuotes(part.text, quote);
			continue;
		}
		const value = values[index++] ?? '';
		if (quote === 'double') out += value.replace(/(["\\$`])/g, '\\$1');
		else if (quote === 'single') out += `'${shellQuote(value)}'`;
		else out += shellQuote(value);
	}
	return out;
}

export function shellQuote(value: string): string {
	if (/^[A-Za-z0-9_@%+=:,./-]+$/.test(value)) return value;
	return `'${value.replace(/'/g, `'\\''`)}'`;
}
