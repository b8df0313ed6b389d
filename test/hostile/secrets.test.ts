/**
 * Hostile corpus, secrets: a secret must not reach the journal, the log, the screen, `show`,
 * `report`, `runs` or `--events` in any form: as it is, shell-quoted in the shown command,
 * JSON-escaped in an edit's diff, spread over the lines a command prints, as a number, quoted by an
 * expression's error, echoed by a refused answer, or computed from it by an expression.
 */
import {readFile, rm, writeFile} from 'node:fs/promises';
import {join} from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {belay, describeExit, tempDir, writeAnswers, writeRunbook, type Exit, filesUnder} from '../cli/belay.js';

// Every character a shell or JSON treats specially.
const password = `pw'q"d$HOME\\x\`y!`;
const token = 'tok-Zq81Vx-44';
const pin = 48213917;
const pemLines = ['-----BEGIN TEST KEY-----', 'MIIBOgIBAAJBAKj34GkxFhD9PzRWb2', 'qA0Tx2vQvL8bJv3Kp7hWm', '-----END TEST KEY-----'];
const generatedNumber = 73920184;

/** Every form in which one of the secrets could leak. */
const forbidden = [
	password,
	password.replace(/'/g, `'\\''`),
	JSON.stringify(password).slice(1, -1),
	token,
	token.toUpperCase(),
	Buffer.from(`admin:${password}`).toString('base64'),
	String(pin),
	String(pin * 2),
	pemLines[1]!,
	pemLines[2]!,
	String(generatedNumber),
];

let dir: string;

beforeAll(async () => {
	dir = await tempDir('hostile-secrets');
});

afterAll(async () => {
	await rm(dir, {recursive: true, force: true});
});

function expectClean(text: string, where: string): void {
	for (const secret of forbidden) expect(text.includes(secret), `${JSON.stringify(secret)} in ${where}:\n${text}`).toBe(false);
}

function expectQuiet(exit: Exit, what: string): void {
	expectClean(exit.stdout, `${what} stdout`);
	expectClean(exit.stderr, `${what} stderr`);
}

describe('secrets in every form', () => {
	it('never reach the state dir, the screen, show, report, runs or --events', async () => {
		const state = join(dir, 'state');
		const seen = join(dir, 'seen.txt');
		const config = join(dir, 'config.json');
		const pem = join(dir, 'key.pem');
		await writeFile(config, '{"db": {"host": "db.internal", "password": "old"}}\n');
		await writeFile(pem, `${pemLines.join('\n')}\n`);
		const file = await writeRunbook(dir, 'forms.yaml', {
			version: 1,
			name: 'forms',
			title: 'Secrets in every form',
			inputs: {
				password: {description: 'a password', secret: true},
				token: {description: 'a token', secret: true},
				pin: {description: 'a pin', type: 'number', secret: true},
				seen: {description: 'where the commands write'},
			},
			vars: {
				basic: "${{ 'Basic ' & $base64encode('admin:' & inputs.password) }}",
				shout: '${{ $uppercase(inputs.token) }}',
			},
			steps: [
				{
					id: 'quoted',
					title: 'A password that needs quoting, in three shell places',
					shell: `printf '%s|%s|%s\\n' \${{ inputs.password }} "pre \${{ inputs.password }}" 'q\${{ inputs.password }}' >> "\${{ inputs.seen }}"`,
				},
				{
					id: 'computed',
					title: 'Values computed from secrets',
					shell: 'echo "auth ${{ vars.basic }} ${{ vars.shout }}"; printf \'%s\\n\' "${{ vars.basic }}" >> "${{ inputs.seen }}"',
					outputs: {doubled: '${{ inputs.pin * 2 }}', again: '${{ vars.shout }}'},
				},
				{id: 'numbers', title: 'A number', shell: 'echo "pin ${{ inputs.pin }} twice ${{ steps.computed.outputs.doubled }}"'},
				{
					id: 'edit',
					title: 'Set the password in a JSON file',
					edit: {file: config, format: 'json', set: {'db.password': '${{ inputs.password }}'}},
				},
				{id: 'readkey', title: 'Read the key', secret: true, shell: `cat ${pem}; echo $((${generatedNumber - 184} + 184))`, outputs: {n: "${{ $number($trim($substringAfter(result.stdout, 'END TEST KEY-----'))) }}"}},
				{id: 'bad-output', title: 'A secret step whose output fails', secret: true, onFailure: 'continue', shell: `cat ${pem}`, outputs: {n: '${{ $number(result.stdout) }}'}},
				{id: 'print-key', title: 'Print the key', shell: 'printf \'%s\\n\' "${{ steps.readkey.result.stdout }}" "${{ steps.readkey.outputs.n }}"'},
				{id: 'bad-expression', title: 'An expression that fails on a secret', onFailure: 'continue', shell: 'echo ${{ $number(inputs.token) }}'},
				{id: 'bad-derived', title: 'A failing expression over a value computed from a secret', onFailure: 'continue', shell: 'echo ${{ $number(vars.shout) }}'},
				{
					id: 'code',
					title: 'A secret answer that is refused',
					input: {prompt: 'The code', secret: true, pattern: '^[0-9]+$'},
				},
			],
		});
		const events = join(dir, 'events.jsonl');
		const answers = await writeAnswers(dir, 'answers.yaml', {steps: {code: token}});
		const run = await belay([
			'run', file, '--run-id', 'forms', '--state-dir', state, '--non-interactive', '--answers', answers, '--events', events,
			'--input', `password=${password}`, '--input', `token=${token}`, '--input', `pin=${pin}`, '--input', `seen=${seen}`,
		]);
		// The refused answer pauses the run at the code step.
		expect(run.code, describeExit(run)).toBe(3);
		expectQuiet(run, 'run');
		// The commands got every value exactly.
		const written = await readFile(seen, 'utf8');
		expect(written).toBe(`${password}|pre ${password}|q${password}\nBasic ${Buffer.from(`admin:${password}`).toString('base64')}\n`);
		expect(JSON.parse(await readFile(config, 'utf8')).db.password).toBe(password);
		expect(run.stdout).toContain('print-key | ***');
		expect(run.stdout).toMatch(/bad-expression.*JSONata error/);

		for (const path of await filesUnder(state)) expectClean(await readFile(path, 'utf8'), path);
		expectClean(await readFile(events, 'utf8'), 'the --events file');
		for (const args of [['show', 'forms', '--json'], ['show', 'forms'], ['runs'], ['report', 'forms', '--format', 'json'], ['report', 'forms', '--format', 'md']]) {
			const exit = await belay([...args, '--state-dir', state]);
			expect(exit.code, describeExit(exit)).toBe(0);
			expectQuiet(exit, args.join(' '));
		}
	});

	it('a refused secret input is not echoed', async () => {
		const file = await writeRunbook(dir, 'refused.yaml', {
			version: 1,
			name: 'refused',
			title: 'Refused',
			inputs: {
				password: {description: 'a password', secret: true, pattern: '^[a-z]+$'},
				pin: {description: 'a pin', secret: true, type: 'number'},
			},
			steps: [{id: 'noop', title: 'Nothing', shell: 'true'}],
		});
		const cases = [
			[`password=${password}`, `pin=${pin}`],
			['password=abc', `pin=${token}`],
		];
		for (const inputs of cases) {
			const run = await belay(['run', file, '--state-dir', join(dir, 'refused-state'), '--non-interactive', ...inputs.flatMap(input => ['--input', input])]);
			expect(run.code, describeExit(run)).toBe(2);
			expect(run.stderr).toMatch(/password must match|pin must be a number/);
			expectQuiet(run, inputs.join(' '));
		}
	});
});
