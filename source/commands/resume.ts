import {planResume} from '../engine/plan-resume.js';
import {replay} from '../engine/reduce.js';
import {systemClock} from '../ports/clock.js';
import type {RunJournal} from '../ports/run-journal.js';
import {loadRunbookFile} from '../runbook/load.js';
import {FileRunStore} from '../store/file-run-store.js';
import {stateDir} from '../store/paths.js';
import {givenInputs, loadAnswers, reportProblems} from './run.js';
import {awsRuntimeFor, driveSession, guard, here} from './session.js';
import type {RunFlags} from './flags.js';
import {UsageError} from './usage-error.js';

/** `belay resume [RUN-ID]`: continues a run where it stopped. */
export async function resumeCommand(runIdArgument: string | undefined, flags: RunFlags): Promise<number> {
	const root = stateDir(flags.stateDir);
	const store = new FileRunStore(root);
	let runId = runIdArgument;
	if (!runId) {
		const unfinished = store.list().find(run => run.status !== 'succeeded');
		if (!unfinished) throw new UsageError(`no unfinished run in ${root}; start one with: belay run NAME`);
		runId = unfinished.state.id;
	}
	const stored = store.read(runId);
	if (!stored) throw new UsageError(`no run '${runId}' in ${root}; list runs with: belay runs`);
	if (!store.exists(runId)) {
		throw new UsageError(
			`run '${runId}' was stopped before its first event was saved, so nothing ran; start it again with: belay run FILE-OR-NAME --run-id ${runId}`,
		);
	}
	const {answers, code} = await loadAnswers(flags);
	if (code !== undefined) return code;

	const clock = systemClock;
	const lease = store.lease(runId);
	let journal: RunJournal | undefined;
	try {
		// A torn last line (a crash in the middle of a write) is cut off before new events follow it.
		const state = replay(store.read(runId, {repair: true})!.events);
		if (state.status === 'succeeded') {
			process.stdout.write(`belay: run ${runId} already finished (succeeded); nothing to do. See: belay report ${runId}\n`);
			return 0;
		}
		const result = await loadRunbookFile(state.runbook.path);
		if (!result.ok) {
			return reportProblems(result.problems, `the runbook of run ${runId} is invalid now; fix it, then run belay resume ${runId}`);
		}
		const loaded = result.loaded;
		const plan = await planResume(
			state,
			loaded,
			{
				acceptChanges: flags.acceptChanges ?? false,
				...(flags.dryRun !== undefined ? {dryRun: flags.dryRun} : {}),
				inputs: givenInputs(flags, answers),
				operator: flags.operator ?? answers?.operator ?? null,
			},
			{now: clock.now(), ...here},
		);
		if (!plan.ok) {
			const need = plan.needs[0]!;
			// A changed runbook is not a usage error: the operator reads the changes and says yes.
			if (need.kind === 'accept-changes') {
				process.stderr.write(`belay: ${need.message}\n`);
				return 2;
			}
			throw new UsageError(need.message);
		}
		const environment = loaded.runbook.environments[state.environment ?? ''];
		const aws = awsRuntimeFor(environment, state.id);
		const identified = await guard(aws, environment, clock);
		journal = await store.open(runId);
		const [resumed, ...rest] = plan.events;
		return await driveSession({
			loaded,
			store,
			journal,
			lease,
			state,
			secrets: plan.secrets,
			flags,
			answers,
			aws,
			clock,
			opening: [resumed!, ...(identified ? [identified] : []), ...rest],
		});
	} finally {
		await journal?.close();
		lease.release();
	}
}
