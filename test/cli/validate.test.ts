import {spawnSync} from 'node:child_process';
import {existsSync, readFileSync} from 'node:fs';
import {fileURLToPath} from 'node:url';
import {beforeAll, describe, expect, test} from 'vitest';

/** `belay validate FILE...` as an operator runs it: the built binary, its exit code and its output. */

const root = fileURLToPath(new URL('../../', import.meta.url));
const valid = 'test/fixtures/valid/restore-table.yaml';
const invalidSeveral = 'test/fixtures/invalid/several-problems.yaml';
const invalidYaml = 'test/fixtures/invalid/yaml-syntax-error.yaml';

// dist/belay.js is built once per test run, when older than source/, by test/global-setup.ts;
// building here too would rewrite the bundle under the other CLI tests running in parallel.
beforeAll(() => {
	expect(existsSync(`${root}/dist/belay.js`), 'dist/belay.js is missing: run npm run build').toBe(true);
});

function validate(...files: string[]): {status: number | null; stdout: string; stderr: string} {
	const result = spawnSync(process.execPath, ['dist/belay.js', 'validate', ...files], {
		cwd: root,
		encoding: 'utf8',
		env: {...process.env, NO_COLOR: '1'},
	});
	return {status: result.status, stdout: result.stdout, stderr: result.stderr};
}

/** The `# expect:` lines of a fixture, as `FILE:LINE:COLUMN: ` prefixes and message parts. */
function expected(file: string): {prefix: string; message: string}[] {
	return readFileSync(`${root}/${file}`, 'utf8')
		.split('\n')
		.flatMap(line => {
			const match = /^# expect: (\d+):(\d+): (.+)$/.exec(line);
			return match ? [{prefix: `${file}:${match[1]}:${match[2]}: `, message: match[3]!}] : [];
		});
}

const problemLine = /^(.+):(\d+):(\d+): (.+)$/;

describe('belay validate', () => {
	test('a valid runbook: exit 0, its name and step count on stdout, nothing on stderr', () => {
		const {status, stdout, stderr} = validate(valid);
		expect(stderr).toBe('');
		expect(stdout).toBe(`${valid}: ok (restore-table, 18 steps)\n`);
		expect(status).toBe(0);
	});

	test('invalid runbooks: exit 2, one FILE:LINE:COLUMN: message line per problem on stderr', () => {
		const {status, stdout, stderr} = validate(invalidSeveral, invalidYaml);
		expect(status).toBe(2);
		expect(stdout).toBe('');

		const lines = stderr.trimEnd().split('\n');
		const problems = lines.filter(line => problemLine.test(line));
		const wanted = [...expected(invalidSeveral), ...expected(invalidYaml)];
		expect(wanted.length).toBe(4);
		expect(problems).toHaveLength(wanted.length);
		// In file order, then line order: as an editor lists them.
		problems.forEach((line, index) => {
			expect(line.startsWith(wanted[index]!.prefix), `${line} should start with ${wanted[index]!.prefix}`).toBe(true);
			expect(line).toContain(wanted[index]!.message);
		});
		expect(problems[0]).toBe(
			`${invalidSeveral}:11:14: steps[0].timeout: 'soon' is not a duration: write a number and a unit, such as 90s, 15m, 8h or 1h30m`,
		);
		// The last line says what to do next.
		expect(lines[lines.length - 1]).toBe('2 of 2 runbooks invalid; fix the lines above and run belay validate again');
	});

	test('one invalid among valid ones: exit 2, the valid one still named on stdout', () => {
		const {status, stdout, stderr} = validate(valid, invalidYaml);
		expect(status).toBe(2);
		expect(stdout).toContain(`${valid}: ok (restore-table, 18 steps)`);
		expect(stderr).toContain(`${invalidYaml}:9:13: YAML: Missing closing "quote`);
		expect(stderr).toContain('1 of 2 runbooks invalid');
	});

	test('a file that does not exist: exit 2, located at its first line', () => {
		const {status, stderr} = validate('test/fixtures/no-such-runbook.yaml');
		expect(status).toBe(2);
		expect(stderr).toContain('test/fixtures/no-such-runbook.yaml:1:1: cannot read the runbook: no such file');
	});
});
