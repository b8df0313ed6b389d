import {assignedName, endsAssignment} from './shell-command-rules.js';
import {bodyEnd, readDelimiter, type Heredoc} from './shell-heredoc.js';
import {CommandList} from './shell-list.js';
import {ShellScanner, unsafeAt, type Hole, type Inherit, type Place} from './shell-scanner.js';
import type {Unsafe} from './shell-unsafe.js';

export type {Hole, Place} from './shell-scanner.js';

const ends = (char: string | undefined): boolean => char === undefined || /[\s;&|()<>]/.test(char);
const at = unsafeAt;

/**
 * Walks shell text the way bash reads it (quotes, `$( )`, backticks, `${ }`, arithmetic, `[[ ]]`,
 * subscripts, comments, here-documents, line continuations) and says where each hole stands.
 * Returns one place per hole, and whether the script declares variables whose assignments bash
 * evaluates (`declare -i`, `declare -n`).
 */
export function lexShell(text: string, holes: readonly Hole[]): {places: Place[]; evaluatesAssignments: boolean} {
	const lexer = new Lexer(text, holes);
	lexer.list(0, {taint: undefined, assignment: false, heredocs: []}, false);
	const lost = lexer.lost ?? at('lost', 'the shell code around it could not be read');
	return {places: holes.map((_hole, index) => lexer.places[index] ?? {kind: 'unsafe', why: lost}), evaluatesAssignments: lexer.evaluates};
}

function maskHoles(text: string, holes: readonly Hole[]): string {
	let masked = '';
	let from = 0;
	for (const hole of holes) {
		masked += text.slice(from, hole.start) + '\0'.repeat(hole.end - hole.start);
		from = hole.end;
	}
	return masked + text.slice(from);
}

class Lexer extends ShellScanner {
	evaluates = false;
	/** The text with every hole written as NUL bytes (the same length). */
	private readonly masked = maskHoles(this.text, this.holes);
	/** Here-documents waiting for the end of their line, in every list. */
	private pending = 0;

	/**
	 * The current word up to `offset`: enough of it to see `name=`, `name[…]=` or `-v` (a longer
	 * word is cut, so that a word of many quotes is not read again at each one).
	 */
	private prefix(list: CommandList, offset: number): string {
		const start = list.wordStart ?? offset;
		return offset - start > 4096 ? `${this.text.slice(start, start + 4096)}…` : this.text.slice(start, offset);
	}

	/** What a value in the current word of `list` inherits: the command's rule, an assignment. */
	private within(list: CommandList, offset: number, inherit: Inherit): Inherit {
		const prefix = this.prefix(list, offset);
		const rule = list.redirect ? undefined : list.facts.rule(prefix);
		return {...inherit, taint: inherit.taint ?? rule, assignment: inherit.assignment || (!list.redirect && assignedName(prefix) !== undefined)};
	}

	/** A list of commands from `from`; `closed`: it ends at a `)` (a `$( )`, a process substitution). */
	list(from: number, inherit: Inherit, closed: boolean): number {
		const text = this.text;
		const list = new CommandList(text, this.masked, closed);
		let offset = from;
		while (offset < this.limit) {
			const char = text[offset]!;
			if (this.starts.has(offset)) {
				list.start(offset);
				const {taint, ...within} = this.within(list, offset, inherit);
				const end = this.holeEnd(offset)!;
				const standalone = list.wordStart === offset && (end >= this.limit || ends(text[end]));
				offset = this.value(offset, taint, {kind: 'word', standalone, ...within});
			} else if (char === '\\' && text[offset + 1] === '\n') {
				offset += 2;
			} else if (char === '\\') {
				list.start(offset);
				offset = this.escape(offset, this.within(list, offset, inherit).taint);
			} else if (char === ' ' || char === '\t') {
				list.end(offset++);
			} else if (char === '\n') {
				list.end(offset);
				list.boundary();
				offset = this.newline(offset + 1, list, inherit);
			} else if (char === '#' && list.wordStart === undefined) {
				offset = this.comment(offset + 1, inherit.taint);
			} else if (char === '(') {
				offset = this.open(offset, list, inherit);
			} else if (char === ')') {
				list.end(offset);
				if (!list.endsPattern()) {
					if (list.parens > 0) list.parens--;
					else if (closed) return this.close(list, offset + 1);
					else this.lose('a ) that closes nothing');
				}
				list.boundary();
				offset++;
			} else if (char === ';' || char === '&' || char === '|') {
				offset = this.operator(offset, list);
			} else if (char === '<' || char === '>') {
				offset = this.redirection(offset, list, inherit);
			} else if (char === '[' && list.wordStart === undefined && text.startsWith('[[', offset) && ends(text[offset + 2])) {
				offset = this.doubleBracket(offset + 2, inherit.taint ?? at('test', 'inside [[ ]]'));
			} else if (char === '[' && list.wordStart !== undefined && /^[A-Za-z_][A-Za-z0-9_]*$/.test(this.prefix(list, offset))) {
				offset = this.arithmetic(offset + 1, inherit.taint ?? at('arithmetic', 'inside an array subscript [ ]'), ']');
			} else if (char === "'" || char === '"' || char === '`' || char === '$') {
				list.start(offset);
				offset = this.quoted(offset, this.within(list, offset, inherit), true);
			} else {
				list.start(offset);
				offset++;
			}
		}
		list.end(offset);
		if (closed) this.lose('a $( or ( that is not closed');
		return this.close(list, offset);
	}

