import {formatDuration} from '../runbook/duration.js';
import {html, type Html} from './html-escape.js';
import type {Lane, Timeline} from './timeline.js';

const width = 1000;
const labelWidth = 240;
const plotLeft = labelWidth + 10;
const plotRight = width - 20;
const axisHeight = 28;
const rowHeight = 22;
const barHeight = 12;
/** More rows than this: a foreach's item rows are drawn in the foreach's own row. */
export const maxLanes = 120;

const tickSteps = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10_800, 21_600, 43_200, 86_400].map(s => s * 1000);

/** Clock time in UTC: `HH:MM:SS`. */
export function clock(ms: number): string {
	return new Date(ms).toISOString().slice(11, 19);
}

/** Item rows folded into their foreach's row, when there are too many rows to draw one each. */
export function foldLanes(lanes: readonly Lane[]): Lane[] {
	if (lanes.length <= maxLanes) return [...lanes];
	const byKey = new Map<string, Lane>();
	for (const lane of lanes) {
		const bracket = lane.key.indexOf('[');
		const key = bracket === -1 ? lane.key : lane.key.slice(0, bracket);
		const into = byKey.get(key);
		if (!into) byKey.set(key, {...lane, key, spans: [...lane.spans], polls: [...lane.polls], answers: [...lane.answers]});
		else {
			into.spans.push(...lane.spans);
			into.polls.push(...lane.polls);
			into.answers.push(...lane.answers);
		}
	}
	return [...byKey.values()];
}

function describeAnswer(value: unknown): string {
	const text = typeof value === 'string' ? value : JSON.stringify(value);
	return text.length > 80 ? `${text.slice(0, 80)}…` : text;
}

/**
 * The run drawn as SVG: a row per step with a bar per attempt (coloured by how it ended), a wait's
 * polls as ticks with its progress as a line, answers as dots, skips as diamonds; pauses and stops
 * shaded across all rows. Every shape has a <title> (its tooltip).
 */
export function timelineSvg(timeline: Timeline, titles: ReadonlyMap<string, string>): Html {
	const lanes = foldLanes(timeline.lanes);
	const height = axisHeight + lanes.length * rowHeight + 8;
	const span = Math.max(timeline.end - timeline.start, 1);
	const x = (at: number): number => plotLeft + ((at - timeline.start) / span) * (plotRight - plotLeft);
	const step = tickSteps.find(candidate => span / candidate <= 8) ?? tickSteps.at(-1)!;
	const ticks: number[] = [];
	for (let at = Math.ceil(timeline.start / step) * step; at <= timeline.end; at += step) ticks.push(at);
	const fixed = (n: number): string => n.toFixed(1);
	return html`<svg class="timeline" xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="Timeline of the run">
<defs><pattern id="hatch" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="6" height="6" class="bar-interrupted"/><line x1="0" y1="0" x2="0" y2="6" class="hatch"/></pattern></defs>
${timeline.gaps.map(
		gap => html`<rect class="gap gap-${gap.kind}" x="${fixed(x(gap.start))}" y="${axisHeight}" width="${fixed(Math.max(x(gap.end) - x(gap.start), 1))}" height="${lanes.length * rowHeight}"><title>${gap.kind === 'paused' ? 'Paused' : 'Stopped'} ${clock(gap.start)}\u2013${clock(gap.end)} (${formatDuration(gap.end - gap.start)}): ${gap.reason}</title></rect>
`,
	)}${ticks.map(
		at => html`<line class="tick" x1="${fixed(x(at))}" y1="${axisHeight - 6}" x2="${fixed(x(at))}" y2="${height - 8}"/><text class="axis" x="${fixed(x(at))}" y="${axisHeight - 10}" text-anchor="middle">${clock(at)}</text>
`,
	)}${lanes.map((lane, row) => laneSvg(lane, axisHeight + row * rowHeight, titles.get(lane.key), x))}</svg>`;
}

function laneSvg(lane: Lane, top: number, title: string | undefined, x: (at: number) => number): Html {
	const middle = top + rowHeight / 2;
	const barTop = middle - barHeight / 2;
	const fixed = (n: number): string => n.toFixed(1);
	const label = lane.key.length > 34 ? `${lane.key.slice(0, 33)}…` : lane.key;
	const progress = lane.polls.filter(poll => poll.progress !== undefined);
	return html`<g class="lane" data-key="${lane.key}">
<text class="label" x="${labelWidth}" y="${middle + 4}" text-anchor="end">${label}<title>${lane.key}${title ? `: ${title}` : ''}</title></text>
<line class="row" x1="${plotLeft}" y1="${middle}" x2="${plotRight}" y2="${middle}"/>
${lane.spans.map(
		span => html`<rect class="bar bar-${span.outcome}" data-key="${lane.key}" data-outcome="${span.outcome}" x="${fixed(x(span.start))}" y="${barTop}" width="${fixed(Math.max(x(span.end) - x(span.start), 2))}" height="${barHeight}" rx="2"><title>${lane.key} attempt ${span.attempt}: ${span.outcome}, ${clock(span.start)}\u2013${clock(span.end)} (${formatDuration(span.end - span.start)})</title></rect>
`,
	)}${lane.polls.map(
		poll => html`<line class="poll" data-key="${lane.key}" x1="${fixed(x(poll.at))}" y1="${barTop - 2}" x2="${fixed(x(poll.at))}" y2="${barTop + barHeight + 2}"><title>${lane.key} poll ${poll.attempt} at ${clock(poll.at)}${poll.progress !== undefined ? `: ${poll.progress}%` : ''}${poll.message ? ` ${poll.message}` : ''}</title></line>
`,
	)}${progress.length
		? html`<polyline class="progress" points="${progress.map(poll => `${fixed(x(poll.at))},${fixed(barTop + barHeight - (Math.min(Math.max(poll.progress!, 0), 100) / 100) * barHeight)}`).join(' ')}"/>
`
		: ''}${lane.skippedAt !== undefined
		? html`<path class="skip" d="M ${fixed(x(lane.skippedAt))} ${middle - 5} l 5 5 l -5 5 l -5 -5 z"><title>${lane.key} skipped at ${clock(lane.skippedAt)}</title></path>
`
		: ''}${lane.answers.map(
		answer => html`<circle class="answer answer-${answer.question}" data-key="${lane.key}" cx="${fixed(x(answer.at))}" cy="${middle}" r="4"><title>${answer.by ?? 'someone'} answered ${answer.question} for ${lane.key} at ${clock(answer.at)}: ${describeAnswer(answer.answer)}</title></circle>
`,
	)}</g>
`;
}
