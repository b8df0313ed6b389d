/**
 * Secrets (secret inputs, secret input steps, what a step marked `secret` returns) reach the commands
 * that use them, but are never written to the state dir or the screen in clear: they are stored and
 * shown as `***`, and a resumed run asks for secret inputs again.
 */
import {readFileSync} from 'node:fs';
import {readFile, rm} from 'node:fs/promises';
import {join} from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {belay, describeExit, show, tempDir, writeAnswers, writeRunbook, type Exit, filesUnder} from './belay.js';

const token = 'tok-Vx81qZ';
const password = 'pw-hunter2-Q7';
const generated = 'gen-K93LmA';
const secrets = [token, password, generated];

let dir: string;

beforeAll(async () => {
	dir = await tempDir('secrets');
});

afterAll(async () => {
	await rm(dir, {recursive: true, force: true});
});

async function expectNoSecretUnder(root: string): Promise<void> {
	const all = await filesUnder(root);
	expect(all.length).toBeGreaterThan(0);
	for (const file of all) {
		const text = await readFile(file, 'utf8');
		for (const secret of secrets) expect(text.includes(secret), `${secret} is in ${file}:\n${text}`).toBe(false);
	}
}

function expectNoSecretShown(exit: Exit): void {
	for (const secret of secrets) {
		expect(exit.stdout.includes(secret), `${secret} on stdout:\n${exit.stdout}`).toBe(false);
		expect(exit.stderr.includes(secret), `${secret} on stderr:\n${exit.stderr}`).toBe(false);
	}
}

describe('secrets', () => {
	it('reach their commands but never the disk or the screen, and are asked for again on resume', async () => {
		const state = join(dir, 'state');
		const seen = join(dir, 'seen');
		const file = await writeRunbook(dir, 'secrets.yaml', {
			version: 1,
			name: 'with-secrets',
			title: 'Secrets in use',
			inputs: {
				token: {description: 'an API token', secret: true},
				seen: {description: 'where the commands write what they got'},
			},
			vars: {header: "${{ 'Bearer ' & inputs.token }}"},
			steps: [
				{
					id: 'use-token',
					title: 'Use the token',
					shell:
						'echo "calling with ${{ inputs.token }}"; printf \'token=%s\\n\' ${{ inputs.token }} >> "${{ inputs.seen }}"; ' +
						'printf \'header=%s\\n\' "${{ vars.header }}" >> "${{ inputs.seen }}"',
				},
				{id: 'password', title: 'The password', input: {prompt: 'Database password', secret: true}},
				{
					id: 'use-password',
					title: 'Use the password',
					shell: 'echo "login ${{ steps.password.value }}" >&2; printf \'password=%s\\n\' "${{ steps.password.value }}" >> "${{ inputs.seen }}"',
				},
				{
					id: 'generate',
					title: 'Generate a key',
					secret: true,
					// The runbook holds no secret: the key is made when the step runs.
					shell: `printf '%s-%s\\n' ${generated.split('-').join(' ')}`,
					outputs: {key: '${{ $trim(result.stdout) }}'},
				},
				{
					id: 'use-key',
					title: 'Use the key',
					shell: 'echo "key ${{ steps.generate.outputs.key }}"; printf \'key=%s\\n\' ${{ steps.generate.outputs.key }} >> "${{ inputs.seen }}"',
				},
				{id: 'gate', title: 'Gate', manual: 'Go on?'},
				{
					id: 'again',
					title: 'Use the token again',
					shell: 'printf \'again=%s %s\\n\' ${{ inputs.token }} "${{ vars.header }}" >> "${{ inputs.seen }}"',
				},
			],
		});
		const answers = await writeAnswers(dir, 'answers.yaml', {steps: {password}});
		const run = await belay([
			'run', file, '--run-id', 's1', '--state-dir', state, '--non-interactive', '--answers', answers,
			'--input', `token=${token}`, '--input', `seen=${seen}`,
		]);
		expect(run.code, describeExit(run)).toBe(3);
		expectNoSecretShown(run);
		expect(run.stdout).toContain('use-token | calling with ***');
		expect(run.stdout).toContain('use-key | key ***');
		// The commands got the real values, each as one argument.
		expect(readFileSync(seen, 'utf8')).toBe(`token=${token}\nheader=Bearer ${token}\npassword=${password}\nkey=${generated}\n`);
		await expectNoSecretUnder(state);

		// A resume asks for the secret input again: it is not kept anywhere.
		const without = await belay(['resume', 's1', '--state-dir', state, '--non-interactive', '--yes']);
		expect(without.code, describeExit(without)).toBe(2);
		expect(without.stderr).toContain('--input token=');
		expect((await show(state, 's1')).status).toBe('paused');

		// The secret input step is asked again too: without its answer the run pauses on it.
		const noPassword = await belay(['resume', 's1', '--state-dir', state, '--non-interactive', '--yes', '--input', `token=${token}`]);
		expect(noPassword.code, describeExit(noPassword)).toBe(3);
		expect(noPassword.stdout).toContain('password: its value is secret and not kept on disk, so it is asked again');
		expect((await show(state, 's1')).pausedOn?.key).toBe('password');

		const resumed = await belay([
			'resume', 's1', '--state-dir', state, '--non-interactive', '--yes', '--input', `token=${token}`, '--answers', answers,
		]);
		expect(resumed.code, describeExit(resumed)).toBe(0);
		expectNoSecretShown(resumed);
		expect(readFileSync(seen, 'utf8')).toBe(
			`token=${token}\nheader=Bearer ${token}\npassword=${password}\nkey=${generated}\nagain=${token} Bearer ${token}\n`,
		);
		await expectNoSecretUnder(state);

		for (const format of ['json', 'md', 'html']) {
			const report = await belay(['report', 's1', '--format', format, '--state-dir', state]);
			expect(report.code, describeExit(report)).toBe(0);
			expectNoSecretShown(report);
		}
		const shown = await belay(['show', 's1', '--json', '--state-dir', state]);
		expectNoSecretShown(shown);

		const report = JSON.parse((await belay(['report', 's1', '--format', 'json', '--state-dir', state])).stdout) as {
			inputs: Record<string, unknown>;
			vars: Record<string, unknown>;
			steps: {id: string; answers: Record<string, {value: unknown}>; result?: unknown; outputs: Record<string, unknown>; request?: {command?: string}}[];
		};
		const step = (id: string) => report.steps.find(candidate => candidate.id === id)!;
		expect(report.inputs).toEqual({token: '***', seen});
		// A var computed from a secret is secret whole.
		expect(report.vars).toEqual({header: '***'});
		expect(step('password').answers['input']?.value).toBe('***');
		expect(step('password').result).toBe('***');
		expect(step('use-token').request?.command).toContain('***');
		expect(step('generate').result).toEqual({exitCode: '***', stdout: '***', stderr: '***'});
		expect(step('generate').outputs).toEqual({key: '***'});
		expect(step('use-key').request?.command).toContain('echo "key ***"');
	});
});
