/**
 * Why a `${{ }}` in a shell step stands where belay cannot pass it safely, and what the author
 * is told to write instead.
 */

/** What bash would do with the value there. */
export type UnsafeKind =
	| 'arithmetic'
	| 'name'
	| 'operator'
	| 'dynamic'
	| 'array'
	| 'code'
	| 'expansion'
	| 'test'
	| 'special'
	| 'integer'
	| 'backtick'
	| 'comment'
	| 'quoted-heredoc'
	| 'heredoc-delimiter'
	| 'ansi'
	| 'locale'
	| 'escaped'
	| 'dollar'
	| 'lost';

/** An unsafe place: its kind and where it is, in words (`inside $(( ))`, `in a let command`). */
export type Unsafe = {readonly kind: UnsafeKind; readonly where: string};

/** Variables bash would never hand the value over as plain text. */
const reserved = new Set(['PATH', 'HOME', 'IFS', 'PWD', 'OLDPWD', 'SHELL', 'USER', 'UID', 'EUID', 'PPID', 'TERM', 'LANG', 'ENV']);

/**
 * The environment variable the hint suggests: the last name the expression reads, in capitals
 * (`inputs.tableArn` → `TABLE_ARN`), or VALUE.
 */
export function envName(source: string): string {
	const names = source.match(/[A-Za-z_][A-Za-z0-9_]*/g) ?? [];
	const last = names[names.length - 1];
	if (last === undefined) return 'VALUE';
	const name = last.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase();
	return reserved.has(name) || name.startsWith('BASH') || /^[0-9_]/.test(name) ? `VALUE_${name.replace(/^_+/, '')}` : name;
}

/** The safe form: the value in the step's env, read as a quoted variable. */
function viaEnv(source: string, after = ''): string {
	const name = envName(source);
	return `pass it through the step's env: (env: {${name}: "\${{ ${source} }}"}) and use "$${name}"${after}`;
}

/** The message for a value at an unsafe place; `source` is the expression as written. */
export function unsafeMessage(why: Unsafe, source: string): string {
	const value = `a value ${why.where}`;
	switch (why.kind) {
		case 'arithmetic':
			return `${value} is evaluated by bash as arithmetic, so its text could run commands; ${viaEnv(source, ', after checking it is a number')}`;
		case 'name':
			return `${value} is read by bash as a variable name, and a name such as a[$(cmd)] runs cmd; ${viaEnv(source)}`;
		case 'operator':
			return `${value} is read by bash as a variable name when the value before it is -v, and a name such as a[$(cmd)] runs cmd; ${viaEnv(source)}`;
		case 'dynamic':
			return `${value} could be run by bash as shell code: the command's name is a value too, and could be eval; write the command's name in the runbook, or ${viaEnv(source)}`;
		case 'array':
			return `${value} is read by bash as an array assignment, whose subscripts are arithmetic, so its text could run commands; ${viaEnv(source)}`;
		case 'code':
			return `${value} is run by bash as shell code, so its text could run commands; ${viaEnv(source)}, not as code`;
		case 'expansion':
			return `${value} is read by bash as part of the expansion (an offset, a length or a subscript is arithmetic), so its text could run commands; ${viaEnv(source)}`;
		case 'test':
			return `${value} can be evaluated by bash as arithmetic (-eq, -gt, …) or as a variable name (-v), so its text could run commands; ${viaEnv(source)} in [ ] or test`;
		case 'special':
			return `${value} is evaluated by bash (as arithmetic or as a prompt), so its text could run commands; assign it to another variable`;
		case 'integer':
			return `${value} may be evaluated by bash: this script declares integer or reference variables (declare -i, declare -n), and bash evaluates what is assigned to one, so its text could run commands; ${viaEnv(source, ', after checking it')}`;
		case 'backtick':
			return `${value} is parsed by bash a second time, so its text could run commands; write $( ) instead of backticks`;
		case 'comment':
			return `${value} never reaches a command: bash ignores comments; move it out of the comment`;
		case 'quoted-heredoc':
			return `${value} would not be expanded: bash expands nothing in a here-document whose delimiter is quoted; write the delimiter unquoted (<<EOF), or ${viaEnv(source)}`;
		case 'heredoc-delimiter':
			return `${value} cannot be a here-document delimiter: bash never expands one; write the delimiter as plain text`;
		case 'ansi':
			return `${value} cannot be passed: bash reads escapes in $'…', not values; close the $'…' before the value`;
		case 'locale':
			return `${value} would be looked up as a translated message; use plain double quotes "…"`;
		case 'escaped':
			return `a backslash right before \${{ would undo the quoting that keeps the value one argument; remove the backslash`;
		case 'dollar':
			return `a $ right before \${{ would join the value to an expansion; remove the $`;
		case 'lost':
			return `belay cannot follow the shell code before this value (${why.where}), so it cannot prove what bash does with it; check the quotes and brackets before it, or ${viaEnv(source)}`;
	}
}
