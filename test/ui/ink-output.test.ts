// belay's Output (source/ui/ink/output.ts) against Ink's own (ink/build/output.js): the same writes,
// clips and transformers give the same frame text, frame after frame, as its caches fill, hit and
// roll over. Random frames built from what the screen draws and what a step's output may hold: plain
// and styled text (compound, 256-colour and truecolor SGR, styles left open), wide characters and
// emoji (flags, joined, variation selectors), links, control and cursor codes, lines that run off
// the grid, clipped boxes (whole or half clips), transformers that add lines, drop text or escapes;
// the terminal resized between frames, and a <Static> grid drawn in the same render as the main one.
import {describe, expect, it} from 'vitest';
import InkOutput from '../../node_modules/ink/build/output.js';
import packageWidestLine from '../../node_modules/widest-line/index.js';
import Output from '../../source/ui/ink/output.js';
import widestLine from '../../source/ui/ink/widest-line.js';
import {seeded} from '../runbook/yaml-generator.js';

type Transformer = (line: string, index: number) => string;
type Clip = {x1?: number; x2?: number; y1?: number; y2?: number};
type Operation = {write: [number, number, string, Transformer[]]} | {clip: Clip} | {unclip: true};
type Grid = {width: number; height: number; operations: Operation[]};
/** A render: the main grid, and the static one Ink draws beside it when a <Static> has new items. */
type Frame = Grid & {static?: Grid};
type Drawable = {write(x: number, y: number, text: string, options: {transformers: Transformer[]}): void; clip(clip: Clip): void; unclip(): void; get(): {output: string; height: number}};

