import {systemClock} from '../ports/clock.js';
import {loadRunbookFile} from '../runbook/load.js';
import {listRuns, type RunStore} from '../ports/run-store.js';
import {isValidRunId} from '../store/paths.js';
import {openStore} from './open-store.js';
import type {ResumeGiven} from '../engine/plan-resume.js';
import type {Answers} from '../headless/answers-file.js';
import {wantsInterface} from './front-end-choice.js';
import {givenInputs, loadAnswers, reportProblems} from './run.js';
import {openResume} from './open-run.js';
import {driveSession} from './session.js';
import type {RunFlags} from './flags.js';
import {UsageError} from './usage-error.js';
import {checkEventsTarget} from './events-target.js';

/** What the flags and the answers file give for a resume. */
export function resumeGiven(flags: RunFlags, answers: Answers | undefined): ResumeGiven {
	return {
		acceptChanges: flags.acceptChanges ?? false,
		...(flags.dryRun !== undefined ? {dryRun: flags.dryRun} : {}),
		inputs: givenInputs(flags, answers),
		operator: flags.operator ?? answers?.operator ?? null,
		...(flags.rerun?.length ? {rerun: flags.rerun} : {}),
	};
}

/** `belay resume [RUN-ID]`: continues a run where it stopped. */
export async function resumeCommand(runIdArgument: string | undefined, flags: RunFlags): Promise<number> {
	const store = await openStore(flags);
	try {
		return await resumeIn(store, runIdArgument, flags);
	} finally {
		store.close();
	}
}

async function resumeIn(store: RunStore, runIdArgument: string | undefined, flags: RunFlags): Promise<number> {
	const root = store.where;
	const interactive = wantsInterface(flags);
	if (runIdArgument !== undefined && !isValidRunId(runIdArgument)) {
		throw new UsageError(`'${runIdArgument}' is not a run id (letters, digits, '.', '_' and '-'); list runs with: belay runs`);
	}
	let runId = runIdArgument;
	if (!runId && interactive) {
		// On a terminal, pick one: the home screen lists the runs that can be resumed first.
		const {interactiveHome} = await import('./interface.js');
		return interactiveHome(store, flags);
	}
	if (!runId) {
		const unfinished = (await listRuns(store)).find(run => run.status !== 'succeeded');
		if (!unfinished) throw new UsageError(`no unfinished run in ${root}; start one with: belay run NAME`);
		runId = unfinished.state.id;
	}
	if (!(await store.read(runId))) throw new UsageError(`no run '${runId}' in ${root}; list runs with: belay runs`);
	if (!(await store.exists(runId))) {
		throw new UsageError(
			`run '${runId}' was stopped before its first event was saved, so nothing ran; start it again with: belay run FILE-OR-NAME --run-id ${runId}`,
		);
	}
	// The answers are checked against the runbook the run follows (its step names).
	const stored = await store.read(runId);
	const runbookPath = stored && stored.events[0]?.type === 'run-started' ? stored.events[0].runbook.path : undefined;
	const runbook = runbookPath && flags.answers ? await loadRunbookFile(runbookPath) : undefined;
	const {answers, code} = await loadAnswers(flags, runbook?.ok ? runbook.loaded.runbook : undefined);
	if (code !== undefined) return code;
	checkEventsTarget(flags.events);
	if (interactive) {
		const {interactiveResume} = await import('./interface.js');
		return interactiveResume(runId, store, flags, answers);
	}
	const opening = await openResume(store, runId, resumeGiven(flags, answers), systemClock, false);
	switch (opening.kind) {
		case 'finished':
			process.stdout.write(`belay: run ${runId} already finished (succeeded); nothing to do. See: belay report ${runId} (to run a step again: belay resume ${runId} --rerun STEP)\n`);
			return 0;
		case 'invalid':
			return reportProblems(opening.problems, `the runbook of run ${runId} is invalid now; fix it, then run belay resume ${runId}`);
		case 'needs': {
			const need = opening.needs[0]!;
			// A changed runbook is not a usage error: the operator reads the changes and says yes.
			if (need.kind === 'accept-changes') {
				process.stderr.write(`belay: ${need.message}\n`);
				return 2;
			}
			throw new UsageError(need.message);
		}
		case 'ready':
			return driveSession(opening.live, flags, answers);
	}
}
