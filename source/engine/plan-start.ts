import {own, record} from '../records.js';
import {resolveValue} from '../expressions/evaluate.js';
import {formatDate} from '../expressions/date.js';
import type {InputDefinition, LoadedRunbook} from '../runbook/types.js';
import {isValidRunId} from '../store/paths.js';
import {coerceInput} from './answers.js';
import type {RunEvent, RunStarted} from './events.js';
import {MASK} from './masker.js';
import {computeVars, keepSecretVars} from './vars.js';
import {emptySecrets, envScope, type Secrets} from './scope.js';
import {stepHashes} from './step-hashes.js';

/** What the operator gave for a new run: flags first, then the answers file, then settings. */
export type StartGiven = {
	readonly environment?: string;
	/** Input values by name, as given (strings from flags, any JSON value from an answers file). */
	readonly inputs: Readonly<Record<string, unknown>>;
	readonly operator: string | null;
	readonly pair: string | null;
	readonly dryRun: boolean;
	readonly runId?: string;
};

/** Facts from outside: the time, this process, and a random suffix for the run id. */
export type StartFacts = {readonly now: Date; readonly host: string; readonly pid: number; readonly suffix: string};

/**
 * Something a run cannot start without. A front end asks the askable ones (environment, pairing,
 * input) and plans again; the headless one prints `message` (it names the flag to give) and exits 2.
 */
export type StartNeed =
	| {readonly kind: 'environment'; readonly choices: readonly string[]; readonly message: string}
	| {readonly kind: 'pairing'; readonly missing: readonly ('operator' | 'pair')[]; readonly message: string}
	| {readonly kind: 'input'; readonly name: string; readonly definition: InputDefinition; readonly reason: string; readonly message: string}
	| {readonly kind: 'usage'; readonly message: string};

export type StartPlan =
	| {readonly ok: false; readonly needs: readonly StartNeed[]}
	| {
			readonly ok: true;
			readonly runId: string;
			readonly started: RunStarted;
			/** Recorded after run-started (and after the account guard's caller-identified). */
			readonly vars: RunEvent;
			/** Secret input values, kept in memory only. */
			readonly secrets: Secrets;
	  };

/** Plans a new run: checks what was given, and returns the opening events or what is still needed. */
export async function planStart(loaded: LoadedRunbook, given: StartGiven, facts: StartFacts): Promise<StartPlan> {
	const {runbook} = loaded;
	const needs: StartNeed[] = [];
	const environmentNames = Object.keys(runbook.environments);
	if (environmentNames.length > 0 && !given.environment) {
		needs.push({kind: 'environment', choices: environmentNames, message: `runbook ${runbook.name} needs an environment: add --env ${environmentNames.join('|')}`});
	} else if (given.environment && !own(runbook.environments, given.environment)) {
		needs.push({
			kind: 'usage',
			message: environmentNames.length
				? `runbook ${runbook.name} has no environment '${given.environment}'; choose one of ${environmentNames.join(', ')}`
				: `runbook ${runbook.name} declares no environments; drop --env`,
		});
	}
	const operator = given.operator;
	const pair = runbook.pairing === 'none' ? null : given.pair;
	if (runbook.pairing === 'required') {
		const missing = [...(operator ? [] : ['operator' as const]), ...(pair ? [] : ['pair' as const])];
		if (missing.length > 0) {
			needs.push({kind: 'pairing', missing, message: `runbook ${runbook.name} requires pairing: give --operator NAME and --pair NAME (two people)`});
		} else if (operator!.trim().toLowerCase() === pair!.trim().toLowerCase()) {
			needs.push({kind: 'usage', message: `pairing is required, but operator and pair are both '${operator}': the pair must be a second person`});
		}
	}
	const runId = given.runId ?? `${runbook.name}-${formatDate('YYYYMMDD-HHmmss', facts.now)}-${facts.suffix}`;
	if (!isValidRunId(runId)) needs.push({kind: 'usage', message: `--run-id '${runId}' is not a valid id: use letters, digits, '.', '_' and '-'`});
	if (needs.length > 0) return {ok: false, needs};

	const environment = given.environment ? own(runbook.environments, given.environment) : undefined;
	const runScope = {id: runId, startedAt: facts.now.toISOString(), operator, pair, dryRun: given.dryRun, runbook: runbook.name, environment: given.environment ?? null};
	const scopeBase = {env: envScope(environment, given.environment ?? null), run: runScope};
	const settled = await settleInputs(loaded, given.inputs, scopeBase, facts.now);
	if (!settled.ok) return {ok: false, needs: settled.needs};
	const {inputs, secretInputs, secrets} = settled;
	const started: RunStarted = {
		type: 'run-started',
		at: facts.now.toISOString(),
		runId,
		runbook: {name: runbook.name, title: runbook.title, path: loaded.path, sha256: loaded.sha256},
		stepHashes: stepHashes(runbook),
		environment: given.environment ?? null,
		operator,
		pair,
		dryRun: given.dryRun,
		// Secret inputs are recorded as *** (their values live in memory only), in declared order.
		inputs: Object.fromEntries(
			Object.keys(runbook.inputs)
				.filter(name => own(inputs, name) !== undefined || secretInputs.includes(name))
				.map(name => [name, secretInputs.includes(name) ? MASK : inputs[name]]),
		),
		secretInputs,
		host: facts.host,
		pid: facts.pid,
	};
	const vars = await computeVars(loaded, {...scopeBase, inputs: {...inputs, ...secrets.inputs}}, facts.now, environment?.vars ?? {}, secretInputs);
	return {ok: true, runId, started, vars: {type: 'vars-computed', at: facts.now.toISOString(), vars: keepSecretVars(vars, secrets)}, secrets};
}

type Settled =
	| {readonly ok: true; readonly inputs: Record<string, unknown>; readonly secretInputs: string[]; readonly secrets: Secrets}
	| {readonly ok: false; readonly needs: StartNeed[]};

/** Inputs from what was given and defaults, checked; secret ones kept out of the record. */
async function settleInputs(loaded: LoadedRunbook, given: Readonly<Record<string, unknown>>, scopeBase: Record<string, unknown>, now: Date): Promise<Settled> {
	const declared = loaded.runbook.inputs;
	const needs: StartNeed[] = [];
	for (const name of Object.keys(given)) {
		if (!own(declared, name)) {
			const known = Object.keys(declared);
			needs.push({kind: 'usage', message: `runbook ${loaded.runbook.name} has no input '${name}'${known.length ? `; its inputs: ${known.join(', ')}` : ''}`});
		}
	}
	if (needs.length > 0) return {ok: false, needs};
	const inputs: Record<string, unknown> = record();
	const secrets = emptySecrets();
	const secretInputs: string[] = [];
	for (const [name, definition] of Object.entries(declared)) {
		let raw = own(given, name);
		if (raw === undefined && definition.default !== undefined) {
			raw = await resolveValue(definition.default, {...scopeBase, inputs}, {now});
		}
		const checked = coerceInput(raw, definition);
		if (!checked.ok) {
			needs.push({
				kind: 'input',
				name,
				definition,
				reason: checked.reason,
				message: `${checked.reason}: give --input ${name}=VALUE${definition.description ? ` (${definition.description})` : ''}`,
			});
			continue;
		}
		if (checked.value === undefined) continue;
		if (definition.secret) {
			secretInputs.push(name);
			secrets.inputs[name] = checked.value;
		} else {
			inputs[name] = checked.value;
		}
	}
	return needs.length > 0 ? {ok: false, needs} : {ok: true, inputs, secretInputs, secrets};
}
