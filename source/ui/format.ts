import wrapAnsi from 'wrap-ansi';
/** Short human durations for the screen: 4s, 2m 05s, 1h 03m. */
export function shortDuration(ms: number): string {
	const seconds = Math.max(0, Math.round(ms / 1000));
	if (seconds < 60) return `${seconds}s`;
	const minutes = Math.floor(seconds / 60);
	if (minutes < 60) return `${minutes}m ${String(seconds % 60).padStart(2, '0')}s`;
	return `${Math.floor(minutes / 60)}h ${String(minutes % 60).padStart(2, '0')}m`;
}

/** Cuts text to `width` columns at a word boundary where it can, ending with … when cut. */
export function fit(text: string, width: number): string {
	if (width <= 1) return '';
	const line = text.replace(/\s+/g, ' ').trim();
	if (line.length <= width) return line;
	const cut = line.slice(0, width - 1);
	const space = cut.lastIndexOf(' ');
	return `${space > width / 2 ? cut.slice(0, space) : cut}…`;
}

/**
 * Text cut into at most `rows` lines of `width` columns: its own line breaks kept (a command of
 * several lines), each line cut at the width, and … at the end when anything was left out.
 */
export function clipLines(text: string, width: number, rows: number): string[] {
	if (width <= 1 || rows <= 0) return [];
	const lines: string[] = [];
	for (const line of text.split('\n')) {
		for (let start = 0; start === 0 || start < line.length; start += width) lines.push(line.slice(start, start + width));
	}
	if (lines.length <= rows) return lines;
	const shown = lines.slice(0, rows);
	shown[rows - 1] = `${shown[rows - 1]!.slice(0, width - 1)}…`;
	return shown;
}

/** Text wrapped at spaces into lines of at most `width` columns (a word longer than that is cut). */
export function wrapWords(text: string, width: number): string[] {
	if (width <= 1) return [];
	const lines: string[] = [];
	let line = '';
	for (const word of text.split(/\s+/).filter(Boolean)) {
		for (let rest = word; rest; ) {
			const room = line ? width - line.length - 1 : width;
			if (rest.length <= room) {
				line = line ? `${line} ${rest}` : rest;
				rest = '';
			} else if (line) {
				lines.push(line);
				line = '';
			} else {
				lines.push(rest.slice(0, width));
				rest = rest.slice(width);
			}
		}
	}
	if (line) lines.push(line);
	return lines;
}

/**
 * How many rows Ink draws `text` in when it wraps it at `width` columns (its own call: wrap-ansi,
 * hard, not trimmed), its line breaks and wide characters included.
 */
export function rowsOf(text: string, width: number): number {
	if (width <= 0) return text.split('\n').length;
	return wrapAnsi(text, width, {hard: true, trim: false}).split('\n').length;
}

/** Text cut to `width` columns in the middle, keeping its start and its end ("arn:aws:…:2024-05-01"). */
export function fitMiddle(text: string, width: number): string {
	if (text.length <= width) return text;
	if (width <= 1) return text.slice(0, Math.max(0, width));
	const head = Math.ceil((width - 1) / 2);
	return `${text.slice(0, head)}…${text.slice(text.length - (width - 1 - head))}`;
}

/** The first `rows` of wrapped lines, the last of them marked as cut ("… " or a last "…") when some were left out. */
export function keepLines(lines: readonly string[], rows: number, width: number): string[] {
	if (lines.length <= rows) return [...lines];
	if (rows <= 0) return [];
	const last = lines[rows - 1]!;
	return [...lines.slice(0, rows - 1), last.length > width - 2 ? `${last.slice(0, width - 3)}…` : `${last} …`];
}