const pieces = [
	'Wait for the table', 'poll 12', ' · ', 'next in 4s', '─────', '✔', '✖', '●', '◐', '中文', '🙂', 'e\u0301', 'x\ty', '',
	'\u001B[31mred\u001B[39m', '\u001B[1mbold\u001B[22m', '\u001B[2mdim\u001B[22m', '\u001B[1m\u001B[2mboth\u001B[22m', '\u001B[4munder\u001B[24m',
	'\u001B[38;5;208morange\u001B[39m', '\u001B[48;2;1;2;3mbg\u001B[49m', '\u001B[31mopen red', '\u001B[0m', '\u001B[7minverse\u001B[27m',
	'\u001B]8;;https://example.com\u0007link\u001B]8;;\u0007', '\u001B[90m\u001B[1mgrey bold\u001B[22m\u001B[39m', '  ', 'a', 'Z',
	'\u001B[1;31mbold red\u001B[0m', '\u001B[38;2;255;100;0;4mtrue under\u001B[24;39m', '\u001B[m', '\u001B[3mopen italic', '\u001B[22m',
	'\u001B]8;;https://example.org\u0007open link', '\u001B[?25l', '\u001B[2K', '\u009B31mC1', '\u001B', '\r', '\u007F', '\u0000',
	'❤️', '🇬🇧', '👨‍👩‍👧', '\u0301', '\uD83D', '한글', 'ｗｉｄｅ', '\u200B', 'w'.repeat(90),
];
const transformers: Transformer[] = [
	line => line.toUpperCase(),
	line => `\u001B[32m${line}\u001B[39m`,
	(line, index) => (index % 2 ? line : `> ${line}`),
	line => `\u001B[1m${line}\u001B[22m`,
	line => `${line}\nadded`,
	() => '',
	line => line.replaceAll(/\u001B\[[\d;]*m/g, ''),
	line => `\u001B]8;;https://example.net\u0007${line}\u001B]8;;\u0007`,
	line => `中${line}`,
];

function frames(seed: number, count: number): Frame[] {
	const random = seeded(seed);
	const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
	const int = (low: number, high: number): number => low + Math.floor(random() * (high - low + 1));
	let width = int(1, 60);
	let height = int(1, 14);
	const text = (): string => Array.from({length: int(1, 5)}, () => (random() < 0.2 ? '\n' : '') + pick(pieces)).join('');
	const write = (): Operation => ({write: [int(-3, width + 3), int(-2, height + 1), text(), random() < 0.3 ? [pick(transformers)] : random() < 0.1 ? [pick(transformers), pick(transformers)] : []]});
	const clip = (): Operation => {
		const clip: Clip = {};
		if (random() < 0.7) Object.assign(clip, {x1: int(-2, width), x2: int(0, width + 2)});
		else if (random() < 0.3) Object.assign(clip, random() < 0.5 ? {x1: int(-2, width)} : {x2: int(0, width + 2)});
		if (random() < 0.7) Object.assign(clip, {y1: int(-1, height), y2: int(0, height + 1)});
		else if (random() < 0.3) Object.assign(clip, random() < 0.5 ? {y1: int(-1, height)} : {y2: int(0, height + 1)});
		return {clip};
	};
	const operations = (): Operation[] => Array.from({length: int(1, 12)}, () => (random() < 0.15 ? clip() : random() < 0.1 ? {unclip: true} : write()));
	let frame: Frame = {width, height, operations: operations()};
	const out: Frame[] = [];
	for (let index = 0; index < count; index++) {
		out.push(frame);
		// The next frame: most of this one again, a write or two changed (a clock, a poll's count); now
		// and then the terminal resized, or static output printed above it.
		let next = frame.operations.map(operation => ('write' in operation && random() < 0.2 ? write() : operation));
		if (random() < 0.2) next = [...next, write()];
		if (random() < 0.1) [width, height] = [Math.max(1, width + int(-5, 5)), Math.max(1, height + int(-2, 2))];
		frame = {width, height, operations: next, ...(random() < 0.15 ? {static: {width, height: int(1, 4), operations: operations()}} : {})};
	}
	return out;
}

function drawn(output: Drawable, operations: readonly Operation[]): Drawable {
	for (const operation of operations) {
		if ('write' in operation) output.write(...operation.write.slice(0, 3) as [number, number, string], {transformers: operation.write[3]});
		else if ('clip' in operation) output.clip(operation.clip);
		else output.unclip();
	}
	return output;
}

/** A render as Ink's renderer does it: both grids written, then the main one's text, then the static one's. */
function draw(make: (size: {width: number; height: number}) => Drawable, frame: Frame): string {
	const main = drawn(make(frame), frame.operations);
	const staticGrid = frame.static && drawn(make(frame.static), frame.static.operations);
	return JSON.stringify([main.get(), staticGrid?.get()]);
}

const ours = (size: {width: number; height: number}): Drawable => new Output(size) as Drawable;
const ink = (size: {width: number; height: number}): Drawable => new InkOutput(size) as unknown as Drawable;

describe("belay's Output for Ink", () => {
	it("draws every frame as Ink's own Output does (1,000 random screens, 6 frames each)", {timeout: 120_000}, () => {
		for (let seed = 1; seed <= 1000; seed++) {
			for (const [index, frame] of frames(seed, 6).entries()) {
				const mine = draw(ours, frame);
				const theirs = draw(ink, frame);
				if (mine !== theirs) expect({seed, index, frame: mine}).toEqual({seed, index, frame: theirs});
			}
		}
	});

	it('draws the same screen again from what it kept, and a changed row anew', () => {
		const screen = (clock: string): Frame => ({
			width: 30,
			height: 3,
			operations: [{write: [0, 0, '\u001B[1mRestore\u001B[22m 中文', []]}, {write: [0, 1, `waiting ${clock}`, []]}, {write: [2, 2, '🙂 poll 3', []]}],
		});
		expect(JSON.parse(draw(ours, screen('4m')))[0]).toEqual({output: '\u001B[1mRestore\u001B[22m 中文\nwaiting 4m\n  🙂 poll 3', height: 3});
		expect(JSON.parse(draw(ours, screen('5m')))[0].output).toBe('\u001B[1mRestore\u001B[22m 中文\nwaiting 5m\n  🙂 poll 3');
		expect(JSON.parse(draw(ours, screen('5m')))[0].output).toBe('\u001B[1mRestore\u001B[22m 中文\nwaiting 5m\n  🙂 poll 3');
	});

	it('draws right after its caches roll over (20,000 lines scrolled past, as a long shell step gives)', {timeout: 120_000}, () => {
		for (let line = 0; line < 20_000; line++) {
			const frame: Frame = {width: 40, height: 1, operations: [{write: [0, 0, `line ${line} \u001B[31m${'x'.repeat(line % 30)}\u001B[39m 中`, []]}]};
			const mine = draw(ours, frame);
			if (line % 997 === 0) expect(mine).toBe(draw(ink, frame));
		}
	});

	it('measures the widest line as the widest-line package does, asked once or again', () => {
		const random = seeded(7);
		for (let round = 0; round < 3000; round++) {
			const text = Array.from({length: 1 + Math.floor(random() * 6)}, () => (random() < 0.3 ? '\n' : '') + pieces[Math.floor(random() * pieces.length)]).join('');
			expect([widestLine(text), widestLine(text)]).toEqual([packageWidestLine(text), packageWidestLine(text)]);
		}
	});
});
