/**
 * `buildShellScript` and `displayCommand`: a runbook's shell text becomes a script where every
 * `${{ }}` is a positional parameter, so a value is one literal argument and never shell code; the
 * command shown to the operator has each value quoted for a shell.
 */
import {execFileSync} from 'node:child_process';
import {existsSync} from 'node:fs';
import {mkdtemp, rm} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {buildShellScript, displayCommand, shellQuote} from '../../source/steps/shell-script.js';

let dir: string;

beforeAll(async () => {
	dir = await mkdtemp(join(tmpdir(), 'belay-shell-script-'));
});

afterAll(async () => {
	await rm(dir, {recursive: true, force: true});
});

/** Runs a script as the shell step does: `bash -c SCRIPT belay ARGS...`, in the temp folder. */
function run(script: string, args: readonly string[]): string {
	return execFileSync('bash', ['-c', `set -eo pipefail\n${script}`, 'belay', ...args], {cwd: dir, encoding: 'utf8'});
}

/** Prints each argument of a command on its own line, between brackets. */
const printArgs = "printf '[%s]\\n'";

/** Values a shell would take apart, run or expand if they were pasted into the command. */
const hostile = [
	'$(touch pwned-dollar)',
	'`touch pwned-backtick`',
	'a; touch pwned-semicolon',
	"it's",
	'say "hi"',
	'two  spaces',
	'*',
	'$HOME',
	'back\\slash',
	'line\nbreak',
	'',
	"'",
	'"',
	'!event',
];

describe('buildShellScript', () => {
	it('leaves text without expressions as it is', () => {
		expect(buildShellScript('echo "hello" && ls -la')).toEqual({script: 'echo "hello" && ls -la', expressions: []});
	});

	it('turns each bare expression into a quoted positional parameter, numbered in order', () => {
		const {script, expressions} = buildShellScript('cp ${{ inputs.from }} ${{ vars.to }}');
		expect(script).toBe('cp "${1}" "${2}"');
		expect(expressions.map(expression => expression.source)).toEqual(['inputs.from', 'vars.to']);
	});

	it('gives each expression where it stands in the text', () => {
		const text = 'cp ${{ inputs.from }} ${{vars.to}}';
		const {expressions} = buildShellScript(text);
		expect(expressions.map(expression => text.slice(expression.offset, expression.offset + expression.source.length))).toEqual([
			'inputs.from',
			'vars.to',
		]);
	});

	it('a text that is one expression is one quoted parameter', () => {
		expect(buildShellScript('${{ steps.plan.outputs.command }}')).toEqual({
			script: '"${1}"',
			expressions: [{source: 'steps.plan.outputs.command', offset: 4}],
		});
	});

	it('inside double quotes the parameter goes in as it is', () => {
		expect(buildShellScript('echo "restoring ${{ inputs.table }} now"').script).toBe('echo "restoring ${1} now"');
	});

	it('inside single quotes the quote is closed around a double-quoted parameter', () => {
		expect(buildShellScript("echo 'restoring ${{ inputs.table }} now'").script).toBe(`echo 'restoring '"\${1}"' now'`);
	});

	it('follows quotes across the text: escaped quotes, a backslash inside single quotes, quotes closed before', () => {
		expect(buildShellScript('echo \\"${{ a }}').script).toBe('echo \\""${1}"');
		expect(buildShellScript("echo 'C:\\' ${{ a }}").script).toBe(`echo 'C:\\' "\${1}"`);
		expect(buildShellScript(`echo "it's" \${{ a }} "x \${{ b }}" 'y \${{ c }}'`).script).toBe(
			`echo "it's" "\${1}" "x \${2}" 'y '"\${3}"''`,
		);
	});

	it('inside $( ) the quoting starts afresh; in a here-document body the parameter goes in bare', () => {
		expect(buildShellScript('echo "$(printf %s ${{ a }} "${{ b }}")"').script).toBe('echo "$(printf %s "${1}" "${2}")"');
		expect(buildShellScript('cat <<EOF\n${{ a }} "${{ b }}"\nEOF').script).toBe('cat <<EOF\n${1} "${2}"\nEOF');
		expect(buildShellScript("# it's\necho ${{ a }}").script).toBe(`# it's\necho "\${1}"`);
	});

	it('never pastes a value into the script: the same expression twice is two parameters', () => {
		const {script, expressions} = buildShellScript('echo ${{ inputs.table }} ${{ inputs.table }}');
		expect(script).toBe('echo "${1}" "${2}"');
		expect(expressions).toHaveLength(2);
	});

	it.each([
		['bare', `${printArgs} \${{ v }}`],
		['inside double quotes', `${printArgs} "\${{ v }}"`],
		['inside single quotes', `${printArgs} '\${{ v }}'`],
	])('run by bash, a value %s reaches the command as one literal argument and runs nothing', (_where, text) => {
		const {script} = buildShellScript(text);
		for (const value of hostile) {
			expect(run(script, [value])).toBe(`[${value}]\n`);
		}
		expect(existsSync(join(dir, 'pwned-dollar'))).toBe(false);
		expect(existsSync(join(dir, 'pwned-backtick'))).toBe(false);
		expect(existsSync(join(dir, 'pwned-semicolon'))).toBe(false);
	});

	it('run by bash, text around a value in quotes stays in the same argument', () => {
		const {script} = buildShellScript(`${printArgs} "pre-\${{ a }}-post" 'x \${{ b }} y' \${{ c }}`);
		expect(run(script, ['$(id)', "it's", 'a b'])).toBe("[pre-$(id)-post]\n[x it's y]\n[a b]\n");
	});
});

