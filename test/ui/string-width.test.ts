// belay's string-width (source/ui/ink/string-width.ts, which the bundle's Ink uses) against the
// string-width package it follows: the same width for every character it measures without Unicode
// machinery, alone and among others, and for random texts mixing them with what makes a character
// wide, joined or invisible, with both options.
import packageStringWidth from 'string-width';
import {describe, expect, it} from 'vitest';
import stringWidth, {isPrintableAscii, narrowMarks, narrowRanges} from '../../source/ui/ink/string-width.js';
import {seeded} from '../runbook/yaml-generator.js';

const range = (from: number, to: number): string[] => Array.from({length: to - from + 1}, (_, index) => String.fromCharCode(from + index));
const plain = [...range(0x20, 0x7e), ...narrowRanges.flatMap(([from, to]) => range(from, to)), ...narrowMarks];
// A variation selector (emoji form), a combining accent, a zero-width joiner, a soft hyphen, a wide
// character, emoji, Hangul jamo, a tab, a control character, colour and link escapes.
const others = ['\uFE0F', '\u0301', '\u200D', '\u00AD', '中', '🙂', '👩‍💻', '\u1100', '\u1161', '\t', '\u0007', '\u001B[31m', '\u001B[39m', '\u001B]8;;https://x\u0007'];
const options: readonly {ambiguousIsNarrow?: boolean; countAnsiEscapeCodes?: boolean}[] = [{}, {ambiguousIsNarrow: false}, {countAnsiEscapeCodes: true}];

describe('string width', () => {
	it('gives each plain character, alone and between others, the width string-width gives', () => {
		for (const character of plain) {
			for (const text of [character, `${character}x${character}`, `\u001B[90m${character}\u001B[39m ok`]) {
				for (const option of options) expect(stringWidth(text, option), JSON.stringify([text, option])).toBe(packageStringWidth(text, option));
			}
		}
	});

	it('gives random texts the width string-width gives', () => {
		const random = seeded(5);
		const pick = <T,>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
		for (let round = 0; round < 5000; round++) {
			const text = Array.from({length: Math.floor(random() * 14)}, () => (random() < 0.8 ? pick(plain) : pick(others))).join('');
			const option = pick(options);
			expect(stringWidth(text, option), JSON.stringify([text, option])).toBe(packageStringWidth(text, option));
		}
		expect(stringWidth(42)).toBe(0);
	});

	it('says which texts are printable ASCII, as wide as they are long (the Output and widest-line take their width and cells from that alone)', () => {
		for (const char of range(0, 0xff)) {
			const printable = char >= ' ' && char <= '~';
			expect(isPrintableAscii(`a${char}b`), JSON.stringify(char)).toBe(printable);
			if (printable) expect(packageStringWidth(`a${char}b`)).toBe(3);
		}
		expect(isPrintableAscii('')).toBe(true);
		expect(isPrintableAscii('\u001B[31mred')).toBe(false);
	});
});
