import type {Unsafe} from './shell-unsafe.js';

/**
 * What the command a value is an argument of does with it. Most commands take an argument as
 * text; a few bash builtins read theirs as arithmetic, as a variable name (where `a[$(cmd)]` runs
 * cmd) or as shell code, whatever the quoting.
 */

/** Builtins that run an argument as shell code. */
const codeBuiltins = new Set(['eval', 'trap', 'alias', 'compgen', 'complete']);
/** Builtins that read arguments as variable names. */
const nameBuiltins = new Set(['read', 'mapfile', 'readarray', 'getopts', 'unset']);
/** Builtins whose arguments are `name=value` declarations. */
const declarations = new Set(['declare', 'typeset', 'local', 'export', 'readonly']);
/** Variables whose assigned value bash evaluates: arithmetic, or prompt and startup-file expansion. */
const specialVariables = new Set(['RANDOM', 'SRANDOM', 'OPTIND', 'HISTCMD', 'SECONDS', 'LINENO', 'PS0', 'PS1', 'PS2', 'PS3', 'PS4', 'PROMPT_COMMAND', 'BASH_ENV', 'ENV']);

/** Words that start nothing by themselves: the word after one is still in command position. */
export const reservedWords = new Set([
	'!', '{', '}', 'if', 'then', 'else', 'elif', 'fi', 'do', 'done', 'while', 'until', 'for', 'in', 'case', 'esac', 'select', 'function', 'time', 'coproc',
]);

/** The variable a word assigns to when it starts `name=`, `name+=` or `name[…]=`. */
export function assignedName(prefix: string): string | undefined {
	return /^([A-Za-z_][A-Za-z0-9_]*)(\[[^\]]*\])?\+?=/.exec(prefix)?.[1];
}

/** True when a word ends with `name=` (or `name+=`): a `(` after it opens an array assignment. */
export function endsAssignment(prefix: string): boolean {
	return /^[A-Za-z_][A-Za-z0-9_]*(\[[^\]]*\])?\+?=$/.test(prefix);
}

/** A word as bash reads it after quote removal, near enough to recognise a builtin's name. */
export function unquote(word: string): string {
	return word.replace(/\\(.)/gs, '$1').replace(/['"]/g, '');
}

/**
 * What the words of a simple command so far say about its arguments, kept as each word comes
 * (a command with thousands of words is not read again for each value).
 */
export class CommandFacts {
	/** A builtin seen among the words that reads its arguments as code, arithmetic or names. */
	builtin: Unsafe | undefined;
	/** The first declaration builtin among the words (`declare`, `local`, …). */
	declaration: string | undefined;
	/** Option letters given to it (`declare -ri` → `ri`). */
	options = '';
	printf = false;
	test = false;
	/** A `-v` or `-R` word (a test of whether a variable is set). */
	dashV = false;
	lastWord = '';
	/** The command's name holds a value: it could name any builtin, eval included. */
	dynamic = false;
	/** The last word is values only (so it could be `-v`). */
	afterValue = false;
	/** printf's first argument is values only (so it could be `-v`, making the next one a name). */
	printfOption = false;
	private count = 0;
	private printfAt = -1;
	/** After `command` or `builtin` in command position: the next word names the command run. */
	private wrapper = false;

	/**
	 * A finished word of the command, quotes removed. `shape`: whether it holds values, holds
	 * nothing else (quotes aside), and is the command's name.
	 */
	add(word: string, shape: {readonly hasValue: boolean; readonly valueOnly: boolean; readonly command: boolean}): void {
		const names = shape.command || (this.wrapper && !word.startsWith('-'));
		this.dynamic ||= names && shape.hasValue;
		if (names) this.wrapper = word === 'command' || word === 'builtin';
		if (word === 'printf' && this.printfAt < 0) this.printfAt = this.count;
		this.printfOption ||= this.printfAt >= 0 && this.count === this.printfAt + 1 && shape.valueOnly;
		this.afterValue = shape.valueOnly;
		this.count++;
		if (this.declaration && /^[-+][A-Za-z]+$/.test(word)) this.options += word.slice(1);
		if (word === 'let') this.builtin ??= {kind: 'arithmetic', where: 'in a let command'};
		if (codeBuiltins.has(word)) this.builtin ??= {kind: 'code', where: `in ${/^[aeiou]/.test(word) ? 'an' : 'a'} ${word} command`};
		if (nameBuiltins.has(word)) this.builtin ??= {kind: 'name', where: `in a ${word} command`};
		if (declarations.has(word)) this.declaration ??= word;
		this.printf ||= word === 'printf';
		this.test ||= word === '[' || word === 'test';
		this.dashV ||= word === '-v' || word === '-R';
		this.lastWord = word;
	}

	/** True when the options of a declaration make later assignments evaluated (integer, reference). */
	evaluatesAssignments(): boolean {
		return this.options.includes('i') || (this.options.includes('n') && this.declaration !== 'export');
	}

	/**
	 * Why a value in the current word is unsafe, or undefined when the command takes it as text.
	 * `prefix`: the current word up to the value, as written.
	 */
	rule(prefix: string): Unsafe | undefined {
		if (this.builtin) return this.builtin;
		if (this.dynamic) return {kind: 'dynamic', where: 'in a command whose name is a value'};
		if (this.printf && (this.lastWord === '-v' || prefix.startsWith('-v'))) return {kind: 'name', where: 'after printf -v'};
		if (this.printfOption) return {kind: 'operator', where: "after a value as printf's first argument"};
		if (this.test && this.dashV) return {kind: 'name', where: 'after -v in a test'};
		if (this.test && this.afterValue) return {kind: 'operator', where: 'right after another value in a test'};
		const name = assignedName(prefix);
		const declaration = this.declaration;
		if (declaration) {
			if (name === undefined) return {kind: 'name', where: `in a ${declaration} command, outside the value of a name=value`};
			if (this.options.includes('i')) return {kind: 'arithmetic', where: `in a ${declaration} -i command`};
			if (this.options.includes('n') && declaration !== 'export') return {kind: 'name', where: `in a ${declaration} -n command`};
			if (/[aA]/.test(this.options)) return {kind: 'array', where: `in a ${declaration} -${this.options.includes('a') ? 'a' : 'A'} command`};
		}
		if (name !== undefined && specialVariables.has(name)) return {kind: 'special', where: `assigned to ${name}`};
		return undefined;
	}
}
