// Ink's Output (ink/build/output.js of Ink 6.8), the grid a frame is drawn into, written again so
// that a frame which changes a few characters costs a few characters. Ink's own builds a fresh object
// for every cell of the screen, tokenizes every line again and compares the styles of every pair of
// neighbouring cells with three new Sets: 20-40 ms of CPU and about 2.5 MB of garbage for an 80 × 24
// screen, every time the clock or a wait's poll redraws it. This one gives the same text for the same
// writes (test/ui/ink-output.test.ts compares the two on random frames) and:
//   - shares one cell for a blank and one per ASCII character, and keeps the cells of lines it has
//     seen lately (Recent) from frame to frame;
//   - writes a row's escape codes only where the style changes;
//   - reuses a row's text when its cells are the very cells of the row before (the same y).
// scripts/ink-replacements.mjs puts it (and widest-line.ts) in place of Ink's, in belay's bundle and in the
// tests (vitest.config.ts); the build fails if Ink's renderer no longer imports './output.js' (an Ink
// upgrade: check this file against the new one).
import {ansiCodesToString, diffAnsiCodes, styledCharsFromTokens, tokenize, type AnsiCode, type StyledChar} from '@alcalzone/ansi-tokenize';
import sliceAnsi from 'slice-ansi';
import {Recent} from './recent.js';
import {isPrintableAscii} from './string-width.js';
import widestLine, {linesIn, widthOf} from './widest-line.js';

type Clip = {readonly x1?: number; readonly x2?: number; readonly y1?: number; readonly y2?: number};
type Transformer = (line: string, index: number) => string;
type Operation =
	| {readonly type: 'write'; readonly x: number; readonly y: number; readonly text: string; readonly transformers: readonly Transformer[]}
	| {readonly type: 'clip'; readonly clip: Clip}
	| {readonly type: 'unclip'};
type Cell = StyledChar | undefined;

const noStyles: AnsiCode[] = [];
const blank: StyledChar = {type: 'char', value: ' ', fullWidth: false, styles: noStyles};
const asciiCells: StyledChar[] = Array.from({length: 0x7f}, (_, code) => ({type: 'char', value: String.fromCharCode(code), fullWidth: false, styles: noStyles}));

/** Lines' cells, about 64,000 characters of them a generation (up to some 12 MB in all): twenty screens' worth. */
const cellsOf = new Recent<readonly StyledChar[]>(64_000, key => key.length);
/** Clipped lines, weighed by their characters as widest-line.ts's caches are. */
const slices = new Recent<string>(64_000, key => key.length);
/** How many rows the last frame had (belay draws no <Static>, whose Output would be got after the frame's). */
let lastHeight = 0;

/**
 * Whether the cursor was left at the end of the last frame's last row rather than below it: Ink
 * writes a frame as tall as the terminal without its closing newline (it would scroll the screen).
 */
export function frameFilledTerminal(rows: number | undefined): boolean {
	return rows !== undefined && rows > 0 && lastHeight >= rows;
}

/** The rows of the last frame, by y, and their text. */
let rowsBefore: {cells: readonly Cell[]; text: string}[] = [];

/**
 * A line's cells, one a column: a wide character's cell is followed by an empty one (in its style)
 * for each further column it takes, as Ink's Output places them. Kept with the line, so a line drawn
 * again is the very same cells.
 */
function columnsOf(line: string): readonly StyledChar[] {
	return cellsOf.through(line, () => {
		if (isPrintableAscii(line)) return Array.from(line, char => asciiCells[char.charCodeAt(0)]!);
		const columns: StyledChar[] = [];
		// Copied into cells of one shape: the ones styledCharsFromTokens spreads come to have a hidden
		// class each in V8 (some 250 bytes more a cell), which a cache of thousands would keep.
		for (const {value, fullWidth, styles} of styledCharsFromTokens(tokenize(line))) {
			const cell: StyledChar = {type: 'char', value, fullWidth, styles};
			columns.push(cell);
			const width = widthOf(cell.value);
			if (width > 1) {
				const filler: StyledChar = {type: 'char', value: '', fullWidth: false, styles: cell.styles};
				for (let column = 1; column < width; column++) columns.push(filler);
			}
		}
		return columns;
	});
}

