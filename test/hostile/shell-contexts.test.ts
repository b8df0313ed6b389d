/**
 * Shell values never change the command. For every place a `${{ }}` can stand in a shell step,
 * either bash gets the value as exactly one literal argument (or, in a here-document, as exact
 * text), and the command shown to the operator does exactly the same when bash runs it; or
 * `belay validate` refuses the runbook at that `${{`, naming the safe form. Values are hostile: a
 * canary file (`touch pwned-…`) must never appear in the folder the commands run in.
 */
import {spawnSync} from 'node:child_process';
import {mkdtemp, readdir, rm} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {buildShellScript, displayCommand} from '../../source/steps/shell-script.js';
import {belay, describeExit, tempDir, writeRunbook} from '../cli/belay.js';

let dir: string;

beforeAll(async () => {
	dir = await mkdtemp(join(tmpdir(), 'belay-shell-contexts-'));
});

afterAll(async () => {
	await rm(dir, {recursive: true, force: true});
});

/** Values a shell would split, glob, expand or run if it read them as code. */
const hostile = [
	"'",
	'"',
	'$',
	'\\',
	'`',
	'*',
	'two  spaces ',
	'line\nbreak\n',
	'$(touch pwned-dollar)',
	'`touch pwned-backtick`',
	'a[$(touch pwned-subscript)]',
	'; touch pwned-semicolon',
	'$HOME ~ {a,b} a=b',
	'if',
	'-n',
	'a-z',
	'1..3',
	'b,c',
	'root',
	'',
	'ünïcødé ✓ 日本',
	'back\\slash\\',
	'x\nEOF\ntouch pwned-heredoc',
	'x\nEOF)\ntouch pwned-paren\nEOF',
	'A\nB\nEOF',
	'\ttab\n\ttab',
	'joined \\\nline',
];

/**
 * Runs in one bash, for each value: the script as the shell step runs it, with the value as every
 * positional parameter, then the command shown for that value; each in a subshell of its own under
 * `set -eo pipefail`, as `bash -c` would run it, and each followed by NUL, its exit code, NUL. (One
 * bash per place rather than two per value: the corpus stays fast on a busy machine. The values
 * come in as the batch's own parameters, so the batch quotes nothing itself.)
 */
function runAll(text: string, cwd: string): {value: string; script: Ran; shown: Ran}[] {
	const {script, expressions} = buildShellScript(text);
	const batch = hostile
		.map((value, index) => {
			const parameter = `"\${${index + 1}}"`;
			const shown = displayCommand(text, expressions.map(() => value));
			return [
				`( set -- ${Array(4).fill(parameter).join(' ')}; set -eo pipefail\n${script}\n); printf '\\0%s\\0' "$?"`,
				`( set -- ; set -eo pipefail\n${shown}\n); printf '\\0%s\\0' "$?"`,
			].join('\n');
		})
		.join('\n');
	const ran = spawnSync('bash', ['-c', batch, 'batch', ...hostile], {cwd, encoding: 'utf8'});
	const fields = ran.stdout.split('\0');
	return hostile.map((value, index) => ({
		value,
		script: {out: fields[index * 4]!, code: fields[index * 4 + 1]!},
		shown: {out: fields[index * 4 + 2]!, code: fields[index * 4 + 3]!},
	}));
}

type Ran = {out: string; code: string};

const args = (value: string): string => `[${value}]\n`;
/** `$( )` drops the newlines at the end of what it reads. */
const captured = (value: string): string => `[${value.replace(/\n+$/, '')}]\n`;

