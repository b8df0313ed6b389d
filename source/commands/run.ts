import {randomBytes} from 'node:crypto';
import {chmodSync, existsSync, unlinkSync} from 'node:fs';
import {dirname} from 'node:path';
import {coerceInput} from '../engine/answers.js';
import {resolveValue} from '../expressions/evaluate.js';
import {initialState} from '../engine/reduce.js';
import {MASK, maskSecrets} from '../engine/mask.js';
import {emptySecrets, envScope, type Secrets} from '../engine/scope.js';
import {stepHashes} from '../engine/step-hashes.js';
import type {RunEvent} from '../engine/events.js';
import {loadAnswersFile, type Answers} from '../headless/answers-file.js';
import {formatDate} from '../expressions/date.js';
import {resolveRunbook, runbookDirs} from '../runbook/discover.js';
import {formatProblem} from '../runbook/format-problem.js';
import {loadRunbookFile} from '../runbook/load.js';
import type {LoadedRunbook} from '../runbook/types.js';
import {hasEvents, Journal} from '../store/journal.js';
import {acquireLock} from '../store/lock.js';
import {isValidRunId, runPaths, stateDir} from '../store/paths.js';
import {parseInputFlags, type RunFlags} from './flags.js';
import {awsRuntimeFor, createRunDir, driveSession, guard, headlessFrontEnd, here} from './session.js';
import {UsageError} from './usage-error.js';
import type {Problem} from '../runbook/types.js';

/** Prints problems and returns exit code 2. */
export function reportProblems(problems: readonly Problem[], hint: string): number {
	for (const problem of problems) process.stderr.write(`${formatProblem(problem)}\n`);
	process.stderr.write(`${hint}\n`);
	return 2;
}

export async function loadAnswers(flags: RunFlags): Promise<{answers?: Answers; code?: number}> {
	if (!flags.answers) return {};
	const result = await loadAnswersFile(flags.answers);
	if (!result.ok) return {code: reportProblems(result.problems, 'fix the answers file; nothing ran')};
	return {answers: result.answers};
}

/** `belay run FILE-OR-NAME`: starts a run. */
export async function runCommand(fileOrName: string, flags: RunFlags): Promise<number> {
	const path = await resolveRunbook(fileOrName, runbookDirs(flags.runbooks));
	if (!path) throw new UsageError(`no runbook '${fileOrName}': give a file path or a runbook name (run 'belay' to list them)`);
	const result = await loadRunbookFile(path);
	if (!result.ok) return reportProblems(result.problems, `the runbook is invalid; nothing ran (check it with: belay validate ${path})`);
	const loaded = result.loaded;
	const {runbook} = loaded;
	const {answers, code} = await loadAnswers(flags);
	if (code !== undefined) return code;

	const environmentNames = Object.keys(runbook.environments);
	if (environmentNames.length > 0 && !flags.env) {
		throw new UsageError(`runbook ${runbook.name} needs an environment: add --env ${environmentNames.join('|')}`);
	}
	if (flags.env && !runbook.environments[flags.env]) {
		throw new UsageError(
			environmentNames.length
				? `runbook ${runbook.name} has no environment '${flags.env}'; choose one of ${environmentNames.join(', ')}`
				: `runbook ${runbook.name} declares no environments; drop --env`,
		);
	}
	const environment = flags.env ? runbook.environments[flags.env] : undefined;

	const operator = flags.operator ?? answers?.operator ?? process.env['BELAY_OPERATOR'] ?? null;
	const pair = runbook.pairing === 'none' ? null : (flags.pair ?? answers?.pair ?? process.env['BELAY_PAIR'] ?? null);
	if (runbook.pairing === 'required') {
		if (!operator || !pair) {
			throw new UsageError(`runbook ${runbook.name} requires pairing: give --operator NAME and --pair NAME (two people)`);
		}
		if (operator.trim().toLowerCase() === pair.trim().toLowerCase()) {
			throw new UsageError(`pairing is required, but operator and pair are both '${operator}': the pair must be a second person`);
		}
	}

	const runId = flags.runId ?? `${runbook.name}-${formatDate('YYYYMMDD-HHmmss', new Date())}-${randomBytes(2).toString('hex')}`;
	if (!isValidRunId(runId)) throw new UsageError(`--run-id '${runId}' is not a valid id: use letters, digits, '.', '_' and '-'`);
	const root = stateDir(flags.stateDir);
	const paths = runPaths(root, runId);
	const exists = (): UsageError => new UsageError(`run ${runId} already exists; continue it with: belay resume ${runId}`);
	if (hasEvents(paths.journal)) throw exists();

	const startedAt = new Date();
	const runScope = {id: runId, startedAt: startedAt.toISOString(), operator, pair, dryRun: flags.dryRun ?? false, runbook: runbook.name, environment: flags.env ?? null};
	const scopeBase = {env: envScope(environment, flags.env ?? null), run: runScope};
	const {inputs, secretInputs, secrets} = await settleInputs(loaded, flags, answers, scopeBase, startedAt);

	const aws = awsRuntimeFor(environment, runId);
	const identified = await guard(aws, environment);

	createRunDir(paths);
	for (const dir of [dirname(paths.dir), root]) chmodSync(dir, 0o700);
	const release = acquireLock(paths.lock, runId);
	let journal: Journal;
	try {
		// A run killed before its first event was durable left an empty journal: it never started.
		if (hasEvents(paths.journal)) throw exists();
		if (existsSync(paths.journal)) unlinkSync(paths.journal);
		journal = Journal.open(paths.journal, true);
	} catch (error) {
		release();
		throw error;
	}
	try {
		const started: RunEvent = {
			type: 'run-started',
			at: startedAt.toISOString(),
			runId,
			runbook: {name: runbook.name, title: runbook.title, path: loaded.path, sha256: loaded.sha256},
			stepHashes: stepHashes(runbook),
			environment: flags.env ?? null,
			operator,
			pair,
			dryRun: flags.dryRun ?? false,
			// Secret inputs are recorded as *** (their values live in memory only), in declared order.
			inputs: Object.fromEntries(
				Object.keys(runbook.inputs)
					.filter(name => name in inputs || secretInputs.includes(name))
					.map(name => [name, secretInputs.includes(name) ? MASK : inputs[name]]),
			),
			secretInputs,
			...here,
		};
		const state = initialState(started);
		const vars = await computeVars(loaded, {...scopeBase, inputs: {...inputs, ...secrets.inputs}}, startedAt, environment?.vars ?? {});
		const recordedVars = keepSecretVars(vars, secrets);
		const frontEnd = headlessFrontEnd(flags, answers);
		frontEnd.event(started, state);
		journal.append(started);
		return await driveSession({
			loaded,
			paths,
			journal,
			state,
			secrets,
			frontEnd,
			flags,
			aws,
			opening: [
				...(identified ? [identified] : []),
				{type: 'vars-computed', at: new Date().toISOString(), vars: recordedVars},
			],
		});
	} finally {
		journal.close();
		release();
	}
}

