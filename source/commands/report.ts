import {formatDuration} from '../runbook/duration.js';
import type {RunState, RunStatus, StepState} from '../engine/state.js';
import {loadRunFor, orderedSteps} from './show.js';
import {UsageError} from './usage-error.js';
import {statusText} from '../engine/outcome.js';
import {stateDir} from '../store/paths.js';
import {writeReport} from '../report/write-report.js';
import type {RunEvent} from '../engine/events.js';
import {openStore, type StoreFlags} from './open-store.js';
import {operatorsOf, type ReportView} from '../report/html-page.js';

export type StepRecord = {
	id: string;
	status: string;
	attempts: number;
	startedAt?: string;
	endedAt?: string;
	durationMs?: number;
	by: string | null;
	answers: Record<string, {value: unknown; by: string | null; at: string}>;
	approval?: {approver: unknown; at: string};
	request?: unknown;
	result?: unknown;
	outputs: Record<string, unknown>;
	error?: unknown;
	skipReason?: string;
};

/** The run's record: every step with who, when, how long, what it asked, what came back, approvals. */
export function reportDocument(state: RunState, status: RunStatus, steps: StepState[]): Record<string, unknown> {
	const records: StepRecord[] = steps.map(step => {
		const durationMs = step.startedAt && step.endedAt ? Date.parse(step.endedAt) - Date.parse(step.startedAt) : undefined;
		const approval = step.answers.approve;
		const answers = Object.fromEntries(Object.entries(step.answers).map(([question, answer]) => [question, {...answer!}]));
		// Who drove the run when the step ran: after a handover, not the operator who has it now.
		const by = Object.values(step.answers).find(answer => answer?.by)?.by ?? (step.startedAt ? (step.startedBy ?? state.operator) : null);
		return {
			id: step.key,
			status: step.status,
			attempts: step.attempts,
			...(step.startedAt ? {startedAt: step.startedAt} : {}),
			...(step.endedAt ? {endedAt: step.endedAt} : {}),
			...(durationMs !== undefined ? {durationMs} : {}),
			by,
			answers,
			...(approval ? {approval: {approver: approval.value, at: approval.at}} : {}),
			...(step.request !== undefined ? {request: step.request} : {}),
			...(step.result !== undefined ? {result: step.result} : {}),
			outputs: {...(step.outputs ?? {})},
			...(step.error ? {error: step.error} : {}),
			...(step.skipReason ? {skipReason: step.skipReason} : {}),
		};
	});
	return {
		id: state.id,
		status,
		...(state.failedSteps ? {failedSteps: state.failedSteps} : {}),
		dryRun: state.dryRun,
		runbook: state.runbook,
		environment: state.environment,
		operator: state.operator,
		pair: state.pair,
		...(state.caller ? {caller: state.caller} : {}),
		startedAt: state.startedAt,
		updatedAt: state.updatedAt,
		inputs: state.inputs,
		vars: state.vars ?? {},
		steps: records,
	};
}

