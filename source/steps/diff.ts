/** Lines of context around each change, as `diff -u` shows them. */
const contextLines = 3;

type Operation = {readonly kind: ' ' | '-' | '+'; readonly line: string};

/**
 * A line diff of two texts in unified format (`---`/`+++` headers, `@@` hunks with 3 lines of
 * context), or an empty string when the texts are equal. A last line without a newline is marked
 * with `\ No newline at end of file`, so a change of the final newline alone still shows.
 */
export function unifiedDiff(oldText: string, newText: string, label: string): string {
	if (oldText === newText) return '';
	const operations = diffLines(splitLines(oldText), splitLines(newText));
	const output = [`--- ${label}`, `+++ ${label}`];
	for (const hunk of hunks(operations)) output.push(...hunk);
	return `${output.join('\n')}\n`;
}

/** Lines with their terminator kept, so "last line with newline" and "without" differ. */
function splitLines(text: string): string[] {
	const lines = text.split(/(?<=\n)/);
	return lines.filter(line => line !== '');
}

/** Myers' O(ND) shortest edit script, after trimming the common start and end. */
function diffLines(before: readonly string[], after: readonly string[]): Operation[] {
	let start = 0;
	while (start < before.length && start < after.length && before[start] === after[start]) start++;
	let endBefore = before.length;
	let endAfter = after.length;
	while (endBefore > start && endAfter > start && before[endBefore - 1] === after[endAfter - 1]) {
		endBefore--;
		endAfter--;
	}
	const a = before.slice(start, endBefore);
	const b = after.slice(start, endAfter);
	const middle = myers(a, b);
	return [
		...before.slice(0, start).map(line => ({kind: ' ', line}) as const),
		...middle,
		...before.slice(endBefore).map(line => ({kind: ' ', line}) as const),
	];
}

function myers(a: readonly string[], b: readonly string[]): Operation[] {
	const n = a.length;
	const m = b.length;
	const max = n + m;
	if (max === 0) return [];
	const offset = max + 1;
	const v = new Int32Array(2 * max + 3);
	/** For each d, the furthest x reached on diagonals -d..d (index k + d), before round d + 1. */
	const trace: Int32Array[] = [];
	let found = false;
	for (let d = 0; d <= max && !found; d++) {
		for (let k = -d; k <= d; k += 2) {
			let x = k === -d || (k !== d && v[offset + k - 1]! < v[offset + k + 1]!) ? v[offset + k + 1]! : v[offset + k - 1]! + 1;
			let y = x - k;
			while (x < n && y < m && a[x] === b[y]) {
				x++;
				y++;
			}
			v[offset + k] = x;
			if (x >= n && y >= m) found = true;
		}
		trace.push(v.slice(offset - d, offset + d + 1));
	}

	const reversed: Operation[] = [];
	let x = n;
	let y = m;
	for (let d = trace.length - 1; d > 0; d--) {
		const previous = trace[d - 1]!;
		const at = (k: number): number => previous[k + d - 1]!;
		const k = x - y;
		const previousK = k === -d || (k !== d && at(k - 1) < at(k + 1)) ? k + 1 : k - 1;
		const previousX = at(previousK);
		const previousY = previousX - previousK;
		while (x > previousX && y > previousY) {
			reversed.push({kind: ' ', line: a[--x]!});
			y--;
		}
		if (x === previousX) reversed.push({kind: '+', line: b[--y]!});
		else reversed.push({kind: '-', line: a[--x]!});
	}
	while (x > 0 && y > 0) {
		reversed.push({kind: ' ', line: a[--x]!});
		y--;
	}
	return reversed.reverse();
}

/** Groups the operations into hunks: changes closer than twice the context share one. */
function hunks(operations: readonly Operation[]): string[][] {
	const changed = operations.flatMap((operation, index) => (operation.kind === ' ' ? [] : [index]));
	const result: string[][] = [];
	let index = 0;
	while (index < changed.length) {
		const first = changed[index]!;
		let last = first;
		while (index + 1 < changed.length && changed[index + 1]! - last <= 2 * contextLines + 1) last = changed[++index]!;
		index++;
		const from = Math.max(0, first - contextLines);
		const to = Math.min(operations.length, last + contextLines + 1);
		result.push(hunk(operations, from, to));
	}
	return result;
}

function hunk(operations: readonly Operation[], from: number, to: number): string[] {
	let oldStart = 1;
	let newStart = 1;
	for (const operation of operations.slice(0, from)) {
		if (operation.kind !== '+') oldStart++;
		if (operation.kind !== '-') newStart++;
	}
	const lines: string[] = [];
	let oldCount = 0;
	let newCount = 0;
	for (const operation of operations.slice(from, to)) {
		if (operation.kind !== '+') oldCount++;
		if (operation.kind !== '-') newCount++;
		const ended = operation.line.endsWith('\n');
		lines.push(`${operation.kind}${ended ? operation.line.slice(0, -1) : operation.line}`);
		if (!ended) lines.push('\\ No newline at end of file');
	}
	return [`@@ -${range(oldStart, oldCount)} +${range(newStart, newCount)} @@`, ...lines];
}

/** `start,count` as diff writes it: an empty range names the line before it, a count of 1 is left out. */
function range(start: number, count: number): string {
	if (count === 0) return `${start - 1},0`;
	return count === 1 ? `${start}` : `${start},${count}`;
}