/** Inputs from --input, the answers file and defaults, checked; secret ones kept out of the record. */
async function settleInputs(
	loaded: LoadedRunbook,
	flags: RunFlags,
	answers: Answers | undefined,
	scopeBase: Record<string, unknown>,
	now: Date,
): Promise<{inputs: Record<string, unknown>; secretInputs: string[]; secrets: ReturnType<typeof emptySecrets>}> {
	const given = parseInputFlags(flags.input);
	if (typeof given === 'string') throw new UsageError(given);
	const declared = loaded.runbook.inputs;
	for (const name of [...Object.keys(given), ...Object.keys(answers?.inputs ?? {})]) {
		if (!declared[name]) {
			throw new UsageError(
				`runbook ${loaded.runbook.name} has no input '${name}'${Object.keys(declared).length ? `; its inputs: ${Object.keys(declared).join(', ')}` : ''}`,
			);
		}
	}
	const inputs: Record<string, unknown> = {};
	const secrets = emptySecrets();
	const secretInputs: string[] = [];
	for (const [name, definition] of Object.entries(declared)) {
		let raw = given[name] ?? answers?.inputs[name];
		if (raw === undefined && definition.default !== undefined) {
			raw = await resolveValue(definition.default, {...scopeBase, inputs}, {now});
		}
		const checked = coerceInput(raw, definition);
		if (!checked.ok) {
			throw new UsageError(`${checked.reason}: give --input ${name}=VALUE${definition.description ? ` (${definition.description})` : ''}`);
		}
		if (checked.value === undefined) continue;
		if (definition.secret) {
			secretInputs.push(name);
			secrets.inputs[name] = checked.value;
		} else {
			inputs[name] = checked.value;
		}
	}
	return {inputs, secretInputs, secrets};
}

/**
 * The vars as the journal keeps them: a var holding a secret input is masked there, and its value in
 * clear is kept in `secrets.vars` for the expressions of this process only.
 */
export function keepSecretVars(vars: Record<string, unknown>, secrets: Secrets): Record<string, unknown> {
	const masked = maskSecrets(vars, Object.values(secrets.inputs).map(String)) as Record<string, unknown>;
	for (const [name, value] of Object.entries(vars)) {
		if (JSON.stringify(masked[name]) !== JSON.stringify(value)) secrets.vars[name] = value;
	}
	return masked;
}

/** Vars, computed once in order (the environment's over the top-level ones), then recorded. */
export async function computeVars(
	loaded: LoadedRunbook,
	scope: Record<string, unknown>,
	now: Date,
	environmentVars: Readonly<Record<string, unknown>>,
): Promise<Record<string, unknown>> {
	const vars: Record<string, unknown> = {};
	const definitions = {...loaded.runbook.vars, ...environmentVars};
	for (const [name, definition] of Object.entries(definitions)) {
		vars[name] = await resolveValue(definition, {...scope, vars}, {now});
	}
	return vars;
}
