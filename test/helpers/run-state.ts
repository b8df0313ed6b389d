/** Small runs for pure tests: a run-started event, runbooks from YAML steps, events folded with reduce. */
import type {RunEvent, RunStarted} from '../../source/engine/events.js';
import {initialState, reduce} from '../../source/engine/reduce.js';
import type {RunState} from '../../source/engine/state.js';
import {loadRunbookText} from '../../source/runbook/load.js';
import type {Runbook} from '../../source/runbook/types.js';

/** An event without its time stamp (`apply` stamps it). */
export type Unstamped = RunEvent extends infer E ? (E extends RunEvent ? Omit<E, 'at'> : never) : never;

let time = Date.parse('2026-11-21T10:00:00Z');
/** A time stamp one second after the last one. */
export const at = (): string => new Date((time += 1000)).toISOString();

/** A run-started event of runbook `t` (run `r`, operator alice, pair bob), with changes. */
export function runStarted(change: Partial<RunStarted> = {}): RunStarted {
	return {
		type: 'run-started',
		at: at(),
		runId: 'r',
		runbook: {name: 't', title: 'T', path: 't.yaml', sha256: 'x'},
		stepHashes: {},
		environment: null,
		operator: 'alice',
		pair: 'bob',
		dryRun: false,
		inputs: {},
		secretInputs: [],
		host: 'h',
		pid: 1,
		...change,
	};
}

/** The state a new run starts in. */
export function start(dryRun = false): RunState {
	return initialState(runStarted({dryRun}));
}

/** The state after these events, each stamped a second after the last. */
export function apply(state: RunState, ...events: Unstamped[]): RunState {
	return events.reduce((current, event) => reduce(current, {...event, at: at()} as RunEvent), state);
}

/** A runbook of these steps (YAML list items, indented two spaces), with `extra` top-level keys. */
export function runbookOf(steps: string, extra = ''): Runbook {
	const result = loadRunbookText(`version: 1\nname: t\ntitle: T\n${extra}steps:\n${steps}`, 't.yaml');
	if (!result.ok) throw new Error(result.problems.map(problem => `${problem.line}:${problem.column} ${problem.message}`).join('\n'));
	return result.loaded.runbook;
}
