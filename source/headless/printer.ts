import {assertNever} from '../assert-never.js';
import type {LiveEvent, RunEvent} from '../engine/events.js';
import type {RunState} from '../engine/state.js';
import {formatDuration} from '../runbook/duration.js';
import {jsonPrefix} from './json-prefix.js';
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
			const what = shortened(request, state.id);
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
				const what = shortened(event.request as Record<string, unknown>, state.id);
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

/** What a request does, in one line: the command, the AWS call with its input, the edit, the check. */
export function describeRequest(request: Record<string, unknown> | undefined): string | undefined {
	return described(request, Number.POSITIVE_INFINITY)?.text;
}

function described(request: Record<string, unknown> | undefined, limit: number): {text: string; complete: boolean} | undefined {
	if (!request) return undefined;
	const whole = (text: string): {text: string; complete: boolean} => ({text, complete: true});
	const json = (head: string, value: unknown): {text: string; complete: boolean} => {
		const {text, complete} = jsonPrefix(value, Math.max(0, limit - head.length));
		return {text: `${head}${text}`, complete};
	};
	if (typeof request['unresolved'] === 'string') return whole(`(cannot be resolved: it reads a step the dry run did not perform: ${request['unresolved']})`);
	if (typeof request['command'] === 'string' && 'script' in request) return whole(`$ ${request['command']}`);
	if (typeof request['service'] === 'string') return json(`aws ${String(request['service'])} ${String(request['command'])} `, request['input'] ?? {});
	if (typeof request['file'] === 'string') return json(`edit ${request['file']}: `, request['set']);
	if (typeof request['that'] === 'string') return whole(`check ${request['that']}: ${request['holds'] === true ? 'holds' : 'does not hold'}`);
	return undefined;
}

/** The most of a request a line shows; a BatchWriteItem of 25 items is read in the report. */
const requestLimit = 500;

/**
 * A request's description, cut after `requestLimit` characters, saying where the whole of it is.
 * Only what the line shows is written (jsonPrefix): a bulk copy describes thousands of requests.
 */
function shortened(request: Record<string, unknown> | undefined, runId: string): string | undefined {
	const what = described(request, requestLimit);
	if (what === undefined) return undefined;
	if (what.complete && what.text.length <= requestLimit) return what.text;
	return `${what.text.slice(0, requestLimit)}… (cut here: belay report ${runId} shows it whole)`;
}

/** Lines joined with a newline, each after the prefix (one string built, no array). */
function prefixed(prefix: string, lines: readonly string[]): string {
	return `${prefix}${lines.join(`\n${prefix}`)}`;
}
