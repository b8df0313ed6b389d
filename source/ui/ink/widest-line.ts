// The width of a text's widest line, as the widest-line package gives it, kept for the texts a screen
// drew lately: Ink asks for it for every text on the screen at every redraw.
import stringWidth from 'string-width';
import {Recent} from './recent.js';

const widths = new Recent<number>(4096);
const linesOf = new Recent<readonly string[]>(4096);

/**
 * The characters beyond ASCII that belay's screens draw (rules, marks, arrows): each is one column
 * wide and never joins a neighbour into one character, so a line of them and printable ASCII is as
 * wide as it is long. string-width would split it into graphemes (Intl.Segmenter) and test each
 * against Unicode property classes: on the run screen's first frame, some 15 ms for its rules and
 * marks. test/ui/ink-output.test.ts holds each to string-width's answer.
 */
export const narrowMarks = '─·…↓↑✘✔⏸›▶—❯◌▷↷×✎⚠◷◶◵◴○↺’●◐✖';
const asWideAsLong = new RegExp(`^[\\x20-\\x7e${narrowMarks}]*$`);
const measure = (text: string): number => (asWideAsLong.test(text) ? text.length : stringWidth(text));

/** The width of one line (no newline in it) in columns. */
export function widthOf(text: string): number {
	if (text.length === 1) {
		const code = text.charCodeAt(0);
		if (code >= 0x20 && code < 0x7f) return 1;
	}
	return widths.through(text, measure);
}

/** A text's lines, split at newlines. */
export const linesIn = (text: string): readonly string[] => linesOf.through(text, () => text.split('\n'));

export default function widestLine(text: string): number {
	let widest = 0;
	for (const line of linesIn(text)) widest = Math.max(widest, widthOf(line));
	return widest;
}