describe('displayCommand', () => {
	it('shows text without expressions as it is', () => {
		expect(displayCommand('terraform plan', [])).toBe('terraform plan');
	});

	it('shows plain values bare and quotes the others', () => {
		expect(displayCommand('cp ${{ a }} ${{ b }}', ['arn:aws:s3:::bucket/key-1.json', 'two words'])).toBe(
			"cp arn:aws:s3:::bucket/key-1.json 'two words'",
		);
		expect(displayCommand('echo ${{ a }}', ["it's"])).toBe(`echo 'it'"'"'s'`);
		expect(displayCommand('echo ${{ a }}', [''])).toBe("echo ''");
	});

	it('inside double quotes escapes what double quotes would expand', () => {
		expect(displayCommand('echo "name: ${{ a }}"', ['"$HOME" `id` \\'])).toBe('echo "name: \\"\\$HOME\\" \\`id\\` \\\\"');
	});

	it('inside single quotes shows the value in the quotes, each quote of it closed, given in double quotes and reopened', () => {
		expect(displayCommand("echo 'name: ${{ a }}'", ['Lpas'])).toBe("echo 'name: Lpas'");
		expect(displayCommand("echo 'name: ${{ a }}'", ["it's"])).toBe(`echo 'name: it'"'"'s'`);
		expect(displayCommand("echo '{a,${{ a }}}'", ['b,c'])).toBe("echo '{a,b,c}'");
	});

	it('shows a plain value that is part of a plain word bare, and quotes it where the word could read otherwise', () => {
		expect(displayCommand('echo put-${{ a }} --table=${{ b }}.json', ['x', 'Lpas'])).toBe('echo put-x --table=Lpas.json');
		expect(displayCommand('echo x${{ a }} {a,${{ b }}} ~${{ c }} i${{ d }} [a${{ e }}z]', ['=1', 'b,c', 'root', 'f', '-'])).toBe(
			"echo x'=1' {a,'b,c'} ~'root' i'f' [a'-'z]",
		);
		expect(displayCommand('echo ${{ a }}=1 ${{ b }}${{ c }}', ['X', 'i', 'f'])).toBe("echo 'X'=1 'i''f'");
	});

	it('quotes a value that bash would read as a keyword or an assignment', () => {
		expect(displayCommand('${{ a }}', ['if'])).toBe("'if'");
		expect(displayCommand('${{ a }}', ['X=1'])).toBe("'X=1'");
	});

	it('in a here-document escapes what the body would expand, and keeps a line from reading as the delimiter', () => {
		expect(displayCommand('cat <<EOF\nname: ${{ a }}\nEOF', ['$HOME `id` \\ "q"'])).toBe('cat <<EOF\nname: \\$HOME \\`id\\` \\\\ "q"\nEOF');
		expect(displayCommand('cat <<EOF\n${{ a }}\nEOF', ['x\nEOF\ny'])).toBe('cat <<EOF\nx\n$()EOF\ny\nEOF');
		expect(displayCommand('cat <<-EOF\n\t${{ a }}\nEOF', ['\tx'])).toBe('cat <<-EOF\n\t$()\tx\nEOF');
		// Inside $( ), bash also ends a body at a line that starts with the delimiter.
		expect(displayCommand('x=$(cat <<EOF\n${{ a }}\nEOF\n)', ['a\nEOF) b'])).toBe('x=$(cat <<EOF\na\n$()EOF) b\nEOF\n)');
	});

	it('refuses a value where bash would read its text, as the script does', () => {
		expect(() => displayCommand('echo $(( ${{ a }} ))', ['1'])).toThrow('a value inside $(( )) is evaluated by bash as arithmetic');
		expect(() => buildShellScript('echo $(( ${{ a }} ))')).toThrow('a value inside $(( )) is evaluated by bash as arithmetic');
	});

	it('shows a missing value as an empty argument', () => {
		expect(displayCommand('echo ${{ a }} ${{ b }}', ['x'])).toBe("echo x ''");
	});

	it.each([
		['bare', `${printArgs} \${{ v }}`],
		['inside double quotes', `${printArgs} "\${{ v }}"`],
		['inside single quotes', `${printArgs} '\${{ v }}'`],
	])('the command shown %s, run by bash, gives the same arguments as the script run', (_where, text) => {
		const {script} = buildShellScript(text);
		for (const value of hostile) {
			expect(run(displayCommand(text, [value]), [])).toBe(run(script, [value]));
		}
		expect(existsSync(join(dir, 'pwned-dollar'))).toBe(false);
	});
});

describe('shellQuote', () => {
	it('leaves words of safe characters bare and single-quotes anything else', () => {
		expect(shellQuote('eu-west-1/Lpas_2026.json@v=1,2:%+')).toBe('eu-west-1/Lpas_2026.json@v=1,2:%+');
		expect(shellQuote('a b')).toBe("'a b'");
		expect(shellQuote('$x')).toBe("'$x'");
		expect(shellQuote("'")).toBe(`''"'"''`);
	});
});