	/** The end of a list: here-documents still waiting never get a body. */
	private close(list: CommandList, offset: number): number {
		if (list.heredocs.length > 0) this.lose('a here-document inside $( ) whose body never starts');
		this.pending -= list.heredocs.length;
		list.heredocs = [];
		this.evaluates ||= list.evaluates;
		return offset;
	}

	/** `(` in a list: an array assignment, `(( ))`, a case pattern's optional `(`, or a subshell. */
	private open(offset: number, list: CommandList, inherit: Inherit): number {
		const text = this.text;
		if (list.wordStart !== undefined && endsAssignment(this.prefix(list, offset))) {
			return this.array(offset + 1, {...this.within(list, offset, inherit), assignment: true});
		}
		list.end(offset);
		if (text[offset + 1] === '(') return this.arithmetic(offset + 2, inherit.taint ?? at('arithmetic', 'inside (( ))'), '))');
		if (!list.opensPattern()) list.parens++;
		list.boundary();
		return offset + 1;
	}

	/** `;`, `;;`, `&`, `&&`, `|`, `||`, `|&`, `&>`: the simple command ends (or a redirection starts). */
	private operator(offset: number, list: CommandList): number {
		const text = this.text;
		list.end(offset);
		if (text.startsWith('&>', offset)) {
			list.redirectNext = true;
			return offset + (text[offset + 2] === '>' ? 3 : 2);
		}
		const length = /^(;;&|;;|;&|&&|\|\||\|&)/.exec(text.slice(offset, offset + 3))?.[0].length ?? 1;
		if (text[offset] === ';' && length > 1) list.endBranch();
		list.boundary();
		return offset + length;
	}

	/** `<`, `>` and their kinds: a process substitution, a here-document, or a redirection. */
	private redirection(offset: number, list: CommandList, inherit: Inherit): number {
		const text = this.text;
		list.end(offset);
		if (text[offset + 1] === '(') {
			list.start(offset);
			return this.nest(() => this.list(offset + 2, this.within(list, offset, inherit), true));
		}
		if (text.startsWith('<<', offset) && text[offset + 2] !== '<') return this.heredoc(offset + 2, list);
		list.redirectNext = true;
		return offset + (/^(<<<|>>|>\||>&|<&|<>)/.exec(text.slice(offset, offset + 3))?.[0].length ?? 1);
	}

	/** `<<WORD`: the delimiter is read; the body waits for the end of the line. */
	private heredoc(offset: number, list: CommandList): number {
		const read = readDelimiter(this.text, offset, this.limit, this.holeEnd);
		if ('holeAt' in read) {
			this.value(read.holeAt, at('heredoc-delimiter', 'in a here-document delimiter'));
			this.lose('a here-document delimiter that holds a value');
		} else if ('empty' in read) {
			this.lose('<< without a delimiter');
		} else {
			list.heredocs.push(read.heredoc);
			this.pending++;
		}
		return read.end;
	}

