/** Small Markdown builders that keep any text intact: backticks, pipes and newlines included. */

/** An inline code span that holds `text` exactly, whatever backticks it contains. */
export function code(text: string): string {
	const oneLine = text.replace(/\r?\n/g, ' ');
	const longest = Math.max(0, ...[...oneLine.matchAll(/`+/g)].map(match => match[0].length));
	const ticks = '`'.repeat(longest + 1);
	const pad = oneLine.startsWith('`') || oneLine.endsWith('`') ? ' ' : '';
	return `${ticks}${pad}${oneLine}${pad}${ticks}`;
}

/** A fenced code block whose fence is longer than any backtick run in `text`. */
export function fence(text: string, language = ''): string {
	const longest = Math.max(0, ...[...text.matchAll(/`{3,}/g)].map(match => match[0].length));
	const ticks = '`'.repeat(Math.max(3, longest + 1));
	return `${ticks}${language}\n${text.replace(/\n+$/, '')}\n${ticks}`;
}

/** A table cell: pipes escaped, lines joined with <br>. */
export function cell(text: string): string {
	return text.replace(/\|/g, '\\|').replace(/\r?\n/g, '<br>');
}

/** A GitHub-flavoured Markdown table; cells are already Markdown (run them through `cell`). */
export function table(headers: readonly string[], rows: readonly (readonly string[])[]): string {
	const line = (cells: readonly string[]): string => `| ${cells.map(text => (text === '' ? ' ' : text)).join(' | ')} |`;
	return [line(headers), line(headers.map(() => '---')), ...rows.map(line)].join('\n');
}

/** A value as it reads in the document: text as written, anything else as JSON. */
export function literal(value: unknown): string {
	return typeof value === 'string' ? value : JSON.stringify(value);
}

/** A value as inline code, or a dash when there is none. */
export function codeOrDash(value: unknown): string {
	return value === undefined || value === '' ? '—' : cell(code(literal(value)));
}

const listItem = /^\s{0,3}(?:[-*+]|\d{1,9}[.)])(?:\s|$)/;

/**
 * Blocks joined by blank lines. Two lists in a row would read as one list, so an empty HTML
 * comment goes between a block that ends with a list item and one that starts with one.
 */
export function joinBlocks(blocks: readonly string[]): string {
	let out = '';
	let previous = '';
	for (const block of blocks) {
		if (block === '') continue;
		if (out !== '') {
			const last = previous.split('\n').at(-1) ?? '';
			const first = block.split('\n')[0] ?? '';
			out += listItem.test(last) && listItem.test(first) ? '\n\n<!-- -->\n\n' : '\n\n';
		}
		out += block;
		previous = block;
	}
	return out;
}
