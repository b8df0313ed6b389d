import {readFile} from 'node:fs/promises';
import {join} from 'node:path';
import {describe, expect, it} from 'vitest';
import {belay, describeExit, tempDir, writeAnswers, writeRunbook} from './belay.js';

const runbook = {
	version: 1,
	name: 'events',
	title: 'Events',
	inputs: {token: {secret: true}},
	steps: [
		{id: 'login', title: 'Log in', shell: 'echo "token is ${{ inputs.token }}"; seq 1 3'},
		{id: 'gate', title: 'Gate', manual: {text: 'Check', checklist: ['one']}},
	],
};

type Line = {type: string; [name: string]: unknown};

describe('--events', () => {
	it('writes every journal and live event as a JSON line to a file, secrets masked, ending with session-ended', async () => {
		const dir = await tempDir('events');
		const file = await writeRunbook(dir, 'events.yaml', runbook);
		const events = join(dir, 'events.jsonl');
		const exit = await belay(['run', file, '--run-id', 'e1', '--input', 'token=hunter2', '--state-dir', join(dir, 'state'), '--non-interactive', '--events', events]);
		expect(exit.code, describeExit(exit)).toBe(3);
		const text = await readFile(events, 'utf8');
		expect(text).not.toContain('hunter2');
		const lines = text.trim().split('\n').map(line => JSON.parse(line) as Line);
		const types = lines.map(line => line.type);
		expect(types[0]).toBe('run-started');
		for (const type of ['vars-computed', 'step-started', 'step-process', 'step-output', 'step-succeeded', 'question-asked', 'run-paused', 'session-ended']) {
			expect(types, type).toContain(type);
		}
		expect(types.at(-1)).toBe('session-ended');
		const output = lines.filter(line => line.type === 'step-output').flatMap(line => line['lines'] as string[]);
		expect(output).toEqual(['token is ***', '1', '2', '3']);
		expect(lines.find(line => line.type === 'question-asked')).toMatchObject({question: {key: 'gate', type: 'checklist', items: ['one']}});
		expect(lines.at(-1)).toMatchObject({outcome: {status: 'paused', exitCode: 3}});
		// The plain lines still go to stdout.
		expect(exit.stdout).toContain('✔ login succeeded');
	});

	it("with '-' writes JSON lines alone on stdout, and the plain lines on stderr", async () => {
		const dir = await tempDir('events-stdout');
		const file = await writeRunbook(dir, 'events.yaml', runbook);
		const answers = await writeAnswers(dir, 'answers.yaml', {steps: {gate: true}});
		const exit = await belay(['run', file, '--input', 'token=hunter2', '--state-dir', join(dir, 'state'), '--answers', answers, '--events', '-']);
		expect(exit.code, describeExit(exit)).toBe(0);
		const lines = exit.stdout.trim().split('\n').map(line => JSON.parse(line) as Line);
		expect(lines.at(-1)).toMatchObject({type: 'session-ended', outcome: {status: 'succeeded', exitCode: 0}});
		expect(lines.filter(line => line.type === 'operator-answered')).toHaveLength(1);
		expect(exit.stdout + exit.stderr).not.toContain('hunter2');
		expect(exit.stderr).toContain('✔ login succeeded');
	});
});
