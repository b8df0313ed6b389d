import {randomBytes} from 'node:crypto';
import {planStart} from '../engine/plan-start.js';
import {initialState} from '../engine/reduce.js';
import {loadAnswersFile, type Answers} from '../headless/answers-file.js';
import {systemClock} from '../ports/clock.js';
import type {RunJournal} from '../ports/run-journal.js';
import {resolveRunbook, runbookDirs} from '../runbook/discover.js';
import {formatProblem} from '../runbook/format-problem.js';
import {loadRunbookFile} from '../runbook/load.js';
import type {Problem} from '../runbook/types.js';
import {FileRunStore} from '../store/file-run-store.js';
import {stateDir} from '../store/paths.js';
import {parseInputFlags, type RunFlags} from './flags.js';
import {awsRuntimeFor, driveSession, guard, here} from './session.js';
import {UsageError} from './usage-error.js';

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

/** Input values from `--input` over the answers file's. */
export function givenInputs(flags: RunFlags, answers: Answers | undefined): Record<string, unknown> {
	const given = parseInputFlags(flags.input);
	if (typeof given === 'string') throw new UsageError(given);
	return {...(answers?.inputs ?? {}), ...given};
}

/** `belay run FILE-OR-NAME`: starts a run. */
export async function runCommand(fileOrName: string, flags: RunFlags): Promise<number> {
	const path = await resolveRunbook(fileOrName, runbookDirs(flags.runbooks));
	if (!path) throw new UsageError(`no runbook '${fileOrName}': give a file path or a runbook name (run 'belay' to list them)`);
	const result = await loadRunbookFile(path);
	if (!result.ok) return reportProblems(result.problems, `the runbook is invalid; nothing ran (check it with: belay validate ${path})`);
	const loaded = result.loaded;
	const {answers, code} = await loadAnswers(flags);
	if (code !== undefined) return code;

	const clock = systemClock;
	const store = new FileRunStore(stateDir(flags.stateDir));
	const exists = (runId: string): UsageError => new UsageError(`run ${runId} already exists; continue it with: belay resume ${runId}`);
	if (flags.runId && store.exists(flags.runId)) throw exists(flags.runId);
	const plan = await planStart(
		loaded,
		{
			...(flags.env ? {environment: flags.env} : {}),
			inputs: givenInputs(flags, answers),
			operator: flags.operator ?? answers?.operator ?? process.env['BELAY_OPERATOR'] ?? null,
			pair: flags.pair ?? answers?.pair ?? process.env['BELAY_PAIR'] ?? null,
			dryRun: flags.dryRun ?? false,
			...(flags.runId ? {runId: flags.runId} : {}),
		},
		{now: clock.now(), ...here, suffix: randomBytes(2).toString('hex')},
	);
	if (!plan.ok) throw new UsageError(plan.needs[0]!.message);

	const environment = flags.env ? loaded.runbook.environments[flags.env] : undefined;
	const aws = awsRuntimeFor(environment, plan.runId);
	const identified = await guard(aws, environment, clock);

	const lease = store.lease(plan.runId);
	let journal: RunJournal | undefined;
	try {
		if (store.exists(plan.runId)) throw exists(plan.runId);
		journal = await store.create(plan.started);
		return await driveSession({
			loaded,
			store,
			journal,
			lease,
			state: initialState(plan.started),
			secrets: plan.secrets,
			flags,
			answers,
			aws,
			clock,
			opening: [...(identified ? [identified] : []), plan.vars],
			announce: plan.started,
		});
	} finally {
		await journal?.close();
		lease.release();
	}
}
