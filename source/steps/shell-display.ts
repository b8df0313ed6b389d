import {safePlace, shellParts, type Place} from './shell-context.js';

/**
 * The command as the operator reads it, with each value in place, quoted for where it stands, so
 * that the text run by bash does exactly what the script does with its parameters.
 */
export function displayCommand(text: string, values: readonly string[]): string {
	const parts = shellParts(text);
	let out = '';
	let index = 0;
	parts.forEach((part, position) => {
		if (part.kind === 'text') {
			out += part.text;
			return;
		}
		const place = safePlace(part.place, part.source);
		const next = parts[position + 1];
		// What follows in the text, up to the next value (which stands for text that could be anything).
		const after = next?.kind === 'text' ? next.text + (parts[position + 2] ? '\0' : '') : next ? '\0' : '';
		out = shown(out, values[index++] ?? '', place, after);
	});
	return out;
}

/**
 * A `'` inside single quotes: close them, a `'` in double quotes, open them again. (Not `'\''`:
 * bash 5.2 fails to parse that inside an array assignment in "$( … )".)
 */
const closeQuote = `'"'"'`;

/** How each place shows a value: around it, each piece of it, and what splits a line harmlessly. */
const forms = {
	// A word is single-quoted, unless it is a plain word of its own outside here-documents.
	word: {open: "'", escape: (text: string) => text.replace(/'/g, closeQuote), close: "'", split: "''"},
	single: {open: '', escape: (text: string) => text.replace(/'/g, closeQuote), close: '', split: "''"},
	double: {open: '', escape: (text: string) => text.replace(/(["\\$`])/g, '\\$1'), close: '', split: '""'},
	heredoc: {open: '', escape: (text: string) => text.replace(/([\\$`])/g, '\\$1'), close: '', split: '$()'},
};

/**
 * `out` followed by a value shown where it stands, so that bash reads it back as the script's
 * parameter. Inside here-document bodies, whose lines bash reads before anything else, a split
 * that reads as nothing (`''`, `""`, `$()`) keeps a line of the value from reading as a delimiter,
 * from losing its leading tabs under `<<-`, or from joining the next line after a backslash.
 */
function shown(out: string, value: string, place: Exclude<Place, {kind: 'unsafe'}>, after: string): string {
	if (place.kind === 'word' && place.heredocs.length === 0) {
		if (place.standalone) return out + shellQuote(value);
		if (bareInWord(out, value, after)) return out + value;
	}
	const form = forms[place.kind];
	let text = out + form.open;
	value.split('\n').forEach((piece, position, pieces) => {
		if (position > 0) text += '\n';
		const escaped = form.escape(piece);
		const line = text.slice(text.lastIndexOf('\n') + 1);
		const breaks = place.heredocs.some(heredoc => {
			const read = heredoc.strip ? (line + escaped).replace(/^\t+/, '') : line + escaped;
			// Bash ends a body inside $( ) at a line that only starts with the delimiter, too.
			const delimits = heredoc.delimiter.startsWith(read) || read.startsWith(heredoc.delimiter);
			return delimits || (heredoc.strip && /^\t*$/.test(line) && escaped.startsWith('\t'));
		});
		text += (breaks ? form.split : '') + escaped;
		const joins = /(^|[^\\])(\\\\)*\\$/.test(text.slice(text.lastIndexOf('\n') + 1));
		if (place.heredocs.length > 0 && joins && position < pieces.length - 1) text += form.split;
	});
	return text + form.close;
}

/** Words bash reads as keywords in command position: shown quoted, as the script passes them. */
const keywords = new Set(['if', 'then', 'else', 'elif', 'fi', 'do', 'done', 'while', 'until', 'for', 'in', 'case', 'esac', 'select', 'function', 'time', 'coproc']);

/** A word for a shell: bare when it is plain text that bash reads as itself, single-quoted otherwise. */
export function shellQuote(value: string): string {
	const plain = /^[A-Za-z0-9_@%+=:,./-]+$/.test(value) && !/^[A-Za-z_][A-Za-z0-9_]*\+?=/.test(value) && !keywords.has(value);
	return plain ? value : singleQuote(value);
}

function singleQuote(value: string): string {
	return `'${value.replace(/'/g, closeQuote)}'`;
}

/** Characters that mean the same to bash quoted or not, wherever they stand in a plain word. */
const plain = /^[A-Za-z0-9_./@%+:-]$/;

/**
 * True when a value that is part of a word can be shown bare: it and the text of the word around it
 * are plain characters (the text before may hold `=`, as in `--table=NAME`), so that nothing of
 * the word becomes a tilde, a brace, a glob, an assignment or a keyword that the quoted value is not.
 * `after` is the text that follows, with a NUL where another value comes.
 */
function bareInWord(out: string, value: string, after: string): boolean {
	if (value === '' || ![...value].every(char => plain.test(char))) return false;
	let start = out.length;
	while (start > 0 && (plain.test(out[start - 1]!) || out[start - 1] === '=')) start--;
	let end = 0;
	while (end < after.length && plain.test(after[end]!)) end++;
	const before = out[start - 1];
	const next = after[end];
	// A line continuation (backslash, line break) before would join the word to the one before it.
	const wordStart = before === undefined || (/[\s;&|(<>]/.test(before) && !(before === '\n' && out[start - 2] === '\\'));
	const wordEnd = next === undefined || /[\s;&|)<>]/.test(next);
	return wordStart && wordEnd && !keywords.has(out.slice(start) + value + after.slice(0, end));
}
