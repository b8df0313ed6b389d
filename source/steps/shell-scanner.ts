import type {Heredoc} from './shell-heredoc.js';
import type {Unsafe} from './shell-unsafe.js';

/** Where a `${{ }}` is in the shell text: from its `${{` to after its `}}`. */
export type Hole = {readonly start: number; readonly end: number};

/**
 * Where a value stands, as bash reads the script: a word of its own or part of one (`"${N}"`),
 * inside double quotes (`${N}`), inside single quotes (`'"${N}"'`), in the body of an unquoted
 * here-document (`${N}`); or a place where bash would read its text as code, arithmetic or a name.
 */
export type Place =
	| ({readonly kind: 'word'; readonly standalone: boolean} & Within)
	| ({readonly kind: 'double' | 'single' | 'heredoc'} & Within)
	| {readonly kind: 'unsafe'; readonly why: Unsafe};

/**
 * What a safe place knows of its surroundings: whether the value is assigned to a variable, and
 * the here-document bodies it stands in, innermost last (bash reads a body's lines before anything
 * inside them, so a line of the value shown there must not read as their delimiter).
 */
export type Within = {readonly assignment: boolean; readonly heredocs: readonly Heredoc[]};

/** What an enclosing construct imposes: a reason every value inside is unsafe, an assignment, here-documents. */
export type Inherit = {readonly taint: Unsafe | undefined} & Within;

/** How deep quotes, `$( )` and brackets may nest before belay stops following them. */
const maxDepth = 200;

export const unsafeAt = (kind: Unsafe['kind'], where: string): Unsafe => ({kind, where});
const at = unsafeAt;

/**
 * The part of the shell lexer that reads quotes and expansions: `'…'`, `"…"`, `$'…'`, `$"…"`,
 * backticks, `${ }`, `$(( ))`, `$[ ]`, subscripts and comments. Each places the holes it meets and
 * returns where it ends; a `$( )` inside goes back to the lexer's list of commands.
 */
export abstract class ShellScanner {
	readonly places: (Place | undefined)[] = [];
	lost: Unsafe | undefined;
	protected readonly starts = new Map<number, number>();
	private depth = 0;
	protected limit: number;

	constructor(
		protected readonly text: string,
		protected readonly holes: readonly Hole[],
	) {
		holes.forEach((hole, index) => this.starts.set(hole.start, index));
		this.limit = text.length;
	}

	protected readonly holeEnd = (offset: number): number | undefined => {
		const index = this.starts.get(offset);
		return index === undefined ? undefined : this.holes[index]!.end;
	};

	protected lose(where: string): void {
		this.lost ??= at('lost', where);
	}

	/** Places the hole at `offset`, unsafe when `taint` says so (or no place is given), and returns where it ends. */
	protected value(offset: number, taint: Unsafe | undefined, place?: Place): number {
		const index = this.starts.get(offset)!;
		const why = this.lost ?? taint ?? (place ? undefined : at('lost', 'a place belay does not know'));
		this.places[index] ??= why ? {kind: 'unsafe', why} : place!;
		return this.holes[index]!.end;
	}

	/** A backslash at `offset`: the next character is taken literally; before a hole, the hole is unsafe. */
	protected escape(offset: number, taint: Unsafe | undefined): number {
		if (!this.starts.has(offset + 1)) return Math.min(offset + 2, this.limit);
		return this.value(offset + 1, taint ?? at('escaped', 'after a backslash'));
	}

	/** A list of commands from `from`; `closed`: it ends at a `)` (a `$( )`, a process substitution). */
	abstract list(from: number, inherit: Inherit, closed: boolean): number;

	/**
	 * A quote, a backtick or a `$` at `offset`. `plain`: outside double quotes and here-document
	 * bodies, where `$'…'` and `$"…"` are quotes too.
	 */
	protected quoted(offset: number, inherit: Inherit, plain: boolean): number {
		return this.nest(() => this.expansion(offset, inherit, plain));
	}

	/**
	 * Runs a nested reader one level deeper. Past `maxDepth` levels belay stops following (the
	 * values after are refused) rather than use the whole stack on a pathological text.
	 */
	protected nest(read: () => number): number {
		if (this.depth >= maxDepth) {
			this.lose('quotes and brackets nested deeper than belay follows');
			return this.limit;
		}
		this.depth++;
		try {
			return read();
		} finally {
			this.depth--;
		}
	}

