import type {RunState} from './state.js';

/**
 * Pure: how long each step took in earlier runs (the median of the runs that finished it), in ms.
 * The interface subtracts what has elapsed to say how long a step has left.
 */
export function stepEstimates(runs: readonly RunState[]): Record<string, number> {
	const durations = new Map<string, number[]>();
	for (const run of runs) {
		for (const step of Object.values(run.steps)) {
			if (step.status !== 'succeeded' || !step.startedAt || !step.endedAt || step.byOperator) continue;
			const ms = Date.parse(step.endedAt) - Date.parse(step.startedAt);
			if (!Number.isFinite(ms) || ms < 0) continue;
			const list = durations.get(step.key) ?? [];
			list.push(ms);
			durations.set(step.key, list);
		}
	}
	const estimates: Record<string, number> = {};
	for (const [key, list] of durations) {
		const sorted = [...list].sort((a, b) => a - b);
		const middle = Math.floor(sorted.length / 2);
		estimates[key] = sorted.length % 2 === 1 ? sorted[middle]! : Math.round((sorted[middle - 1]! + sorted[middle]!) / 2);
	}
	return estimates;
}

/** Top-level steps finished and in all, from what the run recorded (no runbook needed). */
export function stepProgress(state: RunState): {done: number; total: number} {
	const ids = Object.keys(state.stepHashes).filter(id => !id.includes('.') && !id.startsWith('('));
	const done = ids.filter(id => {
		const status = state.steps[id]?.status;
		return status === 'succeeded' || status === 'skipped';
	}).length;
	return {done, total: ids.length};
}
