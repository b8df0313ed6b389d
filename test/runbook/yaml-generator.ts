// Random YAML documents built from the pieces a quick reader gets wrong: YAML 1.1 look-alikes,
// odd keys, comments, escapes, block scalar headers, document markers, anchors and aliases.

/** A deterministic random source (mulberry32). */
export function seeded(seed: number): () => number {
	let state = seed >>> 0;
	return () => {
		state = (state + 0x6d2b79f5) >>> 0;
		let t = state;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

const plains = [
	'yes', 'no', 'on', 'off', 'y', 'n', 'Yes', 'OFF', '0o17', '0x1F', '0X1F', '1e3', '1E3', '.inf', '-.Inf', '+.INF', '.NaN', '.nan', '~', 'Null',
	'null', 'NULL', 'true', 'True', 'FALSE', 'false', '1_000', '012', '+12', '-12', '1:20', '1:20:30', '0', '1', '1.5', '1.0', '1.', '.5', '-0',
	'007', '0.1', '123456789012345', '1234567890123456789', '3.14159265358979', '2020-01-01', '0b101', 'x', 'hello world', 'a#b', 'a #b',
	'x:y', 'x :y', '-x', '--force', '-', '?x', '? x', ':x', 'é', '日本語', '😀 ok', 'x\u00a0', '\u00a0x', 'x\u2028y', 'x\u0085y', '%x', '@x', '`x`',
	'!x', '!!str x', '&a x', '*a', ',x', 'x,', 'x ]', 'x }', '[x]', '{x: 1}', '\\', '---', '...', 'x: y', 'x:', 'a\'b', 'a"b', '<<',
	'${{ inputs.x }}', 'echo ${{ inputs.x }}', '${{ inputs.x }} # c', 'run ${{ steps.a.outputs.b }} {a: b}', '${{ a }}: b', '{{ x }}',
	'${{ [a, b] }}', 'x\x07y', 'x\x00y',
];

const singles = ["'it''s'", "''", "' # x '", "'${{ inputs.x }}'", "'a\n  b'", "'a\n\n  b'", "'x' y", "'x'#c", "'\\n'", "'é'", "'a: b'", "'unclosed"];
const doubles = [
	'"\\""', '"a\\nb"', '"\\t"', '"\\u00e9"', '"\\x41"', '"\\\\"', '"\\/"', '"\\ "', '"\\e"', '"\\0"', '"\\N"', '"\\U0001F600"', '"a\\\n  b"',
	'"a\n  b"', '"a\n\n  b"', '"${{ inputs.x }}"', '"x"#c', '"x" y', '""', '"a # b"', '"\\q"', '"unclosed', '"trailing  "', '"\\u00"',
];

const keys = [
	'a', 'b', 'name', 'on', 'yes', 'null', 'Null', 'true', '1', '012', '1.5', '~', 'a:b', 'a#b', 'a #b', 'a b', 'a.b', 'a/b', 'a-b', '_x', '-a', '<<',
	'${{ x }}', '"quoted"', "'q'", '"a:b"', "'a#b'", 'é', 'k'.repeat(1030), 'k'.repeat(1020), '? x', '[a]', '&k a', '*a', '__proto__', 'a ', 'x\u00a0',
];

const comments = ['', '', '', ' # c', '#c', '  #', ' #x: y', '\u00a0#c', ' # ${{ x }}'];
const trailing = ['', '', '', ' ', '   ', '\u00a0'];
const headers = ['|', '|-', '|+', '>', '>-', '>+', '|2', '>2-', '|1', '|-1', '| #c', '|  ', '|x', '>1+'];
const blockLines = ['x', 'y z', '  more', '', '', ' ', '   ', '# not a comment', 'trail  ', '---', '...', '- item', 'k: v', '${{ inputs.x }}', '\u00a0nb', 'nb\u00a0', 'x\u2028'];

export class Generator {
	private readonly random: () => number;
	private anchors: string[] = [];
	private next = 0;
	/** Half the documents are mostly of the kind read quickly, with one odd piece here and there. */
	private readonly tame: boolean;

	constructor(seed: number) {
		this.random = seeded(seed);
		this.tame = this.random() < 0.5;
	}

	/** An odd piece with probability p (much less in a tame document). */
	private odd(p: number): boolean {
		return this.chance(this.tame ? p / 20 : p);
	}

	private pick<T>(items: readonly T[]): T {
		return items[Math.floor(this.random() * items.length)]!;
	}

	private chance(p: number): boolean {
		return this.random() < p;
	}

	/** An inline scalar (with an anchor or as an alias now and then) and what may follow it on its line. */
	inline(): string {
		if (this.anchors.length > 0 && this.chance(0.08)) return `*${this.pick(this.anchors)}`;
		const roll = this.random();
		let text = roll < 0.6 ? this.pick(plains) : roll < 0.8 ? this.pick(singles) : this.pick(doubles);
		if (this.tame && roll < 0.7) text = this.pick(['x', 'hello world', '1', '1.5', 'true', 'yes', 'on', '${{ inputs.x }}', 'a#b', 'x:y', 'é']);
		if (this.chance(0.02)) text = 'long '.repeat(500 + Math.floor(this.random() * 500));
		if (this.chance(0.08)) text = `${this.anchor()} ${text}`;
		return text + (this.odd(0.6) ? this.pick(comments) : '') + (this.odd(0.5) ? this.pick(trailing) : '');
	}

	private anchor(): string {
		const name = this.chance(0.1) && this.anchors.length > 0 ? this.pick(this.anchors) : `a${this.next++}`;
		this.anchors.push(name);
		return `&${name}`;
	}

	private block(indent: number): string {
		const header = this.odd(0.8) ? this.pick(headers) : this.pick(['|', '|-', '>', '>-']);
		const step = this.chance(0.8) ? 2 : 1 + Math.floor(this.random() * 3);
		const pad = ' '.repeat(Math.max(0, indent + step));
		const count = (this.tame ? 1 : 0) + Math.floor(this.random() * 5);
		const lines = Array.from({length: count}, () => {
			const line = this.odd(0.6) ? this.pick(blockLines) : this.pick(['x', 'y z', '', '  more']);
			return line === '' || line.trim() === '' ? line : pad + line;
		});
		return `${header}${this.pick(comments.slice(0, 4))}\n${lines.join('\n')}`;
	}

	/** A value for an entry or item at `indent`: text that follows `key:` or `- ` (starting with a space or a newline). */
	private value(indent: number, depth: number, inMapping: boolean): string {
		const roll = this.random();
		if (roll < 0.55 || depth > 3) return ` ${this.inline()}`;
		if (roll < 0.7) return ` ${this.block(indent)}`;
		if (roll < 0.73 && this.odd(1)) return this.pick(['', ' ', ' # empty']);
		const props = this.chance(0.1) ? ` ${this.anchor()}` : '';
		const sameIndent = inMapping && this.chance(0.3);
		const childIndent = sameIndent ? indent : indent + (this.chance(0.9) ? 2 : 1 + Math.floor(this.random() * 4));
		const child = this.chance(0.5) ? this.mapping(childIndent, depth + 1) : this.list(childIndent, depth + 1);
		return `${props}${this.pick(comments.slice(0, 4))}\n${child}`;
	}

	private separator(indent: number): string {
		const roll = this.random();
		if (roll < 0.85 || !this.odd(1)) return '';
		if (roll < 0.92) return '\n';
		if (roll < 0.96) return `${' '.repeat(indent)}# comment\n`;
		return this.pick(['#c\n', '   # deep\n', ' \n', '---\n', '...\n']);
	}

	mapping(indent: number, depth: number): string {
		const count = 1 + Math.floor(this.random() * 4);
		const pad = ' '.repeat(indent);
		let out = '';
		for (let index = 0; index < count; index++) {
			out += this.separator(indent);
			const key = !this.odd(0.3) ? `k${index}` : this.chance(0.1) && this.anchors.length > 0 ? '<<' : this.pick(keys);
			const value = key === '<<' && this.chance(0.7) ? ` *${this.pick(this.anchors)}` : this.value(indent, depth, true);
			out += `${pad}${key}:${value}\n`;
		}
		return out;
	}

	list(indent: number, depth: number): string {
		const count = 1 + Math.floor(this.random() * 4);
		const pad = ' '.repeat(indent);
		let out = '';
		for (let index = 0; index < count; index++) {
			out += this.separator(indent);
			if (this.chance(0.2) && depth <= 3) {
				// A compact mapping or list in the item: `- k: v` or `- - x`.
				const inner = this.chance(0.7) ? this.mapping(indent + 2, depth + 1) : this.list(indent + 2, depth + 1);
				out += `${pad}-${this.pick([' ', ' ', '   '])}${inner.slice(indent + 2)}`;
				continue;
			}
			out += `${pad}-${this.value(indent, depth, false)}\n`;
		}
		return out;
	}

	/** A whole document. */
	document(): string {
		this.anchors = [];
		this.next = 0;
		const roll = this.random();
		let body = roll < 0.75 ? this.mapping(0, 0) : roll < 0.9 ? this.list(0, 0) : roll < 0.95 ? `${this.inline()}\n` : `${this.block(-1)}\n`;
		if (this.odd(0.05)) body = this.pick(['---\n', '--- # c\n', '%YAML 1.1\n---\n', '--- ']) + body;
		if (this.odd(0.05)) body += this.pick(['...\n', '---\n', '--- x\n', '\n\n', '# end']);
		if (this.chance(0.1)) body = body.replace(/\n$/, '');
		if (this.chance(0.05)) body = body.replace(/\n+$/, '\n\n\n');
		return body;
	}
}
