// The width of a text's widest line, as the widest-line package gives it, kept for the texts a screen
// drew lately: Ink asks for it for every text on the screen at every redraw.
import stringWidth, {isPrintableAscii} from './string-width.js';
import {Recent} from './recent.js';

// Weighed by their characters, not counted: a few long texts (a pasted JSON, a wide table) weigh what
// thousands of short lines do, and what is kept stays some 64,000 characters a generation either way
// (test/ui/ink-caches.test.ts). A screen's texts are a few thousand.
const widths = new Recent<number>(64_000, key => key.length);
const linesOf = new Recent<readonly string[]>(64_000, key => key.length);

/** The width of one line (no newline in it) in columns. */
export function widthOf(text: string): number {
	return isPrintableAscii(text) ? text.length : widths.through(text, stringWidth);
}

/** A text's lines, split at newlines. */
export const linesIn = (text: string): readonly string[] => linesOf.through(text, () => text.split('\n'));

export default function widestLine(text: string): number {
	let widest = 0;
	for (const line of linesIn(text)) widest = Math.max(widest, widthOf(line));
	return widest;
}