	private expansion(offset: number, inherit: Inherit, plain: boolean): number {
		const text = this.text;
		const char = text[offset];
		const {taint} = inherit;
		if (char === "'") return this.single(offset + 1, inherit);
		if (char === '"') return this.double(offset + 1, inherit);
		if (char === '`') return this.backtick(offset + 1, taint);
		if (this.starts.has(offset + 1)) {
			return this.value(offset + 1, at('dollar', 'after a $'));
		}
		if (text.startsWith('$((', offset)) return this.arithmetic(offset + 3, taint ?? at('arithmetic', 'inside $(( ))'), '))');
		const next = text[offset + 1];
		if (next === '(') return this.list(offset + 2, inherit, true);
		if (next === '{') return this.parameter(offset + 2, taint ?? at('expansion', 'inside ${ }'));
		if (next === '[') return this.arithmetic(offset + 2, taint ?? at('arithmetic', 'inside $[ ]'), ']');
		if (plain && next === "'") return this.ansi(offset + 2, taint ?? at('ansi', "inside $'…'"));
		if (plain && next === '"') return this.double(offset + 2, {...inherit, taint: taint ?? at('locale', 'inside $"…"')});
		return offset + 1;
	}

	/** `'…'`: everything literal up to the next `'`. */
	protected single(from: number, inherit: Inherit): number {
		for (let offset = from; offset < this.limit; ) {
			if (this.starts.has(offset)) offset = this.value(offset, inherit.taint, {kind: 'single', assignment: inherit.assignment, heredocs: inherit.heredocs});
			else if (this.text[offset] === "'") return offset + 1;
			else offset++;
		}
		this.lose("a ' that is not closed");
		return this.limit;
	}

	/** `"…"`: `$`, backticks and backslashes work; a value inside is one piece of the word. */
	protected double(from: number, inherit: Inherit): number {
		for (let offset = from; offset < this.limit; ) {
			const char = this.text[offset];
			if (this.starts.has(offset)) offset = this.value(offset, inherit.taint, {kind: 'double', assignment: inherit.assignment, heredocs: inherit.heredocs});
			else if (char === '"') return offset + 1;
			else if (char === '\\') offset = this.escape(offset, inherit.taint);
			else if (char === '`' || char === '$') offset = this.quoted(offset, inherit, false);
			else offset++;
		}
		this.lose('a " that is not closed');
		return this.limit;
	}

	/** `$'…'`: backslash escapes up to the next unescaped `'`. */
	private ansi(from: number, taint: Unsafe): number {
		for (let offset = from; offset < this.limit; ) {
			if (this.starts.has(offset)) offset = this.value(offset, taint);
			else if (this.text[offset] === '\\') offset = this.escape(offset, taint);
			else if (this.text[offset] === "'") return offset + 1;
			else offset++;
		}
		this.lose("a $' that is not closed");
		return this.limit;
	}

	/** `` `…` ``: up to the next unescaped backtick, whatever the quotes (bash reads it again later). */
	private backtick(from: number, taint: Unsafe | undefined): number {
		const why = taint ?? at('backtick', 'inside backticks');
		for (let offset = from; offset < this.limit; ) {
			if (this.starts.has(offset)) offset = this.value(offset, why);
			else if (this.text[offset] === '\\') offset = this.escape(offset, why);
			else if (this.text[offset] === '`') return offset + 1;
			else offset++;
		}
		this.lose('a ` that is not closed');
		return this.limit;
	}

	/** The inside of `${ }`, to its `}` (bash counts braces and reads quotes and expansions inside). */
	private parameter(from: number, taint: Unsafe): number {
		return this.nested(from, taint, '{', '}', '${');
	}

	/** `$(( ))`, `(( ))` (closer `))`), `$[ ]` or a subscript `a[ ]` (closer `]`). */
	protected arithmetic(from: number, taint: Unsafe, closer: '))' | ']'): number {
		return closer === ']' ? this.nested(from, taint, '[', ']', '[') : this.nested(from, taint, '(', ')', '((');
	}

	/** Up to the closer of `open` (`))` for arithmetic), counting nested pairs; every value inside is unsafe. */
	private nested(from: number, taint: Unsafe, open: string, close: string, name: string): number {
		const inherit = {taint, assignment: false, heredocs: []};
		let depth = 0;
		let offset = from;
		while (offset < this.limit) {
			const char = this.text[offset]!;
			if (this.starts.has(offset)) {
				offset = this.value(offset, taint);
				continue;
			}
			if (char === close && depth === 0) {
				if (name !== '((') return offset + 1;
				if (this.text[offset + 1] === ')') return offset + 2;
				this.lose('(( whose )) bash would not find');
				return offset + 1;
			}
			if (char === open) depth++;
			if (char === close) depth--;
			if (char === '\\') offset = this.escape(offset, taint);
			else if ("'\"`$".includes(char)) offset = this.quoted(offset, inherit, true);
			else offset++;
		}
		this.lose(`a ${name} that is not closed`);
		return this.limit;
	}

	/** `# …` up to the end of the line: a value there is never read. */
	protected comment(from: number, taint: Unsafe | undefined): number {
		let offset = from;
		while (offset < this.limit && this.text[offset] !== '\n') {
			if (this.starts.has(offset)) offset = this.value(offset, taint ?? at('comment', 'inside a # comment'));
			else offset++;
		}
		return offset;
	}
}
