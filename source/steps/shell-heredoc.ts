/**
 * Here-documents as bash reads them: `<<WORD` or `<<-WORD` (leading tabs stripped), quoted
 * (`<<'EOF'`, `<<"EOF"`, `<<\EOF`: nothing in the body expands) or not; the body starts on the line
 * after the command and ends at a line that is exactly the delimiter.
 */

/** A here-document whose body is still to come. */
export type Heredoc = {readonly delimiter: string; readonly strip: boolean; readonly quoted: boolean};

/** Where a `${{ }}` that starts at an offset ends, or undefined when none starts there. */
export type HoleEnd = (offset: number) => number | undefined;

const wordEnd = /[\s;&|()<>]/;

/**
 * Reads the delimiter word after `<<` or `<<-` (at `from`, blanks allowed before it). Returns the
 * here-document and where the word ends, or `holeAt` when a `${{ }}` stands in the word.
 */
export function readDelimiter(
	text: string,
	from: number,
	limit: number,
	holeEnd: HoleEnd,
): {heredoc: Heredoc; end: number} | {holeAt: number; end: number} | {empty: true; end: number} {
	let at = from;
	const strip = text[at] === '-';
	if (strip) at++;
	while (text[at] === ' ' || text[at] === '\t') at++;
	let delimiter = '';
	let quoted = false;
	while (at < limit) {
		if (holeEnd(at) !== undefined) return {holeAt: at, end: holeEnd(at)!};
		const char = text[at]!;
		if (wordEnd.test(char)) break;
		if (char === '\\') {
			quoted = true;
			if (holeEnd(at + 1) !== undefined) return {holeAt: at + 1, end: holeEnd(at + 1)!};
			delimiter += text[at + 1] ?? '';
			at += 2;
		} else if (char === "'" || char === '"') {
			quoted = true;
			let close = at + 1;
			while (close < limit && text[close] !== char) {
				if (char === '"' && text[close] === '\\' && '"\\$`'.includes(text[close + 1] ?? '')) close++;
				if (holeEnd(close) !== undefined) return {holeAt: close, end: holeEnd(close)!};
				delimiter += text[close];
				close++;
			}
			at = close + 1;
		} else {
			delimiter += char;
			at++;
		}
	}
	if (delimiter === '' && !quoted) return {empty: true, end: at};
	return {heredoc: {delimiter, strip, quoted}, end: Math.min(at, limit)};
}

/**
 * Where the body starting at `from` ends: the start of its delimiter line (or `limit` when the
 * delimiter never comes, which bash accepts with a warning) and the offset after that line. A line
 * holding a `${{ }}` is never the delimiter; in an unquoted body, a line ending in an odd number of
 * backslashes joins the next one, which then is not a delimiter either. `nested`: the here-document
 * is inside `$( )` or `<( )`, where bash 5.2 also ends the body at a line that starts with the
 * delimiter and goes on (`EOF)`); such a line makes the result `unsure`.
 */
export function bodyEnd(
	text: string,
	from: number,
	limit: number,
	heredoc: Heredoc,
	holeEnd: HoleEnd,
	nested: boolean,
): {end: number; after: number; unsure?: true} {
	let lineStart = from;
	let joined = false;
	for (;;) {
		let at = lineStart;
		let holds = false;
		while (at < limit && text[at] !== '\n') {
			const end = holeEnd(at);
			holds ||= end !== undefined;
			at = end ?? at + 1;
		}
		const line = text.slice(lineStart, at);
		const candidate = heredoc.strip ? line.replace(/^\t+/, '') : line;
		if (!holds && !joined && candidate === heredoc.delimiter) return {end: lineStart, after: Math.min(at + 1, limit)};
		if (nested && !joined && candidate.startsWith(heredoc.delimiter)) return {end: lineStart, after: Math.min(at + 1, limit), unsure: true};
		if (at >= limit) return {end: limit, after: limit};
		joined = !heredoc.quoted && /(^|[^\\])(\\\\)*\\$/.test(line);
		lineStart = at + 1;
	}
}
