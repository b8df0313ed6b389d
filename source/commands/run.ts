import {randomBytes} from 'node:crypto';
import {planStart, type StartGiven} from '../engine/plan-start.js';
import {loadAnswersFile, type Answers} from '../headless/answers-file.js';
import {systemClock} from '../ports/clock.js';
import {resolveRunbook, runbookDirs} from '../runbook/discover.js';
import {formatProblem} from '../runbook/format-problem.js';
import {loadRunbookFile} from '../runbook/load.js';
import type {Problem, Runbook} from '../runbook/types.js';
import {openStore} from './open-store.js';
import {parseInputFlags, type RunFlags} from './flags.js';
import {here, openNewRun} from './open-run.js';
import {driveSession} from './session.js';
import {UsageError} from './usage-error.js';
import {checkEventsTarget} from './events-target.js';
import {wantsInterface} from './front-end-choice.js';

/** Prints problems and returns exit code 2. */
export function reportProblems(problems: readonly Problem[], hint: string): number {
	for (const problem of problems) process.stderr.write(`${formatProblem(problem)}\n`);
	process.stderr.write(`${hint}\n`);
	return 2;
}

export async function loadAnswers(flags: RunFlags, runbook?: Runbook): Promise<{answers?: Answers; code?: number}> {
	if (!flags.answers) return {};
	const result = await loadAnswersFile(flags.answers, runbook);
	if (!result.ok) return {code: reportProblems(result.problems, 'fix the answers file; nothing ran')};
	return {answers: result.answers};
}

/** Input values from `--input` over the answers file's. */
export function givenInputs(flags: RunFlags, answers: Answers | undefined): Record<string, unknown> {
	const given = parseInputFlags(flags.input);
	if (typeof given === 'string') throw new UsageError(given);
	return {...(answers?.inputs ?? {}), ...given};
}

/** What the flags, the answers file and the environment give for a new run. */
export function startGiven(flags: RunFlags, answers: Answers | undefined): StartGiven {
	return {
		...(flags.env ? {environment: flags.env} : {}),
		inputs: givenInputs(flags, answers),
		operator: flags.operator ?? answers?.operator ?? process.env['BELAY_OPERATOR'] ?? null,
		pair: flags.pair ?? answers?.pair ?? process.env['BELAY_PAIR'] ?? null,
		dryRun: flags.dryRun ?? false,
		...(flags.runId ? {runId: flags.runId} : {}),
	};
}

/** `belay run FILE-OR-NAME`: starts a run. */
export async function runCommand(fileOrName: string, flags: RunFlags): Promise<number> {
	const path = await resolveRunbook(fileOrName, runbookDirs(flags.runbooks));
	if (!path) throw new UsageError(`no runbook '${fileOrName}': give a file path or a runbook name (run 'belay' to list them)`);
	const result = await loadRunbookFile(path);
	if (!result.ok) return reportProblems(result.problems, `the runbook is invalid; nothing ran (check it with: belay validate ${path})`);
	const loaded = result.loaded;
	const {answers, code} = await loadAnswers(flags, loaded.runbook);
	if (code !== undefined) return code;
	checkEventsTarget(flags.events);

	const store = await openStore(flags);
	if (flags.runId && (await store.exists(flags.runId))) {
		throw new UsageError(`run ${flags.runId} already exists; continue it with: belay resume ${flags.runId}`);
	}
	try {
		if (wantsInterface(flags)) {
			const {interactiveStart} = await import('./interface.js');
			return await interactiveStart(loaded, store, flags, answers);
		}
		const clock = systemClock;
		const plan = await planStart(loaded, startGiven(flags, answers), {now: clock.now(), ...here, suffix: randomBytes(2).toString('hex')});
		if (!plan.ok) throw new UsageError(plan.needs[0]!.message);
		const live = await openNewRun(loaded, plan, store, clock, false);
		return await driveSession(live, flags, answers);
	} finally {
		store.close();
	}
}
