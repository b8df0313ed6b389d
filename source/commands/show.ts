import type {Runbook, Step} from '../runbook/types.js';
import {loadRunbookFile} from '../runbook/load.js';
import type {RunState, RunStatus, StepState} from '../engine/state.js';
import {emptyStep} from '../engine/state.js';
import {openStore, type StoreFlags} from './open-store.js';
import {isValidRunId} from '../store/paths.js';
import {UsageError} from './usage-error.js';
import {pausedOptionLines, pausedSelect} from '../headless/paused-options.js';
import {statusText} from '../engine/outcome.js';

/** The `show --json` document of the CLI spec. */
export function showDocument(state: RunState, status: RunStatus, runbook?: Runbook): Record<string, unknown> {
	return {
		id: state.id,
		status,
		...(state.failedSteps ? {failedSteps: state.failedSteps} : {}),
		dryRun: state.dryRun,
		runbook: {name: state.runbook.name, path: state.runbook.path, sha256: state.runbook.sha256},
		environment: state.environment,
		operator: state.operator,
		pair: state.pair,
		startedAt: state.startedAt,
		updatedAt: state.updatedAt,
		inputs: state.inputs,
		...(state.caller ? {caller: state.caller} : {}),
		...(state.pausedOn ? {pausedOn: {...state.pausedOn, ...pausedSelect(state)}} : {}),
		steps: orderedSteps(state, runbook).map(step => ({
			id: step.key,
			status: step.status,
			attempts: step.attempts,
			...(step.startedAt ? {startedAt: step.startedAt} : {}),
			...(step.endedAt ? {endedAt: step.endedAt} : {}),
			outputs: step.outputs ?? {},
			...(step.error ? {error: step.error} : {}),
			...(step.skipReason ? {skipReason: step.skipReason} : {}),
		})),
	};
}

/** Step instances in runbook order (foreach items after their foreach), then any the runbook lost. */
export function orderedSteps(state: RunState, runbook?: Runbook): StepState[] {
	if (!runbook) return Object.values(state.steps);
	const out: StepState[] = [];
	const seen = new Set<string>();
	const visit = (steps: readonly Step[], prefix: string): void => {
		for (const step of steps) {
			const key = `${prefix}${step.id}`;
			const current = state.steps[key] ?? emptyStep(key);
			out.push(current);
			seen.add(key);
			if (step.kind === 'foreach') {
				(current.items ?? []).forEach((_, index) => visit(step.foreach.steps, `${key}[${index}].`));
			}
		}
	};
	visit(runbook.steps, '');
	for (const step of Object.values(state.steps)) if (!seen.has(step.key)) out.push(step);
	return out;
}

export async function loadRunFor(runId: string, flags: StoreFlags): Promise<{state: RunState; status: RunStatus; runbook?: Runbook}> {
	const store = await openStore(flags);
	const run = isValidRunId(runId) ? await store.summary(runId).finally(() => store.close()) : (store.close(), undefined);
	if (!run) throw new UsageError(`no run '${runId}' in ${store.where}; list runs with: belay runs`);
	const loaded = await loadRunbookFile(run.state.runbook.path);
	return {state: run.state, status: run.status, ...(loaded.ok ? {runbook: loaded.loaded.runbook} : {})};
}

/** `belay show RUN-ID [--json]`. */
export async function showCommand(runId: string, options: {json?: boolean; stateDir?: string; state?: string}): Promise<number> {
	const {state, status, runbook} = await loadRunFor(runId, options);
	const document = showDocument(state, status, runbook);
	if (options.json) {
		process.stdout.write(`${JSON.stringify(document, null, 2)}\n`);
		return 0;
	}
	const lines = [
		`run ${state.id}: ${statusText(status, state.failedSteps)}${state.dryRun ? ' (dry run)' : ''}`,
		`runbook ${state.runbook.name} (${state.runbook.path})`,
		`environment ${state.environment ?? '-'} · operator ${state.operator ?? '-'} · pair ${state.pair ?? '-'}`,
		`started ${state.startedAt} · updated ${state.updatedAt}`,
		...(state.pausedOn ? [`paused at ${state.pausedOn.key}: ${state.pausedOn.reason}`, ...pausedOptionLines(state)] : []),
		'',
		...orderedSteps(state, runbook).map(
			step => `  ${step.status.padEnd(11)} ${step.key}${step.attempts > 1 ? ` (${step.attempts} attempts)` : ''}${step.error && step.status === 'failed' ? ` — ${step.error.message.split('\n')[0]}` : ''}`,
		),
	];
	process.stdout.write(`${lines.join('\n')}\n`);
	return 0;
}
