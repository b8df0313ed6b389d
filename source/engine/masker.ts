import {mapJson} from './map-json.js';
import {secretForms} from './secret-forms.js';

/** What a secret value is shown as. */
export const MASK = '***';

/**
 * Replaces secret values with `***` in text and JSON values. The needles are compiled once into one
 * pattern, so a line without a secret costs one scan however many secrets there are; call `update`
 * when the set of secrets changes.
 */
export class Masker {
	private pattern: RegExp | undefined;
	private needles: string[] = [];
	private key = '';
	/** Needles that read as a number: a number equal to one of them is a secret too. */
	private numbers = new Set<string>();

	constructor(secrets: readonly string[] = []) {
		this.update(secrets);
	}

	/**
	 * Sets the secret values; a no-op when they are the same as before. Each is masked in every form
	 * belay writes it (see `secretForms`); a number is masked as its text, and as a number in values.
	 */
	update(secrets: readonly (string | number)[]): void {
		const needles = [...new Set(secrets.flatMap(secret => secretForms(String(secret))))].sort((a, b) => b.length - a.length);
		const key = needles.join('\u0000');
		if (key === this.key) return;
		this.key = key;
		this.needles = needles;
		this.numbers = new Set(needles.filter(needle => /^-?\d+(\.\d+)?([eE][-+]?\d+)?$/.test(needle)));
		this.pattern = needles.length === 0 ? undefined : new RegExp(needles.map(escape).join('|'));
	}

	get active(): boolean {
		return this.pattern !== undefined;
	}

	/**
	 * The text with every place a secret occurs replaced by `***`. Where secrets overlap (the end of
	 * one is the start of another) the whole stretch they cover becomes one `***`, so no part of
	 * either is left in clear. A text holding no secret costs one scan.
	 */
	text(text: string): string {
		if (!this.pattern || !this.pattern.test(text)) return text;
		const ranges: [number, number][] = [];
		for (const needle of this.needles) {
			for (let at = text.indexOf(needle); at >= 0; at = text.indexOf(needle, at + 1)) ranges.push([at, at + needle.length]);
		}
		ranges.sort((a, b) => a[0] - b[0]);
		let out = '';
		let written = 0;
		let end = -1;
		for (const [from, to] of ranges) {
			if (from >= end) {
				if (end >= 0) written = end;
				out += text.slice(written, from) + MASK;
				end = to;
			} else if (to > end) {
				end = to;
			}
		}
		return out + text.slice(end);
	}

	lines(lines: readonly string[]): readonly string[] {
		return this.pattern ? lines.map(line => this.text(line)) : lines;
	}

	/** Every string inside a JSON value masked, and every number that is a secret; other values as they are. */
	value(value: unknown): unknown {
		if (!this.pattern) return value;
		return mapJson(value, item => {
			if (typeof item === 'string') return this.text(item);
			if (typeof item === 'number' && this.numbers.has(String(item))) return MASK;
			return item;
		});
	}
}

function escape(text: string): string {
	return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