/** Where a value can stand, and what the command prints with it. */
const accepted: [string, string, (value: string) => string][] = [
	['a word of its own', "printf '[%s]\\n' ${{ inputs.x }}", args],
	['part of a word', "printf '[%s]\\n' pre${{ inputs.x }}post", value => `[pre${value}post]\n`],
	['after a tilde', "printf '[%s]\\n' ~${{ inputs.x }}", value => `[~${value}]\n`],
	['inside braces', "printf '[%s]\\n' {a,${{ inputs.x }}}", value => `[a]\n[${value}]\n`],
	['inside a brace sequence', "printf '[%s]\\n' {1${{ inputs.x }}}", value => `[{1${value}}]\n`],
	['inside a bracket pattern', "printf '[%s]\\n' [a${{ inputs.x }}z]", value => `[[a${value}z]]\n`],
	['after name=', "printf '[%s]\\n' --table=${{ inputs.x }}.json", value => `[--table=${value}.json]\n`],
	['inside double quotes', 'printf \'[%s]\\n\' "a ${{ inputs.x }} b"', value => `[a ${value} b]\n`],
	['inside single quotes', "printf '[%s]\\n' 'a ${{ inputs.x }} b'", value => `[a ${value} b]\n`],
	['in "$( … )" as a word', "printf '[%s]\\n' \"$( printf '%s' ${{ inputs.x }} )\"", captured],
	['in double quotes in $( )', "out=$(printf '[%s]' \"${{ inputs.x }}\"); printf '%s\\n' \"$out\"", args],
	['in nested "$(a "$(b …)")"', "printf '[%s]\\n' \"$(printf '%s' \"$(printf '%s' ${{ inputs.x }})\")\"", captured],
	['in a process substitution', "cat <(printf '[%s]\\n' ${{ inputs.x }})", args],
	['in a subshell', "(printf '[%s]\\n' ${{ inputs.x }})", args],
	['as a function argument', "f() { printf '[%s]\\n' \"$1\"; }; f ${{ inputs.x }}", args],
	['after a line continuation', "printf '[%s]\\n' \\\n  ${{ inputs.x }}", args],
	["after a # it's comment", "# it's a comment\nprintf '[%s]\\n' ${{ inputs.x }}", args],
	['after a # comment with "quote', "printf 'x\\n' # comment with \"quote\nprintf '[%s]\\n' ${{ inputs.x }}", value => `x\n[${value}]\n`],
	['in an assignment', "name=${{ inputs.x }}; printf '[%s]\\n' \"$name\"", args],
	['in declare name=', "declare name=${{ inputs.x }}; printf '[%s]\\n' \"$name\"", args],
	['in an environment prefix', 'X=${{ inputs.x }} bash -c \'printf "[%s]\\n" "$X"\'', args],
	['in an array', "arr=(${{ inputs.x }} \"${{ inputs.x }}\"); printf '[%s]\\n' \"${arr[@]}\"", value => args(value).repeat(2)],
	['in an array in "$( )"', "printf '[%s]\\n' \"$(arr=('${{ inputs.x }}' \"${{ inputs.x }}\"); printf '%s|' \"${arr[@]}\")\"", value => `[${value}|${value}|]\n`],
	['in a for list', "for item in ${{ inputs.x }}; do printf '[%s]\\n' \"$item\"; done", args],
	['as a case pattern', "case zz in ${{ inputs.x }}) echo matched;; *) echo literal;; esac", () => 'literal\n'],
	['compared by [ ]', "[ ${{ inputs.x }} = ${{ inputs.x }} ] && echo equal", () => 'equal\n'],
	['in a here-string', 'cat <<< ${{ inputs.x }}', value => `${value}\n`],
	['in a here-document', 'cat <<EOF\n${{ inputs.x }}\nEOF', value => `${value}\n`],
	['in a here-document, in quotes', 'cat <<EOF\n"${{ inputs.x }}" \'${{ inputs.x }}\'\nEOF', value => `"${value}" '${value}'\n`],
	['in a <<- here-document with tabs', 'cat <<-EOF\n\t${{ inputs.x }}\n\tEOF', value => `${value}\n`],
	['in two here-documents on one line', 'cat <<A; cat <<B\n${{ inputs.x }}\nA\n${{ inputs.x }}\nB', value => `${value}\n${value}\n`],
	['in $( ) in a here-document', "cat <<EOF\n$(printf '[%s]' \"${{ inputs.x }}\")\nEOF", args],
	['in a here-document in $( )', "out=$(cat <<EOF\n${{ inputs.x }}\nEOF\n); printf '[%s]\\n' \"$out\"", captured],
];

