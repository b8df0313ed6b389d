// What belay's Output and widest-line keep from frame to frame stays bounded in bytes, not only in
// entries: long texts (a step's pasted JSON, a wide table) drawn one after another do not pile up.
import {setFlagsFromString} from 'node:v8';
import {runInNewContext} from 'node:vm';
import {describe, expect, it} from 'vitest';
import Output from '../../source/ui/ink/output.js';
import widestLine from '../../source/ui/ink/widest-line.js';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

function heapAfter(draw: () => void): number {
	gc();
	const before = process.memoryUsage().heapUsed;
	draw();
	gc();
	return (process.memoryUsage().heapUsed - before) / 1048576;
}

/** The `n`th long text: `lines` different lines of `width` characters. */
const longText = (n: number, lines: number, width: number): string =>
	Array.from({length: lines}, (_, line) => `${n}:${line} `.padEnd(width, String.fromCharCode(97 + ((n + line) % 26)))).join('\n');

describe("belay's Ink caches", () => {
	it('keep less than 8 MB after 2,000 different 10 KB texts were measured and drawn through a clip (23 MB when they counted entries)', () => {
		const grown = heapAfter(() => {
			for (let n = 0; n < 2000; n++) {
				const text = longText(n, 4, 2500);
				widestLine(text);
				const output = new Output({width: 80, height: 4});
				output.clip({x1: 0, x2: 80, y1: 0, y2: 4});
				output.write(0, 0, text, {transformers: []});
				output.unclip();
				output.get();
			}
		});
		expect(grown).toBeLessThan(8);
	});

	it('keep less than 16 MB of cells after 3,000 different styled lines with wide characters were drawn (over 20 MB when each cell had a hidden class of its own)', () => {
		const grown = heapAfter(() => {
			for (let n = 0; n < 3000; n++) {
				const output = new Output({width: 80, height: 1});
				output.write(0, 0, `line ${n} \u001B[31m${'x'.repeat(n % 37)}\u001B[39m ${'y'.repeat(30)} 中`, {transformers: []});
				output.get();
			}
		});
		expect(grown).toBeLessThan(16);
	});
});
