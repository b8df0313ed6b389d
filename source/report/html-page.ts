import {formatDuration} from '../runbook/duration.js';
import {statusText} from '../engine/outcome.js';
import {stepFacts, type StepRecord} from '../commands/report.js';
import {Html, html} from './html-escape.js';
import {reportStyle} from './html-style.js';
import {timelineSvg} from './timeline-svg.js';
import type {Timeline} from './timeline.js';

/** The fields of the report document (`reportDocument`) the page shows. */
export type ReportView = {
	readonly id: string;
	readonly status: string;
	readonly failedSteps?: readonly string[];
	readonly dryRun: boolean;
	readonly runbook: {readonly name: string; readonly title: string; readonly path: string; readonly sha256: string};
	readonly environment: string | null;
	readonly operator: string | null;
	readonly pair: string | null;
	readonly caller?: {readonly account: string; readonly arn: string};
	readonly startedAt: string;
	readonly updatedAt: string;
	readonly inputs: Readonly<Record<string, unknown>>;
	readonly steps: readonly StepRecord[];
};

/** Nothing may be fetched: styles are inline, images data: URLs, no scripts at all. */
export const contentSecurityPolicy = "default-src 'none'; style-src 'unsafe-inline'; img-src data:";

const resultLimit = 20_000;

function json(value: unknown, limit = Number.POSITIVE_INFINITY): string {
	const text = JSON.stringify(value, null, 2) ?? String(value);
	return text.length > limit ? `${text.slice(0, limit)}\n… (${text.length - limit} more characters in the journal)` : text;
}

/** The outcome line: the status, and how many steps failed. */
export function outcomeText(view: ReportView): string {
	const failed = view.steps.filter(step => step.status === 'failed').length;
	const text = statusText(view.status, view.failedSteps);
	return failed && !view.failedSteps?.length ? `${text}, ${failed} failed step${failed === 1 ? '' : 's'}` : text;
}

/** Everyone who drove or answered the run, the operator first. */
export function operatorsOf(view: ReportView): string[] {
	const names = [view.operator, view.pair, ...view.steps.flatMap(step => [step.by, ...Object.values(step.answers).map(answer => answer.by)])];
	return [...new Set(names.filter((name): name is string => typeof name === 'string' && name !== ''))];
}

function header(view: ReportView): Html {
	const ended = Date.parse(view.updatedAt) - Date.parse(view.startedAt);
	const rows: [string, Html | string][] = [
		['Outcome', html`<span class="outcome outcome-${view.status}">${outcomeText(view)}</span>${view.dryRun ? html` <span class="badge badge-dry">dry run</span>` : ''}`],
		['Runbook', html`${view.runbook.name} <code>${view.runbook.path}</code> sha256 <code>${view.runbook.sha256.slice(0, 12)}</code>`],
		['Environment', view.environment ?? '-'],
		['Account', view.caller ? html`${view.caller.account} <code>${view.caller.arn}</code>` : '-'],
		['Operators', html`${view.operator ?? '-'}${view.pair ? ` with ${view.pair} (pair)` : ''}${operatorsOf(view).filter(name => name !== view.operator && name !== view.pair).map(name => `, ${name}`)}`],
		['Started', `${view.startedAt}`],
		['Last event', `${view.updatedAt} (${Number.isNaN(ended) ? '-' : formatDuration(ended)} after the start)`],
	];
	return html`<header>
<h1>Run ${view.id}: ${view.runbook.title}</h1>
<table class="facts" id="run-facts">${rows.map(([name, value]) => html`<tr><th>${name}</th><td>${value}</td></tr>`)}</table>
</header>`;
}

function answersTable(view: ReportView): Html {
	const answers = view.steps
		.flatMap(step => Object.entries(step.answers).map(([question, answer]) => ({key: step.id, question, ...answer})))
		.sort((a, b) => a.at.localeCompare(b.at));
	if (!answers.length) return html`<p>Nobody was asked anything.</p>`;
	return html`<table id="answers"><tr><th>When</th><th>Step</th><th>Question</th><th>Answer</th><th>By</th></tr>${answers.map(
		answer => html`<tr><td>${answer.at}</td><td><a href="#step-${answer.key}">${answer.key}</a></td><td>${answer.question}</td><td><code>${json(answer.value, 300)}</code></td><td>${answer.by ?? '-'}</td></tr>`,
	)}</table>`;
}

function stepSection(step: StepRecord, title: string | undefined): Html {
	const facts = stepFacts(step);
	const answers = Object.entries(step.answers).filter(([question]) => question !== 'approve');
	const block = (label: string, value: unknown, limit?: number): Html =>
		html`<p class="label-small">${label}</p><pre>${json(value, limit)}</pre>`;
	return html`<section class="step" id="step-${step.id}">
<div class="step-head"><h3>${step.id}</h3><span class="step-title">${title ?? ''}</span><span class="badge badge-${step.status}">${step.status}</span></div>
${facts.length ? html`<div class="facts">${facts.join(' · ')}</div>` : ''}${step.approval ? html`<div class="approval">Approved by ${String(step.approval.approver)} at ${step.approval.at}</div>` : ''}${answers.map(
		([question, answer]) => html`<div>${question}: <code>${json(answer.value, 300)}</code>${answer.by ? ` (${answer.by}, ${answer.at})` : ''}</div>`,
	)}${step.request !== undefined ? block('Request', step.request) : ''}${step.result !== undefined ? block('Result', step.result, resultLimit) : ''}${Object.keys(step.outputs).length ? block('Outputs', step.outputs) : ''}${step.error ? html`<p class="label-small">Error</p><pre class="error">${String((step.error as {message: string}).message)}</pre>` : ''}
</section>`;
}

/** The run as one self-contained HTML page: nothing is fetched, every value escaped. */
export function reportHtml(view: ReportView, timeline: Timeline, titles: ReadonlyMap<string, string>): string {
	const page = html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${contentSecurityPolicy}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,">
<title>Run ${view.id}: ${view.runbook.title}</title>
<style>${new Html(reportStyle)}</style>
</head>
<body>
${header(view)}
<h2>Timeline</h2>
<div class="legend"><span><i style="background:#1a7f37"></i>succeeded</span><span><i style="background:#cf222e"></i>failed</span><span><i style="background:#eac54f"></i>interrupted</span><span><i style="background:#0969da"></i>running</span><span><i style="background:#8250df;border-radius:6px"></i>answer</span><span><i style="background:#0a3069;width:2px"></i>poll</span><span><i style="background:#fff8c5"></i>paused</span><span><i style="background:#eaeef2"></i>stopped</span></div>
${timelineSvg(timeline, titles)}
<h2>Inputs</h2>
<pre id="inputs">${json(view.inputs)}</pre>
<h2>Answers and approvals</h2>
${answersTable(view)}
<h2>Steps</h2>
${view.steps.map(step => stepSection(step, titles.get(step.id)))}
<footer>belay report of run ${view.id} \u00b7 times in UTC \u00b7 secrets are shown as ***</footer>
</body>
</html>
`;
	return page.text;
}