describe('a value bash takes as text', () => {
	it.each(accepted)('%s: reaches the command exactly, and the command shown does the same', async (_where, text, expected) => {
		const cwd = await mkdtemp(join(dir, 'run-'));
		for (const {value, script, shown} of runAll(text, cwd)) {
			expect(script, JSON.stringify(value)).toEqual({out: expected(value), code: '0'});
			expect(shown, `the command shown for ${JSON.stringify(value)}: ${displayCommand(text, [value, value])}`).toEqual(script);
		}
		expect(await readdir(cwd)).toEqual([]);
	});
});

/** Places bash would read a value's text as code, arithmetic or a name, and what validate says. */
const refused: [string, string, string][] = [
	['backticks', 'echo `echo ${{ inputs.x }}`', 'inside backticks is parsed by bash a second time'],
	['a comment', 'echo hi # was ${{ inputs.x }}', 'inside a # comment never reaches a command'],
	["<<'EOF'", "cat <<'EOF'\n${{ inputs.x }}\nEOF", 'bash expands nothing in a here-document whose delimiter is quoted'],
	['<<"EOF"', 'cat <<"EOF"\n${{ inputs.x }}\nEOF', 'bash expands nothing in a here-document whose delimiter is quoted'],
	['<<\\EOF', 'cat <<\\EOF\n${{ inputs.x }}\nEOF', 'bash expands nothing in a here-document whose delimiter is quoted'],
	['$(( ))', 'echo $(( ${{ inputs.x }} + 1 ))', 'a value inside $(( )) is evaluated by bash as arithmetic, so its text could run commands'],
	['(( ))', '(( ${{ inputs.x }} > 2 ))', 'a value inside (( )) is evaluated by bash as arithmetic'],
	['$[ ]', 'echo $[ ${{ inputs.x }} ]', 'a value inside $[ ] is evaluated by bash as arithmetic'],
	['[[ -gt ]]', '[[ ${{ inputs.x }} -gt 3 ]]', 'a value inside [[ ]] can be evaluated by bash as arithmetic'],
	['a subscript', 'arr[${{ inputs.x }}]=x', 'a value inside an array subscript [ ] is evaluated by bash as arithmetic'],
	['${arr[ ]}', 'echo "${arr[${{ inputs.x }}]}"', 'a value inside ${ } is read by bash as part of the expansion'],
	['${x:offset}', 'echo "${x:${{ inputs.x }}}"', 'a value inside ${ } is read by bash as part of the expansion'],
	['${VAR:-default}', 'echo ${VAR:-${{ inputs.x }}}', 'a value inside ${ } is read by bash as part of the expansion'],
	['let', 'let n=${{ inputs.x }}', 'a value in a let command is evaluated by bash as arithmetic'],
	['declare -i', 'declare -i n=${{ inputs.x }}', 'a value in a declare -i command is evaluated by bash as arithmetic'],
	['an integer declared elsewhere', 'n=${{ inputs.x }}\ndeclare -i n', 'this script declares integer or reference variables'],
	["$'…'", "echo $'a ${{ inputs.x }}'", "bash reads escapes in $'…', not values"],
	['eval', 'eval "echo ${{ inputs.x }}"', 'a value in an eval command is run by bash as shell code'],
	['read', 'read -r ${{ inputs.x }}', 'is read by bash as a variable name, and a name such as a[$(cmd)] runs cmd'],
	['printf -v', "printf -v ${{ inputs.x }} '%s' a", 'a value after printf -v is read by bash as a variable name'],
	['[ -v ]', '[ -v ${{ inputs.x }} ]', 'a value after -v in a test is read by bash as a variable name'],
	['a test operand after a value', '[ ${{ inputs.ok }} ${{ inputs.x }} ]', 'is read by bash as a variable name when the value before it is -v'],
	["after a value as printf's first argument", 'printf ${{ inputs.ok }} ${{ inputs.x }}', 'is read by bash as a variable name when the value before it is -v'],
	['a command named by a value', '${{ inputs.ok }} ${{ inputs.x }}', "could be run by bash as shell code: the command's name is a value too"],
	['compgen -W', 'compgen -W ${{ inputs.x }} a', 'a value in a compgen command is run by bash as shell code'],
	['RANDOM=', 'RANDOM=${{ inputs.x }}', 'a value assigned to RANDOM is evaluated by bash'],
	['a backslash before it', 'echo \\${{ inputs.x }}', 'a backslash right before ${{ would undo the quoting'],
	['$ before it', 'echo $${{ inputs.x }}', 'a $ right before ${{ would join the value to an expansion'],
	['after code belay cannot follow', 'echo )\necho ${{ inputs.x }}', 'belay cannot follow the shell code before this value (a ) that closes nothing)'],
];

