// The width of a string in terminal columns, as string-width 8.3 (Sindre Sorhus, MIT) gives it, for
// Ink's layout and drawing (scripts/build.mjs routes the bundle's string-width here). The same
// algorithm, but its Unicode machinery is built when a text first needs it: string-width builds an
// Intl.Segmenter and the RGI_Emoji expression as it loads and compiles that expression on its first
// use beyond ASCII, together 50-90 ms of CPU before a first frame with a "·" in it. A text of
// printable ASCII, belay's own marks and Latin letters (escape codes aside) is as wide as it is long,
// and never needs it. test/ui/string-width.test.ts holds it to string-width's answers.
import {eastAsianWidth} from 'get-east-asian-width';
import stripAnsi from 'strip-ansi';

/**
 * The characters beyond ASCII that belay's screens draw: Latin letters, box drawing (rules and
 * borders), Braille (spinners), arrows, and the marks of belay and its prompts. Each is one column
 * wide and never joins a neighbour into one character.
 */
export const narrowRanges: readonly (readonly [number, number])[] = [
	[0xa0, 0xac],
	[0xae, 0x17f],
	[0x2190, 0x2199],
	[0x2500, 0x257f],
	[0x2800, 0x28ff],
];
export const narrowMarks = '·…›—×’ℹ✘✔✖✎⚠⏸▶▷❯◌○●◐◯◉◼■░◷◶◵◴↷↺☐☒';
const hex = (code: number): string => `\\u${code.toString(16).padStart(4, '0')}`;
const asWideAsLong = new RegExp(`^[\\x20-\\x7e${narrowRanges.map(([from, to]) => `${hex(from)}-${hex(to)}`).join('')}${narrowMarks}]*$`);

type Unicode = {
	readonly segmenter: Intl.Segmenter;
	readonly visibleCharacter: RegExp;
	readonly spacingMark: RegExp;
	readonly rgiEmoji: RegExp;
	readonly extendedPictographic: RegExp;
};
let built: Unicode | undefined;
function unicode(): Unicode {
	built ??= {
		segmenter: new Intl.Segmenter(),
		// Matches a visible (printing) character: a single negated class (see string-width for why).
		visibleCharacter: new RegExp('[^\\p{Default_Ignorable_Code_Point}\\p{Control}\\p{Format}\\p{Nonspacing_Mark}\\p{Enclosing_Mark}\\p{Surrogate}]', 'v'),
		spacingMark: new RegExp('\\p{Spacing_Mark}', 'v'),
		rgiEmoji: new RegExp('^\\p{RGI_Emoji}$', 'v'),
		extendedPictographic: new RegExp('\\p{Extended_Pictographic}', 'gu'),
	};
	return built;
}

const unqualifiedKeycap = /^[\d#*]\u20E3$/;

function isDoubleWidthNonRgiEmojiSequence(segment: string): boolean {
	if (segment.length > 50) return false;
	if (unqualifiedKeycap.test(segment)) return true;
	if (segment.includes('\u200D')) {
		const pictographics = segment.match(unicode().extendedPictographic);
		return pictographics !== null && pictographics.length >= 2;
	}
	return false;
}

/** The cluster from its first visible character, or undefined when all of it is zero-width. */
function baseVisible(segment: string): string | undefined {
	const index = segment.search(unicode().visibleCharacter);
	return index === -1 ? undefined : segment.slice(index);
}

const isLeadingJamo = (code: number | undefined): boolean => code !== undefined && ((code >= 0x1100 && code <= 0x115f) || (code >= 0xa960 && code <= 0xa97c));
const isVowelJamo = (code: number | undefined): boolean => code !== undefined && ((code >= 0x1160 && code <= 0x11a7) || (code >= 0xd7b0 && code <= 0xd7c6));
const isTrailingJamo = (code: number | undefined): boolean => code !== undefined && ((code >= 0x11a8 && code <= 0x11ff) || (code >= 0xd7cb && code <= 0xd7fb));
const isJamo = (code: number): boolean => isLeadingJamo(code) || isVowelJamo(code) || isTrailingJamo(code);

type WidthOptions = {readonly ambiguousAsWide: boolean};

function hangulClusterWidth(visible: string, options: WidthOptions): number | undefined {
	const codes: number[] = [];
	for (const character of visible) if (unicode().visibleCharacter.test(character)) codes.push(character.codePointAt(0)!);
	if (codes.length === 0) return undefined;
	let width = 0;
	for (let index = 0; index < codes.length; index++) {
		const code = codes[index]!;
		if (!isJamo(code)) {
			if (width === 0) return undefined;
			for (let remaining = index; remaining < codes.length; remaining++) width += eastAsianWidth(codes[remaining]!, options);
			return width;
		}
		// A modern Hangul L+V(+T) is one syllable block; unmatched jamo stay additive.
		if (isLeadingJamo(code) && isVowelJamo(codes[index + 1])) {
			width += 2;
			index += isTrailingJamo(codes[index + 2]) ? 2 : 1;
			continue;
		}
		width += eastAsianWidth(code, options);
	}
	return width;
}

function trailingWidth(visible: string, options: WidthOptions): number {
	let extra = 0;
	let first = true;
	for (const character of visible) {
		if (first) {
			first = false;
			continue;
		}
		if (unicode().spacingMark.test(character) || (character >= '\uFF00' && character <= '\uFFEF')) extra += eastAsianWidth(character.codePointAt(0)!, options);
	}
	return extra;
}

const printableAscii = /^[\u0020-\u007E]*$/;

/** Whether a text is printable ASCII only (no escape, no control character): as wide as it is long. */
export const isPrintableAscii = (text: string): boolean => printableAscii.test(text);

export default function stringWidth(input: unknown, options: {readonly ambiguousIsNarrow?: boolean; readonly countAnsiEscapeCodes?: boolean} = {}): number {
	if (typeof input !== 'string' || input.length === 0) return 0;
	const {ambiguousIsNarrow = true, countAnsiEscapeCodes = false} = options;
	let text = input;
	if (!countAnsiEscapeCodes && (text.includes('\u001B') || text.includes('\u009B'))) text = stripAnsi(text);
	if (text.length === 0) return 0;
	if (isPrintableAscii(text)) return text.length;
	// Some marks are of ambiguous width: narrow unless asked otherwise.
	if (ambiguousIsNarrow && asWideAsLong.test(text)) return text.length;
	let width = 0;
	const widthOptions = {ambiguousAsWide: !ambiguousIsNarrow};
	for (const {segment} of unicode().segmenter.segment(text)) {
		const visible = baseVisible(segment);
		if (visible === undefined) continue;
		if (unicode().rgiEmoji.test(segment) || isDoubleWidthNonRgiEmojiSequence(segment)) {
			width += 2;
			continue;
		}
		const hangul = hangulClusterWidth(visible, widthOptions);
		if (hangul !== undefined) {
			width += hangul;
			continue;
		}
		width += eastAsianWidth(visible.codePointAt(0)!, widthOptions);
		width += trailingWidth(visible, widthOptions);
	}
	return width;
}
