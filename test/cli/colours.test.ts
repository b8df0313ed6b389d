/**
 * A command's terminal colours (terraform colours its plan) reach the screen as printed, but the
 * journal, the run's log, results read by later steps and the report keep the text only.
 */
import {readFile, rm} from 'node:fs/promises';
import {join} from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {belay, describeExit, filesUnder, tempDir, writeRunbook} from './belay.js';

let dir: string;

beforeAll(async () => {
	dir = await tempDir('colours');
});

afterAll(async () => {
	await rm(dir, {recursive: true, force: true});
});

describe('colour codes', () => {
	it('are shown live, and stripped from the journal, the log, later steps and the report', async () => {
		const state = join(dir, 'state');
		const file = await writeRunbook(dir, 'colours.yaml', {
			version: 1,
			name: 'colours',
			title: 'Colours',
			steps: [
				{
					id: 'plan',
					title: 'A coloured plan',
					shell: "printf '\\033[1mPlan:\\033[0m \\033[32m1\\033[0m to add\\n\\033]8;;https://x\\007link\\033]8;;\\007\\n'; printf '\\033[31mwarning\\033[0m\\n' >&2",
					outputs: {summary: '${{ $split(result.stdout, "\\n")[0] }}'},
				},
				{id: 'echo', title: 'Read it', shell: 'echo "summary=${{ steps.plan.outputs.summary }}"'},
				{id: 'fail', title: 'A coloured failure', shell: "printf '\\033[31mError:\\033[0m boom\\n'; exit 3"},
			],
		});
		const run = await belay(['run', file, '--run-id', 'c1', '--state-dir', state, '--non-interactive']);
		expect(run.code, describeExit(run)).toBe(1);
		expect(run.stdout).toContain('plan | \u001b[1mPlan:\u001b[0m \u001b[32m1\u001b[0m to add');
		expect(run.stdout).toContain('echo | summary=Plan: 1 to add');
		const files = await filesUnder(state);
		expect(files.some(path => path.endsWith('.jsonl'))).toBe(true);
		for (const path of files) expect(await readFile(path, 'utf8'), path).not.toContain('\u001b');
		const journal = (await Promise.all(files.filter(path => path.endsWith('.jsonl')).map(path => readFile(path, 'utf8')))).join('');
		expect(journal).toContain('Plan: 1 to add');
		expect(journal).toContain('Error: boom');
		for (const format of ['json', 'md', 'html']) {
			const report = await belay(['report', 'c1', '--format', format, '--state-dir', state]);
			expect(report.stdout).toContain('Plan: 1 to add');
			expect(report.stdout).not.toContain('\u001b');
		}
	});
});
