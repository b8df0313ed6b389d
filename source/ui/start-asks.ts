import type {StartGiven} from '../engine/plan-start.js';
import type {Runbook} from '../runbook/types.js';

/** What the start flow asks before "Start now?": whatever the command line, the answers file and the environment did not give. */
export type StartAsks = {readonly environment: boolean; readonly operator: boolean; readonly pair: boolean; readonly inputs: readonly string[]};

export function startAsks(runbook: Runbook, given: StartGiven): StartAsks {
	return {
		environment: Object.keys(runbook.environments).length > 0 && !given.environment,
		operator: !given.operator,
		pair: runbook.pairing !== 'none' && !given.pair,
		inputs: Object.keys(runbook.inputs).filter(name => given.inputs[name] === undefined),
	};
}

/** Whether the start flow goes straight to "Start now?". */
export function asksNothing(asks: StartAsks): boolean {
	return !asks.environment && !asks.operator && !asks.pair && asks.inputs.length === 0;
}
