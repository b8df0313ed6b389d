/**
 * A crash in the middle of a journal write leaves a torn last line. `show` and `resume` still work
 * (the torn tail is dropped), and the journal is valid JSONL afterwards.
 */
import {readFileSync} from 'node:fs';
import {appendFile, rm, writeFile} from 'node:fs/promises';
import {join} from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {belay, describeExit, show, tempDir, writeRunbook} from './belay.js';

let dir: string;
let runbookPath: string;

beforeAll(async () => {
	dir = await tempDir('torn');
	runbookPath = await writeRunbook(dir, 'torn.yaml', {
		version: 1,
		name: 'torn',
		title: 'Torn journal',
		inputs: {marks: {}},
		steps: [
			{id: 'first', title: 'First', shell: 'echo first >> "${{ inputs.marks }}"'},
			{id: 'gate', title: 'Gate', manual: 'Go on?'},
			{id: 'second', title: 'Second', shell: 'echo second >> "${{ inputs.marks }}"'},
		],
	});
});

afterAll(async () => {
	await rm(dir, {recursive: true, force: true});
});

/** A run paused at the gate, with `first` done. */
async function paused(runId: string): Promise<{state: string; marks: string; journal: string}> {
	const state = join(dir, `state-${runId}`);
	const marks = join(dir, `marks-${runId}`);
	const run = await belay(['run', runbookPath, '--run-id', runId, '--input', `marks=${marks}`, '--state-dir', state, '--non-interactive']);
	expect(run.code, describeExit(run)).toBe(3);
	return {state, marks, journal: join(state, 'runs', runId, 'journal.jsonl')};
}

/** Every line is a JSON event and the file ends with a newline. */
function expectValidJsonl(journal: string): Record<string, unknown>[] {
	const text = readFileSync(journal, 'utf8');
	expect(text.endsWith('\n')).toBe(true);
	const lines = text.slice(0, -1).split('\n');
	return lines.map(line => {
		expect(() => JSON.parse(line), `not JSON: ${line}`).not.toThrow();
		const event = JSON.parse(line) as Record<string, unknown>;
		expect(typeof event['type']).toBe('string');
		return event;
	});
}

const halfLine = JSON.stringify({type: 'step-started', at: new Date().toISOString(), key: 'gate', attempt: 1, request: {title: 'Gate'}}).slice(0, 40);

describe('a torn journal', () => {
	it.each([
		['half a line', halfLine],
		['half a line with a newline after it', `${halfLine}\n`],
		['a line of NUL bytes', '\0\0\0\0\0\0'],
	])('with %s at its end still shows and resumes', async (_name, tail) => {
		const runId = `t-${tail.length}-${tail.endsWith('\n') ? 'n' : 'x'}`;
		const {state, marks, journal} = await paused(runId);
		const whole = readFileSync(journal, 'utf8');
		await appendFile(journal, tail);

		const document = await show(state, runId);
		expect(document.status).toBe('paused');
		expect(document.pausedOn?.key).toBe('gate');
		expect(document.steps.map(step => [step.id, step.status])).toEqual([
			['first', 'succeeded'],
			['gate', 'pending'],
			['second', 'pending'],
		]);
		const text = await belay(['show', runId, '--state-dir', state]);
		expect(text.code, describeExit(text)).toBe(0);
		const runs = await belay(['runs', '--json', '--state-dir', state]);
		expect(runs.code, describeExit(runs)).toBe(0);
		expect((JSON.parse(runs.stdout) as {id: string; status: string}[]).map(run => [run.id, run.status])).toEqual([[runId, 'paused']]);

		const resumed = await belay(['resume', runId, '--state-dir', state, '--non-interactive', '--yes']);
		expect(resumed.code, describeExit(resumed)).toBe(0);
		expect(readFileSync(marks, 'utf8')).toBe('first\nsecond\n');
		const events = expectValidJsonl(journal);
		// The events before the tear are kept as they were; the torn bytes are gone.
		expect(readFileSync(journal, 'utf8').startsWith(whole)).toBe(true);
		expect(events.at(-1)).toMatchObject({type: 'run-finished', status: 'succeeded'});
		expect((await show(state, runId)).status).toBe('succeeded');
	});

	it('keeps a last event that lost only its newline', async () => {
		const {state, marks, journal} = await paused('t-newline');
		const whole = readFileSync(journal, 'utf8');
		await writeFile(journal, whole.slice(0, -1));
		expect((await show(state, 't-newline')).pausedOn?.key).toBe('gate');
		const resumed = await belay(['resume', 't-newline', '--state-dir', state, '--non-interactive', '--yes']);
		expect(resumed.code, describeExit(resumed)).toBe(0);
		expect(readFileSync(marks, 'utf8')).toBe('first\nsecond\n');
		const events = expectValidJsonl(journal);
		expect(readFileSync(journal, 'utf8').startsWith(whole)).toBe(true);
		expect(events.filter(event => event['type'] === 'run-paused')).toHaveLength(1);
	});
});
