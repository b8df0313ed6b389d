/**
 * `belay resume RUN-ID --rerun STEP`: a finished step runs again (after the operator fixed something
 * outside belay, or accepted a changed runbook whose fixed step already ran); later steps see its
 * new result; the journal keeps both.
 */
import {readFile, rm, writeFile} from 'node:fs/promises';
import {join} from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {belay, describeExit, journalEvents, show, stepOf, tempDir, writeRunbook} from './belay.js';

let dir: string;

beforeAll(async () => {
	dir = await tempDir('rerun');
});

afterAll(async () => {
	await rm(dir, {recursive: true, force: true});
});

describe('--rerun', () => {
	it('runs a finished step again, later steps read its new result, and the journal keeps both', async () => {
		const state = join(dir, 'state');
		const version = join(dir, 'version');
		const marks = join(dir, 'marks');
		await writeFile(version, 'v1\n');
		const file = await writeRunbook(dir, 'rerun.yaml', {
			version: 1,
			name: 'rerun',
			title: 'Rerun',
			steps: [
				{id: 'read', title: 'Read the version', shell: `cat ${version}; echo read >> ${marks}`, outputs: {v: '${{ $trim(result.stdout) }}'}},
				{id: 'use', title: 'Use it', onFailure: 'abort', shell: `echo "use \${{ steps.read.outputs.v }}" >> ${marks}; test "\${{ steps.read.outputs.v }}" = v2`},
			],
		});
		const first = await belay(['run', file, '--run-id', 'r1', '--state-dir', state, '--non-interactive']);
		expect(first.code, describeExit(first)).toBe(1);
		// Fixed outside belay: a plain resume would run `use` again with the old value it read.
		await writeFile(version, 'v2\n');
		const again = await belay(['resume', 'r1', '--rerun', 'read', '--state-dir', state, '--non-interactive']);
		expect(again.code, describeExit(again)).toBe(0);
		expect(again.stdout).toContain('↺ read: runs again');
		expect(await readFile(marks, 'utf8')).toBe('read\nuse v1\nread\nuse v2\n');
		expect(stepOf(await show(state, 'r1'), 'read').outputs).toEqual({v: 'v2'});
		const events = await journalEvents(join(state, 'runs', 'r1', 'journal.jsonl'));
		const reads = events.filter(event => event['type'] === 'step-succeeded' && event['key'] === 'read');
		expect(reads.map(event => (event['outputs'] as {v: string}).v)).toEqual(['v1', 'v2']);

		// A finished run opens again for --rerun, and only for it.
		const finished = await belay(['resume', 'r1', '--state-dir', state, '--non-interactive']);
		expect(finished.stdout).toContain('already finished');
		const once = await belay(['resume', 'r1', '--rerun', 'use', '--state-dir', state, '--non-interactive']);
		expect(once.code, describeExit(once)).toBe(0);
		expect(await readFile(marks, 'utf8')).toBe('read\nuse v1\nread\nuse v2\nuse v2\n');
	});

	it('refuses a step the runbook lacks (with did-you-mean) or one that has not finished, and changes nothing', async () => {
		const state = join(dir, 'state2');
		const file = await writeRunbook(dir, 'gate.yaml', {
			version: 1,
			name: 'gate',
			title: 'Gate',
			steps: [
				{id: 'first', title: 'First', shell: 'true'},
				{id: 'gate', title: 'Gate', manual: 'Go on?'},
				{id: 'last', title: 'Last', shell: 'true'},
			],
		});
		const paused = await belay(['run', file, '--run-id', 'g1', '--state-dir', state, '--non-interactive']);
		expect(paused.code, describeExit(paused)).toBe(3);
		const before = await readFile(join(state, 'runs', 'g1', 'journal.jsonl'), 'utf8');
		const typo = await belay(['resume', 'g1', '--rerun', 'frist', '--state-dir', state, '--non-interactive']);
		expect(typo.code, describeExit(typo)).toBe(2);
		expect(typo.stderr).toContain("the runbook has no step 'frist' (did you mean 'first'?)");
		const pending = await belay(['resume', 'g1', '--rerun', 'last', '--state-dir', state, '--non-interactive']);
		expect(pending.code, describeExit(pending)).toBe(2);
		expect(pending.stderr).toContain("step 'last' has not finished (it is pending)");
		expect(await readFile(join(state, 'runs', 'g1', 'journal.jsonl'), 'utf8')).toBe(before);
	});
});
