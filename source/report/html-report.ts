import {existsSync, readFileSync} from 'node:fs';
import type {Runbook, Step} from '../runbook/types.js';
import type {StepState} from '../engine/state.js';
import type {RunEvent} from '../engine/events.js';
import {runPaths} from '../store/paths.js';
import {reportHtml, type ReportView} from './html-page.js';
import {buildTimeline, pollsFromLog} from './timeline.js';

/** Each step's title and kind by id (ids are unique in a runbook, nested ones too). */
function stepsById(steps: readonly Step[], into = new Map<string, Step>()): Map<string, Step> {
	for (const step of steps) {
		into.set(step.id, step);
		if (step.kind === 'foreach') stepsById(step.foreach.steps, into);
	}
	return into;
}

const idOf = (key: string): string => key.slice(key.lastIndexOf('.') + 1);

/**
 * `belay report --format html`: the report document, with the timeline from the run's events (from
 * the local journal or the shared table) and the polls from this machine's output log, when it has
 * one (both written masked, so no secret reaches the page).
 */
export function htmlReport(document: Record<string, unknown>, events: readonly RunEvent[], root: string, runId: string, steps: readonly StepState[], runbook?: Runbook): string {
	const paths = runPaths(root, runId);
	const byId = runbook ? stepsById(runbook.steps) : new Map<string, Step>();
	const waitKeys = new Set(steps.map(step => step.key).filter(key => byId.get(idOf(key))?.kind === 'wait'));
	// Only a run with waits has polls to read: a long output log is not read for nothing.
	const log = waitKeys.size && existsSync(paths.log) ? readFileSync(paths.log, 'utf8') : '';
	const timeline = buildTimeline(events, steps.map(step => step.key), pollsFromLog(log, waitKeys));
	const titles = new Map<string, string>();
	for (const step of steps) {
		const title = byId.get(idOf(step.key))?.title;
		if (title !== undefined) titles.set(step.key, title);
	}
	return reportHtml(document as ReportView, timeline, titles);
}
