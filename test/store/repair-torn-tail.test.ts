/**
 * `repairTornTail` and `readJournal` on real files: a crash in the middle of a write leaves a torn
 * last line, which is dropped on read and cut off on repair; damage anywhere else is refused.
 */
import {existsSync, readFileSync, writeFileSync} from 'node:fs';
import {mkdtemp, rm} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {readJournal, repairTornTail} from '../../source/store/journal.js';

let dir: string;
let count = 0;

beforeAll(async () => {
	dir = await mkdtemp(join(tmpdir(), 'belay-torn-tail-'));
});

afterAll(async () => {
	await rm(dir, {recursive: true, force: true});
});

const first = {type: 'vars-computed', at: '2026-11-21T10:00:01.000Z', vars: {restored: 'Lpas-restored'}};
const second = {type: 'step-checked', at: '2026-11-21T10:00:02.000Z', key: 'prep'};
const line = (event: object): string => `${JSON.stringify(event)}\n`;
const whole = line(first) + line(second);
/** An event cut in the middle of its write. */
const torn = JSON.stringify({type: 'step-started', at: '2026-11-21T10:00:03.000Z', key: 'import', attempt: 1, request: {}}).slice(0, 37);

/** A journal file holding exactly `text`. */
function journal(text: string): string {
	const path = join(dir, `journal-${++count}.jsonl`);
	writeFileSync(path, text);
	return path;
}

describe('readJournal', () => {
	it('reads every event of a whole journal', () => {
		expect(readJournal(journal(whole))).toEqual({events: [first, second], tornTail: false});
	});

	it('reads an empty journal as no events', () => {
		expect(readJournal(journal(''))).toEqual({events: [], tornTail: false});
	});

	it('skips blank lines', () => {
		expect(readJournal(journal(`\n${line(first)}\n\n${line(second)}\n`))).toEqual({events: [first, second], tornTail: false});
	});

	it.each([
		['without a newline', torn],
		['with a newline', `${torn}\n`],
		['followed by blank lines', `${torn}\n\n\n`],
		['of NUL bytes', '\0\0\0\0'],
	])('drops a torn last line %s and says so', (_name, tail) => {
		expect(readJournal(journal(whole + tail))).toEqual({events: [first, second], tornTail: true});
	});

	it('reads a last event that lost only its newline', () => {
		expect(readJournal(journal(whole.slice(0, -1)))).toEqual({events: [first, second], tornTail: false});
	});

	it('refuses a damaged line before the last, naming the file and the line', () => {
		const path = journal(`${line(first)}${torn}\n${line(second)}`);
		expect(() => readJournal(path)).toThrow(`${path}:2: the journal is damaged (not JSON); it cannot be replayed safely`);
	});

	it('counts blank lines when naming the damaged line', () => {
		const path = journal(`${line(first)}\n{oops\n${line(second)}`);
		expect(() => readJournal(path)).toThrow(`${path}:3: the journal is damaged`);
	});
});

describe('repairTornTail', () => {
	it('cuts a torn last line without a newline, leaving the whole events as they were', () => {
		const path = journal(whole + torn);
		repairTornTail(path);
		expect(readFileSync(path, 'utf8')).toBe(whole);
		expect(readJournal(path)).toEqual({events: [first, second], tornTail: false});
	});

	it('cuts a torn last line that has a newline, and blank lines after it', () => {
		const path = journal(`${whole}${torn}\n\n`);
		repairTornTail(path);
		expect(readFileSync(path, 'utf8')).toBe(whole);
	});

	it('cuts a last line of NUL bytes', () => {
		const path = journal(`${whole}\0\0\0\0`);
		repairTornTail(path);
		expect(readFileSync(path, 'utf8')).toBe(whole);
	});

	it('cuts by bytes, so events holding multi-byte characters before the tear are kept whole', () => {
		const accented = {type: 'step-checked', at: '2026-11-21T10:00:04.000Z', key: 'prép', note: 'tablé → 😀'};
		const path = journal(`${line(accented)}${torn}`);
		repairTornTail(path);
		expect(readFileSync(path, 'utf8')).toBe(line(accented));
		expect(readJournal(path).events).toEqual([accented]);
	});

	it('gives a whole last event that lost its newline the newline, keeping it', () => {
		const path = journal(whole.slice(0, -1));
		repairTornTail(path);
		expect(readFileSync(path, 'utf8')).toBe(whole);
	});

	it('leaves a whole journal byte for byte as it was', () => {
		const path = journal(whole);
		repairTornTail(path);
		expect(readFileSync(path, 'utf8')).toBe(whole);
		const trailing = journal(`${whole}\n\n`);
		repairTornTail(trailing);
		expect(readFileSync(trailing, 'utf8')).toBe(`${whole}\n\n`);
	});

	it('leaves an empty journal empty', () => {
		const path = journal('');
		repairTornTail(path);
		expect(readFileSync(path, 'utf8')).toBe('');
	});

	it('empties a journal holding only a torn line, so the next event starts the file', () => {
		const path = journal(torn);
		repairTornTail(path);
		expect(readFileSync(path, 'utf8')).toBe('');
		expect(readJournal(path)).toEqual({events: [], tornTail: false});
	});

	it('does not create a journal that is not there', () => {
		const path = join(dir, 'missing.jsonl');
		repairTornTail(path);
		expect(existsSync(path)).toBe(false);
	});

	it('leaves a damaged line before the last for readJournal to refuse', () => {
		const text = `${line(first)}{oops\n${line(second)}`;
		const path = journal(text);
		repairTornTail(path);
		expect(readFileSync(path, 'utf8')).toBe(text);
		expect(() => readJournal(path)).toThrow(`${path}:2: the journal is damaged`);
	});

	it('after a repair, an appended event is on a line of its own', () => {
		for (const text of [whole + torn, whole.slice(0, -1), `${whole}${torn}\n`]) {
			const path = journal(text);
			repairTornTail(path);
			writeFileSync(path, line({type: 'run-finished', at: '2026-11-21T10:00:05.000Z', status: 'succeeded'}), {flag: 'a'});
			expect(readJournal(path)).toEqual({
				events: [first, second, {type: 'run-finished', at: '2026-11-21T10:00:05.000Z', status: 'succeeded'}],
				tornTail: false,
			});
		}
	});
});
