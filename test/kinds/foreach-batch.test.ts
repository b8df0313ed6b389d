/**
 * A foreach in chunks (`batch: N`: `item` is a list of up to N items) with a concurrency given as an
 * expression; progress is recorded per chunk, so a resume goes on with the chunks not yet done.
 */
import {readFile, rm} from 'node:fs/promises';
import {join} from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {belay, describeExit, journalEvents, show, tempDir, writeRunbook} from '../cli/belay.js';
import type {RunEvent} from '../../source/engine/events.js';
import {replay} from '../../source/engine/reduce.js';

let dir: string;

beforeAll(async () => {
	dir = await tempDir('foreach-batch');
});

afterAll(async () => {
	await rm(dir, {recursive: true, force: true});
});

describe('foreach with batch and an expression for concurrency', () => {
	it('hands each chunk to its steps as a list, records the items once, and runs chunks at once', async () => {
		const state = join(dir, 'state');
		const marks = join(dir, 'marks');
		const file = await writeRunbook(dir, 'batch.yaml', {
			version: 1,
			name: 'batch',
			title: 'Batch',
			inputs: {parallel: {type: 'number', default: 3}},
			steps: [
				{
					id: 'copy',
					title: 'Copy',
					foreach: {
						items: '${{ [1..10].{"id": "cred-" & $string($)} }}',
						batch: 4,
						as: 'chunk',
						concurrency: 'inputs.parallel',
						steps: [{id: 'put', title: 'Put ${{ index }}', shell: `echo "\${{ index }}:\${{ $join(chunk.id, ',') }}" >> ${marks}`}],
					},
				},
			],
		});
		const run = await belay(['run', file, '--run-id', 'b1', '--state-dir', state, '--non-interactive']);
		expect(run.code, describeExit(run)).toBe(0);
		const lines = (await readFile(marks, 'utf8')).trim().split('\n').sort();
		expect(lines).toEqual(['0:cred-1,cred-2,cred-3,cred-4', '1:cred-5,cred-6,cred-7,cred-8', '2:cred-9,cred-10']);
		const events = await journalEvents(join(state, 'runs', 'b1', 'journal.jsonl'));
		const expanded = events.filter(event => event['type'] === 'foreach-expanded');
		expect(expanded).toHaveLength(1);
		expect((expanded[0]!['items'] as unknown[]).length).toBe(3);
		expect(expanded[0]!['concurrency']).toBe(3);
		// The chunks are journaled once: the foreach's success names its items' results instead of
		// copying them, and its result, as replayed, holds no chunk again.
		const finished = events.find(event => event['type'] === 'step-succeeded' && event['key'] === 'copy');
		expect(finished).toMatchObject({fromItems: true});
		expect(finished).not.toHaveProperty('result');
		const replayed = replay(events as unknown as RunEvent[]).steps['copy']?.result as Record<string, unknown>[] | undefined;
		expect(replayed?.map(entry => Object.keys(entry).sort())).toEqual([['index', 'steps'], ['index', 'steps'], ['index', 'steps']]);
		expect((await show(state, 'b1')).steps.filter(step => step.id.startsWith('copy[')).map(step => step.status)).toEqual(['succeeded', 'succeeded', 'succeeded']);
	});

	it('fails clearly when the concurrency expression does not give a whole number from 1 to 64', async () => {
		const file = await writeRunbook(dir, 'bad.yaml', {
			version: 1,
			name: 'bad',
			title: 'Bad',
			steps: [{id: 'loop', title: 'Loop', foreach: {items: [1, 2], concurrency: '100', steps: [{id: 'x', title: 'X', shell: 'true'}]}}],
		});
		const run = await belay(['run', file, '--run-id', 'c1', '--state-dir', join(dir, 'state'), '--non-interactive']);
		expect(run.code, describeExit(run)).toBe(1);
		expect(run.stdout + run.stderr).toContain("concurrency '100' gave 100; it must be a whole number from 1 to 64");
	});
});
