/**
 * `belay report --format html` as a team opens it: a real run (paused for an approval, resumed,
 * finished) rendered by the CLI and loaded in headless Chromium over a local server that records
 * every request.
 */
import {existsSync, readFileSync} from 'node:fs';
import {rm} from 'node:fs/promises';
import {join} from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {belay, describeExit, journalEvents, show, tempDir, type ShowDocument} from '../cli/belay.js';
import {pngSize, render, serve, type Served} from './chromium.js';
import {exampleRun, type ExampleRun} from './example-run.js';

const hostile = '<script>alert("x")</script> & <b>bold</b>';

let dir: string;
let run: ExampleRun;
let html: string;
let dom: string;
let served: Served;
let document: ShowDocument;

beforeAll(async () => {
	dir = await tempDir('report-html');
	run = await exampleRun({dir, titles: {'put-marker': hostile}});
	const output = join(dir, 'report.html');
	const exit = await belay(['report', run.runId, '--format', 'html', '--output', output, '--state-dir', run.state]);
	expect(exit.code, describeExit(exit)).toBe(0);
	expect(exit.stdout).toBe('');
	html = readFileSync(output, 'utf8');
	document = await show(run.state, run.runId);
	served = await serve(html);
	dom = await render(served.url, {path: join(dir, 'report.png'), width: 1100, height: 900});
}, 90_000);

afterAll(async () => {
	await served?.close();
	await rm(dir, {recursive: true, force: true});
});

/** The text content of an element found by a pattern over the serialized DOM. */
function count(pattern: RegExp): number {
	return [...dom.matchAll(pattern)].length;
}

describe('the HTML report in Chromium', () => {
	it('shows the header: runbook, operators, outcome', () => {
		expect(dom).toContain(`<h1>Run ${run.runId}: Rehearse a table restore with every step kind</h1>`);
		expect(dom).toMatch(/<th>Outcome<\/th><td><span class="outcome outcome-succeeded">succeeded<\/span>/);
		expect(dom).toMatch(/<th>Operators<\/th><td>alice with bob \(pair\)<\/td>/);
		expect(dom).toContain('every-kind');
	});

	it('draws a timeline row for every step, a bar for every step that ran, polls, answers and the pause', async () => {
		const events = await journalEvents(join(run.state, 'runs', run.runId, 'journal.jsonl'));
		const started = new Set(events.filter(event => event['type'] === 'step-started' || event['type'] === 'foreach-expanded').map(event => event['key'] as string));
		expect(document.steps.length).toBe(18);
		for (const step of document.steps) {
			expect(dom, step.id).toContain(`<g class="lane" data-key="${step.id}">`);
			const bars = count(new RegExp(`<rect class="bar bar-succeeded" data-key="${step.id.replace(/[[\].]/g, '\\$&')}"`, 'g'));
			expect(bars, step.id).toBe(started.has(step.id) ? 1 : 0);
		}
		expect(started.size).toBeGreaterThanOrEqual(14);
		expect(count(/<line class="poll" data-key="wait-active"/g)).toBeGreaterThanOrEqual(2);
		expect(dom).toMatch(/wait-active poll \d+ at [\d:]+: 100% dev-Lpas-20261202 is ACTIVE/);
		expect(count(/<circle class="answer answer-approve" data-key="sign-off"/g)).toBe(1);
		expect(dom).toMatch(/bob answered approve for sign-off at [\d:]+/);
		expect(count(/<rect class="gap gap-paused"/g)).toBe(1);
		expect(dom).toMatch(/Paused [\d:]+–[\d:]+ \([^)]*\): paused on sign-off/);
	});

	it('lists each step with its resolved request, result and approval', () => {
		expect(count(/<section class="step" id="step-/g)).toBe(document.steps.length);
		expect(dom).toContain('Approved by bob at');
		expect(dom).toMatch(/"TableName": "dev-Lpas-20261202"/);
		expect(dom).toMatch(/"TableStatus": "ACTIVE"/);
		expect(dom).toMatch(/<td>ticket<\/td>|>ticket<\/a><\/td><td>input<\/td><td><code>"CHG-4711"<\/code>/);
	});

	it('shows hostile text as text, runs no script, keeps secrets masked', () => {
		expect(dom).toContain('&lt;script&gt;alert("x")&lt;/script&gt; &amp; &lt;b&gt;bold&lt;/b&gt;');
		expect(dom).not.toMatch(/<script/i);
		expect(dom).not.toContain('<b>bold</b>');
		expect(html).not.toContain(run.secret);
		expect(dom).toContain('"token": "***"');
	});

	it('fetches nothing but itself: the policy forbids it and the server saw one request', () => {
		expect(dom).toContain(`<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">`);
		expect(html).not.toMatch(/(src|href)="(?!#|data:)/);
		// The style sheet is raw text: an entity in it would be read literally and drop the rule.
		expect(html).toMatch(/<style>[^<]*font: 14px\/1\.45 Arial, "Liberation Sans"/);
		expect(served.requests).toEqual(['/report.html']);
	});

	it('renders to a screenshot', () => {
		const png = join(dir, 'report.png');
		expect(existsSync(png)).toBe(true);
		expect(pngSize(readFileSync(png))).toEqual({width: 1100, height: 900});
	});

	it('refuses a file it cannot write, and an unknown format, saying why', async () => {
		const missing = join(dir, 'no-such-folder', 'report.html');
		const exit = await belay(['report', run.runId, '--format', 'html', '--output', missing, '--state-dir', run.state]);
		expect(exit.code, describeExit(exit)).toBe(2);
		expect(exit.stderr).toContain(`cannot write the report to ${missing}: its folder does not exist`);
		expect(exit.stderr).not.toMatch(/\n\s+at /);
		const format = await belay(['report', run.runId, '--format', 'pdf', '--state-dir', run.state]);
		expect(format.code).toBe(2);
		expect(format.stderr).toContain("--format is md, json or html, not 'pdf'");
	});
});
