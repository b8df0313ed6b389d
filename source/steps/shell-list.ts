import {assignedName, CommandFacts, reservedWords, unquote} from './shell-command-rules.js';
import type {Heredoc} from './shell-heredoc.js';

/**
 * What the lexer knows inside one list of commands (the script, a `$( )`, a subshell): the words of
 * the simple command being read, the word being read, `case` patterns, here-documents waiting for
 * the end of the line.
 */
export class CommandList {
	/** What the finished words of the current simple command say about its arguments. */
	facts = new CommandFacts();
	/** How many words the current simple command has. */
	words = 0;
	/** Where the current word started, or undefined between words. */
	wordStart: number | undefined;
	/** The current word is the target of a redirection (`> file`), not an argument. */
	redirect = false;
	/** The next word is the target of a redirection. */
	redirectNext = false;
	/** At the start of a command, where `case` and `esac` are keywords. */
	commandStart = true;
	/** Open `case` commands: reading the word, a pattern (up to its `)`), or a branch. */
	cases: ('head' | 'pattern' | 'body')[] = [];
	/** Open parentheses of subshells and function definitions. */
	parens = 0;
	/** Here-documents whose bodies start after this line. */
	heredocs: Heredoc[] = [];
	/** Set when a finished word gives a declaration builtin the -i or -n option. */
	evaluates = false;

	/**
	 * @param text the shell text
	 * @param masked the same with every `${{ }}` written as NUL bytes, to tell which words hold values
	 * @param nested the list is inside `$( )` or `<( )`
	 */
	constructor(
		private readonly text: string,
		private readonly masked: string,
		readonly nested: boolean,
	) {}

	/** A word starts at `at` unless one is being read. */
	start(at: number): void {
		if (this.wordStart !== undefined) return;
		this.wordStart = at;
		this.redirect = this.redirectNext;
		this.redirectNext = false;
	}

	/** The word being read ends before `at`. */
	end(at: number): void {
		if (this.wordStart === undefined) return;
		const raw = this.text.slice(this.wordStart, at);
		const masked = this.masked.slice(this.wordStart, at);
		this.wordStart = undefined;
		if (this.redirect) {
			this.redirect = false;
			return;
		}
		const word = unquote(raw);
		const top = this.cases[this.cases.length - 1];
		if (word === 'case' && this.commandStart) this.cases.push('head');
		else if (top === 'head' && word === 'in') {
			this.cases[this.cases.length - 1] = 'pattern';
			this.boundary();
			return;
		} else if (word === 'esac' && (top === 'pattern' || (top === 'body' && this.commandStart))) this.cases.pop();
		const hasValue = masked.includes('\0');
		const command = this.commandStart && !reservedWords.has(word) && assignedName(raw) === undefined;
		this.facts.add(word, {hasValue, valueOnly: hasValue && /^["'\0]*$/.test(masked), command});
		this.words++;
		this.evaluates ||= this.facts.evaluatesAssignments();
		this.commandStart &&= !command;
	}

	/** A new simple command starts (after `;`, `|`, `&&`, a newline, a parenthesis). */
	boundary(): void {
		this.facts = new CommandFacts();
		this.words = 0;
		this.commandStart = true;
		this.redirectNext = false;
	}

	/** `;;`, `;&` or `;;&`: the branch of a `case` ends and the next pattern comes. */
	endBranch(): void {
		if (this.cases[this.cases.length - 1] === 'body') this.cases[this.cases.length - 1] = 'pattern';
	}

	/** A `)` that ends a `case` pattern, when one is being read. */
	endsPattern(): boolean {
		if (this.cases[this.cases.length - 1] !== 'pattern') return false;
		this.cases[this.cases.length - 1] = 'body';
		return true;
	}

	/** A `(` before a `case` pattern, which bash allows (`(a|b) …`). */
	opensPattern(): boolean {
		return this.cases[this.cases.length - 1] === 'pattern' && this.words === 0;
	}
}