/** `FILE:LINE:COLUMN` of the first `${{ inputs.x` (the refused value) after `after` in a file's text. */
function located(file: string, text: string, after: number): string {
	const at = text.indexOf('${{ inputs.x', after);
	const before = text.slice(0, at);
	return `${file}:${before.split('\n').length}:${at - before.lastIndexOf('\n')}`;
}

describe('a value bash would read as code, arithmetic or a name', () => {
	it('is refused by belay validate at its ${{, with the safe form, every one at once', async () => {
		const work = await tempDir('shell-refused');
		const file = await writeRunbook(work, 'refused.yaml', {
			version: 1,
			name: 'refused',
			title: 'Refused',
			inputs: {x: {default: '1'}, ok: {default: '2'}},
			// The short form (`shell: TEXT`) and the long one (`run:`) in turn; YAML writes the many-line ones as block scalars (`|`).
			steps: refused.map(([, run], index) => ({id: `s${index}`, title: `Step ${index}`, shell: index % 2 ? run : {run}})),
		});
		const exit = await belay(['validate', file]);
		expect(exit.code, describeExit(exit)).toBe(2);
		const text = (await import('node:fs')).readFileSync(file, 'utf8');
		const lines = exit.stderr.trimEnd().split('\n');
		refused.forEach(([, , message], index) => {
			const step = text.indexOf(`id: s${index}\n`);
			const line = lines.find(candidate => candidate.startsWith(`${located(file, text, step)}: `));
			expect(line, `step s${index}: no problem at ${located(file, text, step)} in\n${exit.stderr}`).toBeDefined();
			expect(line).toContain(index % 2 ? 'shell: ' : 'shell.run: ');
			expect(line).toContain(message);
		});
		expect(lines.filter(line => line.startsWith(file))).toHaveLength(refused.length);
	});

	it('names the safe form: the value through the step env, read as a quoted variable', async () => {
		const work = await tempDir('shell-hint');
		const file = await writeRunbook(work, 'hint.yaml', {
			version: 1,
			name: 'hint',
			title: 'Hint',
			inputs: {count: {default: '1'}},
			steps: [{id: 'bump', title: 'Bump', shell: {run: 'echo $(( ${{ inputs.count }} + 1 ))'}}],
		});
		const exit = await belay(['validate', file]);
		expect(exit.code, describeExit(exit)).toBe(2);
		expect(exit.stderr).toContain(
			`${file}:11:21: shell.run: a value inside $(( )) is evaluated by bash as arithmetic, so its text could run commands; ` +
				`pass it through the step's env: (env: {COUNT: "\${{ inputs.count }}"}) and use "$COUNT", after checking it is a number`,
		);
	});
});