export function reportMarkdown(document: Record<string, unknown>): string {
	const steps = document['steps'] as StepRecord[];
	const lines = [
		`# Run ${String(document['id'])}: ${String((document['runbook'] as {title: string}).title)}`,
		'',
		`| | |`,
		`|---|---|`,
		`| Status | ${statusText(String(document['status']), document['failedSteps'] as string[] | undefined)}${document['dryRun'] ? ' (dry run)' : ''} |`,
		`| Runbook | ${String((document['runbook'] as {name: string}).name)} (\`${String((document['runbook'] as {path: string}).path)}\`, sha256 ${String((document['runbook'] as {sha256: string}).sha256).slice(0, 12)}) |`,
		`| Environment | ${String(document['environment'] ?? '-')} |`,
		`| Operator | ${String(document['operator'] ?? '-')} |`,
		`| Pair | ${String(document['pair'] ?? '-')} |`,
		...othersRow(document),
		...(document['caller'] ? [`| Caller | ${String((document['caller'] as {arn: string}).arn)} |`] : []),
		`| Started | ${String(document['startedAt'])} |`,
		`| Last event | ${String(document['updatedAt'])} |`,
		'',
		'## Inputs',
		'',
		'```json',
		JSON.stringify(document['inputs'], null, 2),
		'```',
		'',
		'## Steps',
		'',
	];
	for (const step of steps) {
		lines.push(`### ${step.id}: ${step.status}`, '');
		const facts = stepFacts(step);
		if (facts.length) lines.push(`- ${facts.join(' · ')}`);
		if (step.approval) lines.push(`- **approved by ${String(step.approval.approver)}** at ${step.approval.at}`);
		for (const [question, answer] of Object.entries(step.answers)) {
			if (question !== 'approve') lines.push(`- ${question}: ${JSON.stringify(answer.value)}${answer.by ? ` (${answer.by}, ${answer.at})` : ''}`);
		}
		if (step.request !== undefined) lines.push('', 'Request:', '', '```json', JSON.stringify(step.request, null, 2), '```');
		if (step.result !== undefined) lines.push('', 'Result:', '', '```json', truncate(JSON.stringify(step.result, null, 2)), '```');
		if (Object.keys(step.outputs).length) lines.push('', 'Outputs:', '', '```json', JSON.stringify(step.outputs, null, 2), '```');
		if (step.error) lines.push('', 'Error:', '', '```', String((step.error as {message: string}).message), '```');
		lines.push('');
	}
	return `${lines.join('\n')}\n`;
}

/** Who else drove or answered the run (after a handover, the operators before it), as a header row. */
function othersRow(document: Record<string, unknown>): string[] {
	const others = operatorsOf(document as ReportView).filter(name => name !== document['operator'] && name !== document['pair']);
	return others.length ? [`| Also drove or answered | ${others.join(', ')} |`] : [];
}

/** A step's times, attempts, who and why skipped, as short phrases (both report formats show them). */
export function stepFacts(step: StepRecord): string[] {
	return [
		step.startedAt ? `started ${step.startedAt}` : undefined,
		step.endedAt ? `ended ${step.endedAt}` : undefined,
		step.durationMs !== undefined ? `took ${formatDuration(step.durationMs)}` : undefined,
		step.attempts > 1 ? `${step.attempts} attempts` : undefined,
		step.by ? `by ${step.by}` : undefined,
		step.skipReason ? `skipped: ${step.skipReason}` : undefined,
	].filter((fact): fact is string => fact !== undefined);
}

function truncate(text: string): string {
	return text.length > 4000 ? `${text.slice(0, 4000)}\n… (${text.length - 4000} more characters in the journal)` : text;
}

/** The run's events, wherever it is kept: the timeline of the HTML report draws them. */
async function runEvents(runId: string, flags: StoreFlags): Promise<readonly RunEvent[]> {
	const store = await openStore(flags);
	try {
		return (await store.read(runId))?.events ?? [];
	} finally {
		store.close();
	}
}

/** `belay report RUN-ID [--format md|json|html] [--output FILE]`. */
export async function reportCommand(runId: string, options: {format?: string; output?: string; stateDir?: string; state?: string}): Promise<number> {
	const format = options.format ?? 'md';
	if (format !== 'md' && format !== 'json' && format !== 'html') throw new UsageError(`--format is md, json or html, not '${format}'`);
	const {state, status, runbook} = await loadRunFor(runId, options);
	const steps = orderedSteps(state, runbook);
	const document = reportDocument(state, status, steps);
	const text =
		format === 'json'
			? `${JSON.stringify(document, null, 2)}\n`
			: format === 'html'
				? (await import('../report/html-report.js')).htmlReport(document, await runEvents(runId, options), stateDir(options.stateDir), runId, steps, runbook)
				: reportMarkdown(document);
	if (options.output) writeReport(options.output, text);
	else process.stdout.write(text);
	return 0;
}
