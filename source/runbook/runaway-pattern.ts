/**
 * Whether a regular expression can backtrack for ever on a long input: a repeated group whose
 * every part is itself repeated or optional, so the text can be split between its repeats in very
 * many ways, as in `^([a-z0-9]+-?)+$` or `(a*)*`. A part that must appear once in each repeat (the
 * `-` of `(-[a-z0-9]+)*`) keeps it safe. JavaScript cannot stop a regular expression once it runs,
 * so such a pattern is refused where it is written. Returns the group found, or undefined.
 */
export function runawayPattern(pattern: string): string | undefined {
	type Group = {start: number; repeatedPart: boolean; oncePart: boolean};
	const groups: Group[] = [];
	let escaped = false;
	let inClass = false;
	/** What follows position `at`: a quantifier that repeats without a small bound (+, *, {n,}, {n,m} with m ≥ 10), another quantifier, or none. */
	const quantifier = (at: number): 'repeat' | 'optional' | undefined => {
		const next = pattern[at];
		if (next === '+' || next === '*') return 'repeat';
		if (next === '?') return 'optional';
		const braces = /^\{(\d*)(,?)(\d*)\}/.exec(pattern.slice(at));
		if (!braces) return undefined;
		const most = braces[2] ? (braces[3] ? Number(braces[3]) : Infinity) : Number(braces[1]);
		return most >= 10 ? 'repeat' : 'optional';
	};
	const part = (end: number): void => {
		const group = groups[groups.length - 1];
		if (!group) return;
		if (quantifier(end) === undefined) group.oncePart = true;
		else group.repeatedPart = true;
	};
	for (let index = 0; index < pattern.length; index++) {
		const char = pattern[index]!;
		if (escaped) {
			escaped = false;
			part(index + 1);
			continue;
		}
		if (inClass) {
			if (char === ']') {
				inClass = false;
				part(index + 1);
			}
			continue;
		}
		switch (char) {
			case '\\':
				escaped = true;
				break;
			case '[':
				inClass = true;
				break;
			case '(':
				groups.push({start: index, repeatedPart: false, oncePart: false});
				break;
			case ')': {
				const group = groups.pop()!;
				const repeated = quantifier(index + 1) === 'repeat';
				if (repeated && group.repeatedPart && !group.oncePart) return pattern.slice(group.start, index + 2);
				// The group is a part of the group around it.
				const outer = groups[groups.length - 1];
				if (outer) {
					if (quantifier(index + 1) !== undefined || (group.repeatedPart && !group.oncePart)) outer.repeatedPart = true;
					else outer.oncePart = true;
				}
				break;
			}
			case '+':
			case '*':
			case '?':
			case '{':
			case '}':
			case '|':
			case '^':
			case '$':
				break;
			default:
				if (/[\d,]/.test(char) && /\{[\d,]*$/.test(pattern.slice(0, index))) break;
				part(index + 1);
		}
	}
	return undefined;
}