	/** After a newline in a list: the bodies of the line's here-documents, one after the other. */
	private newline(offset: number, list: CommandList, inherit: Inherit): number {
		if (list.heredocs.length === 0) {
			if (this.pending > 0) this.lose('a line break inside $( ) before the here-document of its line');
			return offset;
		}
		const heredocs = list.heredocs;
		list.heredocs = [];
		this.pending -= heredocs.length;
		for (const heredoc of heredocs) offset = this.body(offset, heredoc, inherit, list.nested);
		return offset;
	}

	/** A here-document body: literal when its delimiter is quoted, else expanded like "…" but for quotes. */
	private body(from: number, heredoc: Heredoc, inherit: Inherit, nested: boolean): number {
		const {end, after, unsure} = bodyEnd(this.text, from, this.limit, heredoc, this.holeEnd, nested);
		if (unsure) this.lose(`a line that starts with ${heredoc.delimiter} in a here-document inside $( )`);
		if (heredoc.quoted) {
			const quoted = inherit.taint ?? at('quoted-heredoc', 'inside a here-document with a quoted delimiter');
			this.holes.forEach(hole => {
				if (hole.start >= from && hole.start < end) this.value(hole.start, quoted);
			});
			return after;
		}
		const limit = this.limit;
		this.limit = end;
		const inside = {...inherit, heredocs: [...inherit.heredocs, heredoc]};
		let offset = from;
		while (offset < end) {
			const char = this.text[offset];
			if (this.starts.has(offset)) offset = this.value(offset, inside.taint, {kind: 'heredoc', assignment: inside.assignment, heredocs: inside.heredocs});
			else if (char === '\\') offset = this.escape(offset, inside.taint);
			else if (char === '`' || char === '$') offset = this.quoted(offset, inside, false);
			else offset++;
		}
		this.limit = limit;
		return after;
	}









	/** `[[ … ]]`, up to the word `]]`; every value inside is unsafe. */
	private doubleBracket(from: number, taint: Unsafe): number {
		let wordStart = true;
		for (let offset = from; offset < this.limit; ) {
			const char = this.text[offset]!;
			if (this.starts.has(offset)) {
				offset = this.value(offset, taint);
				wordStart = false;
			} else if (wordStart && this.text.startsWith(']]', offset) && ends(this.text[offset + 2])) {
				return offset + 2;
			} else {
				wordStart = /[\s()&|;<>]/.test(char);
				if (char === '\\') offset = this.escape(offset, taint);
				else if ("'\"`$".includes(char)) offset = this.quoted(offset, {taint, assignment: false, heredocs: []}, true);
				else offset++;
			}
		}
		this.lose('a [[ that is not closed');
		return this.limit;
	}

	/** `name=( … )`: words, `[key]=` subscripts and comments up to the `)`. */
	private array(from: number, inherit: Inherit): number {
		let wordStart: number | undefined;
		for (let offset = from; offset < this.limit; ) {
			const char = this.text[offset]!;
			if (this.starts.has(offset)) {
				const end = this.holeEnd(offset)!;
				const standalone = wordStart === undefined && ends(this.text[end]);
				wordStart ??= offset;
				offset = this.value(offset, inherit.taint, {kind: 'word', standalone, assignment: true, heredocs: inherit.heredocs});
			} else if (char === ')') {
				return offset + 1;
			} else if (/\s/.test(char)) {
				wordStart = undefined;
				offset++;
			} else if (char === '#' && wordStart === undefined) {
				offset = this.comment(offset + 1, inherit.taint);
			} else if (char === '[' && wordStart === undefined) {
				wordStart = offset;
				offset = this.arithmetic(offset + 1, inherit.taint ?? at('arithmetic', 'inside an array subscript [ ]'), ']');
			} else {
				wordStart ??= offset;
				if (char === '(') this.lose('a ( inside an array assignment');
				if (char === '\\') offset = this.text[offset + 1] === '\n' ? offset + 2 : this.escape(offset, inherit.taint);
				else if ("'\"`$".includes(char)) offset = this.quoted(offset, inherit, true);
				else offset++;
			}
		}
		this.lose('an array assignment ( that is not closed');
		return this.limit;
	}

}
