import {mkdir, readFile, writeFile} from 'node:fs/promises';
import {join} from 'node:path';
import {fileURLToPath} from 'node:url';
import {describe, expect, it} from 'vitest';
import {belay, describeExit, tempDir, writeAnswers} from './belay.js';

const fixture = fileURLToPath(new URL('../fixtures/journals/v0.1/', import.meta.url));

describe('a journal written by belay 0.1', () => {
	it('resumes where it paused: finished steps and items do not run again, the rest does', async () => {
		const dir = await tempDir('old-journal');
		const runbook = join(dir, 'runbook.yaml');
		await writeFile(runbook, await readFile(join(fixture, 'runbook.yaml')));
		const runDir = join(dir, 'state', 'runs', 'old-1');
		await mkdir(runDir, {recursive: true, mode: 0o700});
		const journal = (await readFile(join(fixture, 'journal.jsonl'), 'utf8')).replaceAll('__RUNBOOK__', runbook);
		await writeFile(join(runDir, 'journal.jsonl'), journal, {mode: 0o600});
		const answers = await writeAnswers(dir, 'answers.yaml', {steps: {gate: {approver: 'bob'}}});

		const exit = await belay(['resume', 'old-1', '--state-dir', join(dir, 'state'), '--yes', '--answers', answers]);
		expect(exit.code, describeExit(exit)).toBe(0);
		// Only what had not run: item 1's check, item 2, the approval and the last step.
		const started = exit.stdout.split('\n').filter(line => line.startsWith('▶ ')).map(line => line.slice(2).split(':')[0]);
		expect(started).toEqual(['each[1].check', 'each[2].put', 'each[2].check', 'gate', 'last']);
		const show = await belay(['show', 'old-1', '--json', '--state-dir', join(dir, 'state')]);
		const document = JSON.parse(show.stdout) as {status: string; steps: {id: string; attempts: number}[]};
		expect(document.status).toBe('succeeded');
		expect(document.steps.find(step => step.id === 'each[1].put')?.attempts).toBe(1);
	});
});
