import {assertNever} from '../assert-never.js';
import type {LiveEvent, RunEvent} from '../engine/events.js';
import type {RunState} from '../engine/state.js';
import {formatDuration} from '../runbook/duration.js';
import {pausedOptionLines} from './paused-options.js';
import {statusText} from '../engine/outcome.js';

/** The headless front end's output: one line per event, output lines prefixed by step id. */
export function formatEvent(event: RunEvent | LiveEvent, state: RunState): string | undefined {
	switch (event.type) {
		case 'run-started':
			return `belay: run ${event.runId}: ${event.runbook.name} (${event.runbook.title})${event.environment ? ` · env ${event.environment}` : ''}${event.operator ? ` · operator ${event.operator}` : ''}${event.pair ? ` · pair ${event.pair}` : ''}${event.dryRun ? ' · DRY RUN: mutating steps are shown, not performed' : ''}`;
		case 'run-resumed':
			return `belay: resuming run ${state.id} (${state.runbook.name})${event.acceptedChanges.length ? `; accepted changes to ${event.acceptedChanges.join(', ')}` : ''}`;
		case 'vars-computed':
			return Object.keys(event.vars).length ? `vars: ${Object.entries(event.vars).map(([name, value]) => `${name}=${JSON.stringify(value)}`).join(' ')}` : undefined;
		case 'caller-identified':
			return `caller: ${event.arn} (account ${event.account})`;
		case 'step-checked':
		case 'step-process':
		case 'process-started':
		case 'question-asked':
		case 'answer-refused':
			return undefined;
		case 'secret-forgotten':
			return `${event.key}: its value is secret and not kept on disk, so it is asked again`;
		case 'step-started': {
			const request = event.request as Record<string, unknown>;
			const title = String(request?.['title'] ?? event.key);
			const what = shortened(describeRequest(request), state.id);
			return `▶ ${event.key}: ${title}${event.attempt > 1 ? ` (attempt ${event.attempt})` : ''}${what ? `\n  ${what}` : ''}`;
		}
		case 'step-succeeded': {
			const step = state.steps[event.key];
			const took = step?.startedAt ? ` (${formatDuration(Date.parse(event.at) - Date.parse(step.startedAt))})` : '';
			return `✔ ${event.key}${event.byOperator ? ' marked done by the operator' : ' succeeded'}${took}`;
		}
		case 'step-failed':
			return `✘ ${event.key} failed${event.final ? '' : ` (attempt ${event.attempt}; retrying)`}: ${event.error.message}`;
		case 'step-skipped':
			if (event.reason === 'dry-run') {
				const what = shortened(describeRequest(event.request as Record<string, unknown>), state.id);
				return `◌ ${event.key}: dry run, not performed${what ? `\n  would: ${what}` : ''}`;
			}
			return `↷ ${event.key} skipped (${event.reason === 'when' ? 'its when is false' : 'by the operator'})`;
		case 'operator-answered':
			return `✎ ${event.key}: ${event.question} answered${event.by ? ` by ${event.by}` : ''}${event.question === 'approve' ? ` (approver ${String(event.answer)})` : ''}`;
		case 'options-listed':
			return `${event.key}: ${event.options.length} option(s) listed`;
		case 'foreach-expanded':
			return `${event.key}: ${state.steps[event.key]?.items?.length ?? event.count ?? 0} ${event.batch ? 'chunk' : 'item'}(s)`;
		case 'run-paused':
			return [`⏸ paused at ${event.key}: ${event.reason}`, ...pausedOptionLines(state)].join('\n');
		case 'step-rerun':
			return `↺ ${event.key}: runs again, as asked${event.by ? ` by ${event.by}` : ''} (--rerun)`;
		case 'run-interrupted':
			return `belay: interrupted (${event.signal}); the checkpoint is saved`;
		case 'run-finished':
			return `belay: run ${state.id} ${statusText(event.status, event.failedSteps)}`;
		case 'step-output':
			return prefixed(`${event.key} | `, event.lines);
		case 'wait-polled':
			return `… ${event.key}: poll ${event.attempt}${event.progress !== undefined ? ` ${event.progress}%` : ''}${event.message ? ` ${event.message}` : ''}`;
		case 'notice':
			return `${event.level === 'warning' ? '! ' : ''}${event.key ? `${event.key}: ` : ''}${event.message}`;
		default:
			return assertNever(event);
	}
}

export function describeRequest(request: Record<string, unknown> | undefined): string | undefined {
	if (!request) return undefined;
	if (typeof request['unresolved'] === 'string') return `(cannot be resolved: it reads a step the dry run did not perform: ${request['unresolved']})`;
	if (typeof request['command'] === 'string' && 'script' in request) return `$ ${request['command']}`;
	if (typeof request['service'] === 'string') {
		return `aws ${String(request['service'])} ${String(request['command'])} ${JSON.stringify(request['input'] ?? {})}`;
	}
	if (typeof request['file'] === 'string') return `edit ${request['file']}: ${JSON.stringify(request['set'])}`;
	if (typeof request['that'] === 'string') return `check ${request['that']}: ${request['holds'] === true ? 'holds' : 'does not hold'}`;
	return undefined;
}

/** The most of a request a line shows; a BatchWriteItem of 25 items is read in the report. */
const requestLimit = 500;

/** A request's description, cut after `requestLimit` characters, saying where the whole of it is. */
function shortened(what: string | undefined, runId: string): string | undefined {
	if (what === undefined || what.length <= requestLimit) return what;
	return `${what.slice(0, requestLimit)}… (${Math.ceil(Buffer.byteLength(what) / 1024)} KB in all: belay report ${runId} shows it whole)`;
}

/** Lines joined with a newline, each after the prefix (one string built, no array). */
function prefixed(prefix: string, lines: readonly string[]): string {
	return `${prefix}${lines.join(`\n${prefix}`)}`;
}
