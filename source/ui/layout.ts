// How the run screen shares the terminal's rows among its parts. Every part has a known height, and
// together they stay below the terminal's height: a frame as tall as the terminal makes Ink clear the
// whole terminal, its scrollback included, at every redraw. Where even the least of every part does
// not fit (fewer than 10 rows), the frame is as short as it can be.

/** The rows and columns a part of a screen may take (a question's prompt, the keys). */
export type Room = {readonly rows: number; readonly width: number};

/** The header (3 lines) and the keys line at the foot. */
const screenFrame = 4;

/** The least a step panel shows: its title, the running line, the output's count and one line. */
export const leastPanel = 4;

/** The least a step panel asking something shows: its title, and a question's first lines, two choices and its keys. */
const leastQuestion = 6;

/**
 * The rows of the step list and of the step panel, on a terminal `rows` high, for `steps` steps, and
 * whether the two rules around the step list are drawn (not where a step and the least panel, or the
 * least a question needs, would not fit with them).
 */
export function screenRows(rows: number, steps: number, asking: boolean): {stepRows: number; panelRows: number; rules: boolean} {
	const rules = rows - 1 - screenFrame - 2 >= 1 + (asking ? leastQuestion : leastPanel);
	const room = rows - 1 - screenFrame - (rules ? 2 : 0);
	// A question needs the room: the step list shrinks to the steps around the current one.
	const wanted = Math.min(steps, asking ? 3 : Math.max(3, Math.floor((rows - 8) / 3)));
	// Where even a question's least does not fit beside one step, the list goes (the panel's title names the step).
	const stepRows = asking && room < 1 + leastQuestion ? 0 : Math.max(1, Math.min(wanted, room - (asking ? leastQuestion : leastPanel)));
	return {stepRows, panelRows: Math.max(leastPanel, room - stepRows), rules};
}

export type PanelParts = {
	/** The step has a description to show (two lines at most). */
	readonly description: boolean;
	/** How many lines the step's resolved request takes at the screen's width, at most. */
	readonly does: number;
	/** Lines that are always there: a failure's message, a wait's progress, the running line. */
	readonly fixed: number;
};

/**
 * How a step panel `rows` high shares them: its title and what is always there first, then `least`
 * lines of output (with its count; a question's least rows instead), then what the step does, then
 * its description; the output gets the rest.
 */
export function panelRows(rows: number, {description, does, fixed}: PanelParts, least = 1): {descriptionLines: number; doesLines: number; outputRows: number} {
	let free = rows - 1 - fixed - 1 - least;
	const doesLines = Math.max(0, Math.min(does, free));
	free -= doesLines;
	const descriptionLines = description && free >= 2 ? 2 : 0;
	free -= descriptionLines;
	return {descriptionLines, doesLines, outputRows: Math.max(least, free + least)};
}

/**
 * The items of a list shown in `rows` rows, each `heights[i]` rows high: the focused one, the one
 * after it (so moving down shows what comes), then as many before it as fit, then after.
 */
export function windowAround(heights: readonly number[], focus: number, rows: number): {start: number; end: number} {
	let start = focus;
	let end = focus + 1;
	let used = heights[focus] ?? 0;
	const fits = (at: number): boolean => used + heights[at]! <= rows;
	if (end < heights.length && fits(end)) used += heights[end++]!;
	while (start > 0 && fits(start - 1)) used += heights[--start]!;
	while (end < heights.length && fits(end)) used += heights[end++]!;
	return {start, end};
}

/**
 * Lines of `width` columns holding the entries (`name = value`), in order: one a line where they
 * fit in `rows`, else several a line (" · " between); where even that does not fit, the last line
 * says how many more there are. An entry wider than the line is cut with ….
 */
export function packEntries(entries: readonly string[], width: number, rows: number): string[] {
	const cut = (entry: string): string => (entry.length > width ? `${entry.slice(0, Math.max(0, width - 1))}…` : entry);
	if (entries.length <= rows) return entries.map(cut);
	const lines: string[] = [];
	const counts: number[] = [];
	for (const entry of entries.map(cut)) {
		const last = lines.at(-1);
		if (last !== undefined && last.length + 3 + entry.length <= width) {
			lines[lines.length - 1] = `${last} · ${entry}`;
			counts[counts.length - 1]!++;
		} else {
			lines.push(entry);
			counts.push(1);
		}
	}
	if (lines.length <= rows) return lines;
	const kept = lines.slice(0, Math.max(0, rows - 1));
	const shown = counts.slice(0, kept.length).reduce((sum, count) => sum + count, 0);
	return [...kept, `… and ${entries.length - shown} more`];
}
