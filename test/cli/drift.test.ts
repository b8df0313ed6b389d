/**
 * A runbook changed since its run started is refused on resume (exit 2), naming the changed steps and
 * `--accept-changes`; with `--accept-changes` the run goes on with the new text.
 */
import {existsSync, readFileSync} from 'node:fs';
import {rm} from 'node:fs/promises';
import {join} from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {belay, describeExit, journalEvents, show, tempDir, writeRunbook} from './belay.js';

let dir: string;

beforeAll(async () => {
	dir = await tempDir('drift');
});

afterAll(async () => {
	await rm(dir, {recursive: true, force: true});
});

function runbook(marks: string, copyCommand: string, putCommand: string): Record<string, unknown> {
	return {
		version: 1,
		name: 'drifting',
		title: 'A runbook edited mid-run',
		steps: [
			{id: 'gate', title: 'Gate', manual: 'Ready?'},
			{id: 'copy', title: 'Copy', shell: `echo ${copyCommand} >> ${marks}`},
			{
				id: 'each',
				title: 'Each',
				foreach: {items: [1, 2], steps: [{id: 'put', title: 'Put', shell: `echo ${putCommand}-\${{ item }} >> ${marks}`}]},
			},
			{id: 'last', title: 'Last', shell: `echo last >> ${marks}`},
		],
	};
}

describe('a runbook changed under a paused run', () => {
	it('is refused, naming the changed steps and --accept-changes; accepted, the run goes on with the new text', async () => {
		const state = join(dir, 'state');
		const marks = join(dir, 'marks');
		const file = await writeRunbook(dir, 'drifting.yaml', runbook(marks, 'old-copy', 'old-put'));
		const run = await belay(['run', file, '--run-id', 'd1', '--state-dir', state, '--non-interactive']);
		expect(run.code, describeExit(run)).toBe(3);
		const journal = join(state, 'runs', 'd1', 'journal.jsonl');
		const before = readFileSync(journal, 'utf8');

		await writeRunbook(dir, 'drifting.yaml', runbook(marks, 'new-copy', 'new-put'));
		const refused = await belay(['resume', 'd1', '--state-dir', state, '--non-interactive', '--yes']);
		expect(refused.code, describeExit(refused)).toBe(2);
		expect(refused.stderr).toContain('copy (changed)');
		expect(refused.stderr).toContain('each.put (changed)');
		expect(refused.stderr).not.toContain('last');
		expect(refused.stderr).toContain('belay resume d1 --accept-changes');
		// Refused means untouched: nothing ran, nothing was journaled.
		expect(existsSync(marks)).toBe(false);
		expect(readFileSync(journal, 'utf8')).toBe(before);
		expect((await show(state, 'd1')).status).toBe('paused');

		const accepted = await belay(['resume', 'd1', '--state-dir', state, '--non-interactive', '--yes', '--accept-changes']);
		expect(accepted.code, describeExit(accepted)).toBe(0);
		expect(accepted.stdout).toContain('accepted changes to copy (changed)');
		expect(accepted.stdout).toContain('each.put (changed)');
		expect(readFileSync(marks, 'utf8')).toBe('new-copy\nnew-put-1\nnew-put-2\nlast\n');
		const resumed = (await journalEvents(journal)).filter(event => event['type'] === 'run-resumed');
		// The foreach counts as changed with its nested step.
		expect(resumed.at(-1)?.['acceptedChanges']).toEqual(['copy (changed)', 'each (changed)', 'each.put (changed)']);
		expect((await show(state, 'd1')).status).toBe('succeeded');
	});

	it('names steps that were added or removed', async () => {
		const state = join(dir, 'state-shape');
		const marks = join(dir, 'marks-shape');
		const original = runbook(marks, 'copy', 'put');
		const file = await writeRunbook(dir, 'shape.yaml', original);
		const run = await belay(['run', file, '--run-id', 'd2', '--state-dir', state, '--non-interactive']);
		expect(run.code, describeExit(run)).toBe(3);
		const steps = original['steps'] as Record<string, unknown>[];
		await writeRunbook(dir, 'shape.yaml', {
			...original,
			steps: [...steps.slice(0, 3), {id: 'extra', title: 'Extra', shell: `echo extra >> ${marks}`}],
		});
		const refused = await belay(['resume', 'd2', '--state-dir', state, '--non-interactive', '--yes']);
		expect(refused.code, describeExit(refused)).toBe(2);
		expect(refused.stderr).toContain('extra (added)');
		expect(refused.stderr).toContain('last (removed)');
		expect(refused.stderr).toContain('--accept-changes');
		const accepted = await belay(['resume', 'd2', '--state-dir', state, '--non-interactive', '--yes', '--accept-changes']);
		expect(accepted.code, describeExit(accepted)).toBe(0);
		expect(readFileSync(marks, 'utf8')).toBe('copy\nput-1\nput-2\nextra\n');
	});
});