function sameCodes(from: readonly AnsiCode[], to: readonly AnsiCode[]): boolean {
	if (from === to) return true;
	if (from.length !== to.length) return false;
	for (let index = 0; index < from.length; index++) if (from[index]!.code !== to[index]!.code || from[index]!.endCode !== to[index]!.endCode) return false;
	return true;
}

/** A row's text: its characters, with escape codes where the style changes and a reset after the last. */
function rowText(cells: readonly Cell[]): string {
	let text = '';
	let last: StyledChar | undefined;
	for (let index = 0; index < cells.length; index++) {
		const cell = cells[index];
		if (cell === undefined) continue;
		if (last === undefined) text += ansiCodesToString(cell.styles);
		else if (!sameCodes(last.styles, cell.styles)) text += ansiCodesToString(diffAnsiCodes(last.styles, cell.styles));
		text += cell.value;
		last = cell;
	}
	if (last !== undefined && last.styles.length > 0) text += ansiCodesToString(diffAnsiCodes(last.styles, []));
	return text.trimEnd();
}

function sameCells(row: readonly Cell[], before: readonly Cell[]): boolean {
	if (row.length !== before.length) return false;
	for (let index = 0; index < row.length; index++) if (row[index] !== before[index]) return false;
	return true;
}

export default class Output {
	readonly width: number;
	readonly height: number;
	private readonly operations: Operation[] = [];

	constructor({width, height}: {width: number; height: number}) {
		this.width = width;
		this.height = height;
	}

	write(x: number, y: number, text: string, {transformers}: {transformers: readonly Transformer[]}): void {
		if (text) this.operations.push({type: 'write', x, y, text, transformers});
	}

	clip(clip: Clip): void {
		this.operations.push({type: 'clip', clip});
	}

	unclip(): void {
		this.operations.push({type: 'unclip'});
	}

	get(): {output: string; height: number} {
		const grid: Cell[][] = [];
		for (let y = 0; y < this.height; y++) grid.push(new Array<Cell>(this.width).fill(blank));
		const clips: Clip[] = [];
		for (const operation of this.operations) {
			if (operation.type === 'clip') clips.push(operation.clip);
			else if (operation.type === 'unclip') clips.pop();
			else draw(grid, operation, clips.at(-1));
		}
		const before = rowsBefore;
		rowsBefore = grid.map((row, y) => {
			const earlier = before[y];
			return earlier && sameCells(row, earlier.cells) ? earlier : {cells: row, text: rowText(row)};
		});
		lastHeight = grid.length;
		return {output: rowsBefore.map(row => row.text).join('\n'), height: grid.length};
	}
}

function draw(grid: Cell[][], {text, transformers, ...at}: Extract<Operation, {type: 'write'}>, clip: Clip | undefined): void {
	let {x, y} = at;
	let lines = linesIn(text);
	if (clip) {
		const clipHorizontally = typeof clip.x1 === 'number' && typeof clip.x2 === 'number';
		const clipVertically = typeof clip.y1 === 'number' && typeof clip.y2 === 'number';
		if (clipHorizontally && (x + widestLine(text) < clip.x1! || x > clip.x2!)) return;
		if (clipVertically && (y + lines.length < clip.y1! || y > clip.y2!)) return;
		if (clipHorizontally) {
			const from = x < clip.x1! ? clip.x1! - x : 0;
			lines = lines.map(line => {
				const width = widthOf(line);
				const to = x + width > clip.x2! ? clip.x2! - x : width;
				return slices.through(`${from} ${to} ${line}`, () => sliceAnsi(line, from, to));
			});
			if (x < clip.x1!) x = clip.x1!;
		}
		if (clipVertically) {
			const from = y < clip.y1! ? clip.y1! - y : 0;
			const to = y + lines.length > clip.y2! ? clip.y2! - y : lines.length;
			lines = lines.slice(from, to);
			if (y < clip.y1!) y = clip.y1!;
		}
	}
	let offsetY = 0;
	for (let index = 0; index < lines.length; index++) {
		const row = grid[y + offsetY];
		if (!row) continue;
		let line = lines[index]!;
		for (const transformer of transformers) line = transformer(line, index);
		const columns = columnsOf(line);
		for (let column = 0; column < columns.length; column++) row[x + column] = columns[column];
		offsetY++;
	}
}
