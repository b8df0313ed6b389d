import {describe, expect, it} from 'vitest';
import type {RunEvent} from '../../source/engine/events.js';
import {escapeHtml, html} from '../../source/report/html-escape.js';
import {foldLanes, maxLanes} from '../../source/report/timeline-svg.js';
import {buildTimeline, pollsFromLog, type Lane} from '../../source/report/timeline.js';

const t = (second: number): string => new Date(Date.UTC(2026, 0, 1, 10, 0, second)).toISOString();
const ms = (second: number): number => Date.parse(t(second));

describe('pollsFromLog', () => {
	it("reads a wait's polls with progress and message, and only for wait steps", () => {
		const log = [
			`${t(1)} wait | poll 1 40% table is CREATING`,
			`${t(2)} wait | poll 2 ThrottlingException`,
			`${t(3)} wait | poll 3 100%`,
			`${t(4)} shell | poll 9 50% printed by a command`,
			'a line without a time',
		].join('\n');
		expect(pollsFromLog(log, new Set(['wait']))).toEqual(
			new Map([
				[
					'wait',
					[
						{at: ms(1), attempt: 1, progress: 40, message: 'table is CREATING'},
						{at: ms(2), attempt: 2, message: 'ThrottlingException'},
						{at: ms(3), attempt: 3, progress: 100},
					],
				],
			]),
		);
	});
});

describe('buildTimeline', () => {
	const started = {type: 'run-started', at: t(0)} as unknown as RunEvent;
	it('ends a killed step where the journal stops, shades the stop and the pause, keeps a foreach open across them', () => {
		const events = [
			started,
			{type: 'step-started', at: t(1), key: 'a', attempt: 1, request: {}},
			{type: 'step-succeeded', at: t(2), key: 'a', result: null, outputs: {}},
			{type: 'foreach-expanded', at: t(2), key: 'loop', items: [1]},
			{type: 'step-started', at: t(3), key: 'loop[0].b', attempt: 1, request: {}},
			// killed here: no event until the resume
			{type: 'run-resumed', at: t(10), host: 'h', pid: 1, operator: null, acceptedChanges: []},
			{type: 'run-paused', at: t(11), key: 'loop[0].b', question: 'resume', reason: 'interrupted'},
			{type: 'run-resumed', at: t(20), host: 'h', pid: 2, operator: null, acceptedChanges: []},
			{type: 'operator-answered', at: t(20), key: 'loop[0].b', question: 'resume', answer: 'retry', by: 'alice'},
			{type: 'step-started', at: t(21), key: 'loop[0].b', attempt: 2, request: {}},
			{type: 'step-succeeded', at: t(22), key: 'loop[0].b', result: null, outputs: {}},
			{type: 'step-succeeded', at: t(22), key: 'loop', result: [], outputs: {}},
			{type: 'step-skipped', at: t(23), key: 'c', reason: 'when'},
			{type: 'run-finished', at: t(23), status: 'succeeded'},
		] as RunEvent[];
		const timeline = buildTimeline(events, ['a', 'loop', 'loop[0].b', 'c'], new Map());
		const lane = (key: string): Lane => timeline.lanes.find(candidate => candidate.key === key)!;
		expect(timeline.start).toBe(ms(0));
		expect(timeline.end).toBe(ms(23));
		expect(lane('a').spans).toEqual([{start: ms(1), end: ms(2), attempt: 1, outcome: 'succeeded'}]);
		expect(lane('loop[0].b').spans).toEqual([
			{start: ms(3), end: ms(3), attempt: 1, outcome: 'interrupted'},
			{start: ms(21), end: ms(22), attempt: 2, outcome: 'succeeded'},
		]);
		expect(lane('loop').spans).toEqual([
			{start: ms(2), end: ms(3), attempt: 1, outcome: 'interrupted'},
			{start: ms(10), end: ms(11), attempt: 1, outcome: 'interrupted'},
			{start: ms(20), end: ms(22), attempt: 1, outcome: 'succeeded'},
		]);
		expect(lane('loop[0].b').answers).toEqual([{at: ms(20), question: 'resume', answer: 'retry', by: 'alice'}]);
		expect(lane('c').skippedAt).toBe(ms(23));
		expect(timeline.gaps).toEqual([
			{start: ms(3), end: ms(10), kind: 'stopped', reason: 'no process drove the run (killed or lost)'},
			{start: ms(11), end: ms(20), kind: 'paused', reason: 'paused on loop[0].b: interrupted'},
		]);
	});

	it('a step still open in an unfinished run is running', () => {
		const events = [started, {type: 'step-started', at: t(1), key: 'a', attempt: 1, request: {}}] as RunEvent[];
		const timeline = buildTimeline(events, ['a'], new Map([['a', [{at: ms(5), attempt: 1}]]]));
		expect(timeline.lanes[0]!.spans).toEqual([{start: ms(1), end: ms(5), attempt: 1, outcome: 'running'}]);
	});
});

describe('foldLanes', () => {
	it("draws a foreach's items in its own row once there are too many rows", () => {
		const lane = (key: string): Lane => ({key, spans: [{start: 0, end: 1, attempt: 1, outcome: 'succeeded'}], polls: [], answers: []});
		const items = Array.from({length: maxLanes}, (_, index) => lane(`loop[${index}].put`));
		const folded = foldLanes([lane('first'), lane('loop'), ...items]);
		expect(folded.map(candidate => candidate.key)).toEqual(['first', 'loop']);
		expect(folded[1]!.spans).toHaveLength(maxLanes + 1);
		expect(foldLanes(items.slice(0, 3)).map(candidate => candidate.key)).toEqual(['loop[0].put', 'loop[1].put', 'loop[2].put']);
	});
});

describe('escaping', () => {
	it('escapes every interpolated value but rendered fragments', () => {
		expect(escapeHtml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
		expect(html`<p title="${'"><script>'}">${['<i>', html`<b>${'&'}</b>`]}${undefined}</p>`.text).toBe('<p title="&quot;&gt;&lt;script&gt;">&lt;i&gt;<b>&amp;</b></p>');
	});
});
