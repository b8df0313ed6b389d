import {join} from 'node:path';
import {fileURLToPath} from 'node:url';

/** test/torture/every-kind.yaml (under BELAY_ROOT when bundled by scripts/run-script.mjs). */
export const everyKindRunbook = process.env['BELAY_ROOT']
	? join(process.env['BELAY_ROOT'], 'test', 'torture', 'every-kind.yaml')
	: fileURLToPath(new URL('every-kind.yaml', import.meta.url));

/** The steps that change something and may not run again after an interruption without a decision. */
export const mutatingIds = new Set(['pre-flight', 'mark-start', 'create-table', 'put-marker', 'set-config', 'put', 'hand-back']);

/** The shell steps, each appending a mark (its id, or `put-a-b` for a chunk of the foreach). */
export const markingIds = new Set(['mark-start', 'put', 'mark-end']);

/** The foreach's items and chunks (batch: 2). */
export const copyChunks = [['a', 'b'], ['c', 'd'], ['e', 'f'], ['g', 'h']];

/** The step instance a line of the marks file belongs to. */
export function keyOfMark(line: string): string {
	const put = /^put-(.)-(.)$/.exec(line);
	return put ? `copy[${copyChunks.findIndex(chunk => chunk[0] === put[1])}].put` : line;
}
