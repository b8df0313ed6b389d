import {own} from '../records.js';
import type {LoadedRunbook} from '../runbook/types.js';
import {coerceInput} from './answers.js';
import type {RunEvent} from './events.js';
import {emptySecrets, envScope, runScope, type Secrets} from './scope.js';
import type {RunState} from './state.js';
import {holdsSecretValue, stepForKey} from './step-for-key.js';
import {changedSteps, stepHashes} from './step-hashes.js';
import {computeVars, keepSecretVars} from './vars.js';
import {didYouMean} from '../runbook/suggest.js';

/** What the operator gave for a resume. */
export type ResumeGiven = {
	/** The changed steps the operator accepted (`--accept-changes` accepts whatever changed). */
	readonly acceptChanges: boolean;
	/** `--dry-run` given (true), `--no-dry-run` (false), or neither. */
	readonly dryRun?: boolean;
	/** Secret inputs given again, by name. */
	readonly inputs: Readonly<Record<string, unknown>>;
	readonly operator: string | null;
	/** `--rerun STEP`: finished steps to run again. */
	readonly rerun?: readonly string[];
};

export type ResumeFacts = {readonly now: Date; readonly host: string; readonly pid: number};

/** Something a resume cannot go on without; the headless front end prints `message` and exits 2. */
export type ResumeNeed =
	| {readonly kind: 'accept-changes'; readonly changed: readonly string[]; readonly message: string}
	| {readonly kind: 'secret-input'; readonly name: string; readonly message: string}
	| {readonly kind: 'usage'; readonly message: string};

export type ResumePlan =
	| {readonly ok: false; readonly needs: readonly ResumeNeed[]}
	| {
			readonly ok: true;
			/** run-resumed first, then secret steps to ask again and vars computed now. */
			readonly events: readonly RunEvent[];
			readonly secrets: Secrets;
			readonly acceptedChanges: readonly string[];
	  };

/**
 * Plans a resume: the runbook's drift, secret inputs to be given again, secret steps to be asked
 * again (their values were never written), and vars not yet recorded.
 */
export async function planResume(state: RunState, loaded: LoadedRunbook, given: ResumeGiven, facts: ResumeFacts): Promise<ResumePlan> {
	const needs: ResumeNeed[] = [];
	let accepted: string[] = [];
	if (loaded.sha256 !== state.runbook.sha256) {
		const changed = changedSteps(state.stepHashes, stepHashes(loaded.runbook));
		if (changed.length > 0 && !given.acceptChanges) {
			needs.push({
				kind: 'accept-changes',
				changed,
				message:
					`the runbook ${state.runbook.path} changed since run ${state.id} started; changed steps: ${changed.join(', ')}.\n` +
					`Check the changes, then run: belay resume ${state.id} --accept-changes`,
			});
		}
		accepted = changed;
	}
	if (given.dryRun === false && state.dryRun) {
		needs.push({kind: 'usage', message: `run ${state.id} is a dry run and cannot be resumed as a real one; start a new run`});
	}
	const secrets = emptySecrets();
	for (const name of state.secretInputs) {
		const definition = own(loaded.runbook.inputs, name);
		if (!definition) continue;
		const checked = coerceInput(own(given.inputs, name), definition);
		if (!checked.ok || checked.value === undefined) {
			needs.push({kind: 'secret-input', name, message: `secret input '${name}' is not kept on disk: give it again with --input ${name}=VALUE`});
			continue;
		}
		secrets.inputs[name] = checked.value;
	}
	needs.push(...rerunProblems(state, loaded, given.rerun ?? []));
	if (needs.length > 0) return {ok: false, needs};

	const at = facts.now.toISOString();
	const events: RunEvent[] = [{type: 'run-resumed', at, host: facts.host, pid: facts.pid, operator: given.operator, acceptedChanges: accepted}];
	// Secret input and select steps: their values were never written, so they are asked again.
	for (const [key, step] of Object.entries(state.steps)) {
		if (step.status === 'succeeded' && holdsSecretValue(stepForKey(loaded.runbook, key))) {
			events.push({type: 'secret-forgotten', at, key});
		}
	}
	// Vars are computed once, as of the run's start. A run killed between its first event and its
	// vars has none recorded: they are computed now. Vars holding a secret input are recorded masked:
	// they are computed again from the secret given for this resume.
	if (state.vars === undefined || Object.keys(secrets.inputs).length > 0) {
		const environment = own(loaded.runbook.environments, state.environment ?? '');
		const vars = await computeVars(
			loaded,
			{env: envScope(environment, state.environment), run: runScope(state), inputs: {...state.inputs, ...secrets.inputs}},
			new Date(state.startedAt),
			environment?.vars ?? {},
			state.secretInputs,
		);
		const fresh = emptySecrets();
		Object.assign(fresh.inputs, secrets.inputs);
		const masked = keepSecretVars(vars, fresh);
		if (state.vars === undefined) {
			events.push({type: 'vars-computed', at, vars: masked});
			Object.assign(secrets.vars, fresh.vars);
		} else {
			for (const [name, value] of Object.entries(fresh.vars)) {
				if (JSON.stringify(state.vars[name]) === JSON.stringify(masked[name])) secrets.vars[name] = value;
			}
		}
	}
	for (const key of new Set(given.rerun ?? [])) events.push({type: 'step-rerun', at, key, by: given.operator ?? state.operator});
	return {ok: true, events, secrets, acceptedChanges: accepted};
}

/** Why a `--rerun STEP` cannot be done: a step the runbook lacks, or one that has not finished. */
function rerunProblems(state: RunState, loaded: LoadedRunbook, rerun: readonly string[]): ResumeNeed[] {
	const ids = loaded.runbook.steps.map(step => step.id);
	const problems: ResumeNeed[] = [];
	for (const key of rerun) {
		if (!ids.includes(key)) {
			const nested = key.includes('[') || key.includes('.') ? ' (a step inside a foreach runs again with its foreach: --rerun FOREACH-ID)' : '';
			problems.push({kind: 'usage', message: `--rerun ${key}: the runbook has no step '${key}'${nested}${nested ? '' : didYouMean(key, ids)}`});
			continue;
		}
		const status = own(state.steps, key)?.status ?? 'pending';
		if (status !== 'succeeded' && status !== 'failed' && status !== 'skipped') {
			problems.push({kind: 'usage', message: `--rerun ${key}: step '${key}' has not finished (it is ${status}); a resume runs it anyway, so leave --rerun out`});
		}
	}
	return problems;
}
