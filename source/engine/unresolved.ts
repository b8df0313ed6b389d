import type {RunEvent} from './events.js';
import type {RunState} from './state.js';

/**
 * What a step whose request cannot be resolved becomes. In a dry run that has shown a step without
 * performing it, the value may come from that step, so this one is shown as unresolvable instead of
 * failing the rehearsal; otherwise it fails, finally (an expression does not fix itself on a retry).
 */
export function unresolvedEvent(state: RunState, key: string, attempt: number, message: string, at: string): RunEvent {
	const shownOnly = state.dryRun && Object.values(state.steps).some(other => other.skipReason === 'dry-run');
	if (shownOnly) return {type: 'step-skipped', at, key, reason: 'dry-run', request: {unresolved: message}};
	return {type: 'step-failed', at, key, attempt, error: {message, code: 'Expression'}, final: true};
}
