/**
 * Shell values through the real CLI: hostile values reach the commands exactly, in every place a
 * value is allowed, and the command journaled (and shown) runs the same when bash runs it; a
 * runbook with a value where bash would read its text never runs; a value holding a NUL byte fails
 * its step before the command starts.
 */
import {spawnSync} from 'node:child_process';
import {existsSync} from 'node:fs';
import {mkdir, readdir, rm} from 'node:fs/promises';
import {join} from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {belay, describeExit, journalEvents, tempDir, writeRunbook} from '../cli/belay.js';

let dir: string;
let count = 0;

beforeAll(async () => {
	dir = await tempDir('shell-values');
});

afterAll(async () => {
	await rm(dir, {recursive: true, force: true});
});

async function scratch(): Promise<{home: string; work: string; state: string}> {
	const home = join(dir, `case-${++count}`);
	const work = join(home, 'work');
	await mkdir(work, {recursive: true});
	return {home, work, state: join(home, 'state')};
}

const inputs = {
	a: "$(touch pwned-a) 'q' \"d\" `touch pwned-bt` * ~ {x,y} \\",
	b: 'x\nEOF\ntouch pwned-b\n\tindented',
	c: 'a[$(touch pwned-c)]',
};

/** Steps with values in each place bash takes them as text, and what each prints. */
const steps: {id: string; run: string; prints: string}[] = [
	{id: 'words', run: "printf '[%s]\\n' ${{ inputs.a }} x${{ inputs.b }} ${{ inputs.c }}", prints: `[${inputs.a}]\n[x${inputs.b}]\n[${inputs.c}]\n`},
	{
		id: 'substitution',
		run: "printf '[%s]\\n' \"$(printf '%s|' ${{ inputs.a }} \"${{ inputs.c }}\")\"",
		prints: `[${inputs.a}|${inputs.c}|]\n`,
	},
	{id: 'single', run: "printf '[%s]\\n' 'a=${{ inputs.a }}'", prints: `[a=${inputs.a}]\n`},
	{id: 'heredoc', run: 'cat <<EOF\n${{ inputs.b }}\n"${{ inputs.a }}"\nEOF', prints: `${inputs.b}\n"${inputs.a}"\n`},
	{id: 'comment', run: "# it's a comment\nprintf '[%s]\\n' ${{ inputs.c }} # with \"quote", prints: `[${inputs.c}]\n`},
];

describe('values through belay run', () => {
	it('reach each command exactly, run nothing, and the journaled command does the same when bash runs it', async () => {
		const {home, work, state} = await scratch();
		const file = await writeRunbook(home, 'values.yaml', {
			version: 1,
			name: 'values',
			title: 'Values',
			inputs: Object.fromEntries(Object.entries(inputs).map(([name, value]) => [name, {default: value}])),
			steps: steps.map(step => ({id: step.id, title: step.id, shell: {run: step.run}})),
		});
		const exit = await belay(['run', file, '--run-id', 'v1', '--state-dir', state, '--non-interactive'], {cwd: work});
		expect(exit.code, describeExit(exit)).toBe(0);
		const events = await journalEvents(join(state, 'runs', 'v1', 'journal.jsonl'));
		for (const step of steps) {
			const started = events.find(event => event['type'] === 'step-started' && event['key'] === step.id)!;
			const succeeded = events.find(event => event['type'] === 'step-succeeded' && event['key'] === step.id)!;
			const result = succeeded['result'] as {stdout: string};
			expect(result.stdout, step.id).toBe(step.prints);
			const command = (started['request'] as {command: string}).command;
			const replayed = spawnSync('bash', ['-c', `set -eo pipefail\n${command}`], {cwd: work, encoding: 'utf8'});
			expect(replayed.stdout, `${step.id}: ${command}`).toBe(step.prints);
		}
		expect(await readdir(work)).toEqual([]);
	});
});

describe('a runbook with a value where bash would read its text', () => {
	it('never runs: belay run refuses it as validate does, at the ${{, and no step starts', async () => {
		const {home, work, state} = await scratch();
		const file = await writeRunbook(home, 'unsafe.yaml', {
			version: 1,
			name: 'unsafe',
			title: 'Unsafe',
			inputs: {count: {default: '1'}},
			steps: [
				{id: 'first', title: 'First', shell: 'touch first-ran'},
				{id: 'bump', title: 'Bump', shell: 'echo $(( ${{ inputs.count }} + 1 ))'},
			],
		});
		const exit = await belay(['run', file, '--state-dir', state, '--non-interactive'], {cwd: work});
		expect(exit.code, describeExit(exit)).toBe(2);
		expect(exit.stderr).toContain(`${file}:13:21: shell: a value inside $(( )) is evaluated by bash as arithmetic`);
		expect(existsSync(join(work, 'first-ran'))).toBe(false);
		expect(existsSync(join(state, 'runs')) ? await readdir(join(state, 'runs')) : []).toEqual([]);
	});

	it('validate also refuses a value in an env variable bash runs, and a NUL byte in the text', async () => {
		const {home} = await scratch();
		const file = await writeRunbook(home, 'env.yaml', {
			version: 1,
			name: 'env',
			title: 'Env',
			inputs: {x: {default: 'setup.sh'}},
			steps: [
				{id: 'start', title: 'Start', shell: {run: 'true', env: {BASH_ENV: '${{ inputs.x }}', SAFE: '${{ inputs.x }}'}}},
				{id: 'nul', title: 'Nul', shell: 'echo a\0b'},
			],
		});
		const exit = await belay(['validate', file]);
		expect(exit.code, describeExit(exit)).toBe(2);
		expect(exit.stderr).toMatch(/env\.yaml:\d+:\d+: shell\.env\.BASH_ENV: bash runs what BASH_ENV holds or names/);
		expect(exit.stderr).not.toContain('SAFE');
		expect(exit.stderr).toMatch(/env\.yaml:\d+:\d+: shell: the text holds a NUL byte/);
	});
});

describe('a value holding a NUL byte', () => {
	it('fails its step before the command starts, saying why; nothing is run', async () => {
		const {home, work, state} = await scratch();
		const file = await writeRunbook(home, 'nul.yaml', {
			version: 1,
			name: 'nul',
			title: 'Nul',
			inputs: {x: {default: 'a\0b'}},
			steps: [{id: 'copy', title: 'Copy', shell: 'touch ran; printf %s "backups/${{ inputs.x }}"'}],
		});
		const exit = await belay(['run', file, '--run-id', 'n1', '--state-dir', state, '--non-interactive'], {cwd: work});
		expect(exit.code, describeExit(exit)).toBe(1);
		const message = 'the value of ${{ inputs.x }} holds a NUL byte, which a command argument cannot carry; nothing was run';
		expect(exit.stderr).toContain(message);
		expect(exit.stderr).not.toMatch(/\n\s+at /);
		expect(existsSync(join(work, 'ran'))).toBe(false);
		const events = await journalEvents(join(state, 'runs', 'n1', 'journal.jsonl'));
		expect(events.some(event => event['type'] === 'step-started')).toBe(false);
		expect(events.find(event => event['type'] === 'step-failed')?.['error']).toMatchObject({message});
	});
});
