import {existsSync} from 'node:fs';
import {coerceInput} from '../engine/answers.js';
import type {RunEvent} from '../engine/events.js';
import {replay} from '../engine/reduce.js';
import {holdsSecretValue, stepForKey} from '../engine/step-for-key.js';
import {emptySecrets, envScope, runScope} from '../engine/scope.js';
import {changedSteps, stepHashes} from '../engine/step-hashes.js';
import {loadRunbookFile} from '../runbook/load.js';
import {hasEvents, Journal, readJournal, repairTornTail} from '../store/journal.js';
import {acquireLock} from '../store/lock.js';
import {runPaths, stateDir} from '../store/paths.js';
import {listRuns} from '../store/runs.js';
import {parseInputFlags, type RunFlags} from './flags.js';
import {computeVars, keepSecretVars, loadAnswers, reportProblems} from './run.js';
import {awsRuntimeFor, driveSession, guard, headlessFrontEnd, here} from './session.js';
import {UsageError} from './usage-error.js';

/** `belay resume [RUN-ID]`: continues a run where it stopped. */
export async function resumeCommand(runIdArgument: string | undefined, flags: RunFlags): Promise<number> {
	const root = stateDir(flags.stateDir);
	let runId = runIdArgument;
	if (!runId) {
		const unfinished = listRuns(root).find(run => run.status !== 'succeeded');
		if (!unfinished) throw new UsageError(`no unfinished run in ${root}; start one with: belay run NAME`);
		runId = unfinished.state.id;
	}
	const paths = runPaths(root, runId);
	if (!existsSync(paths.journal)) throw new UsageError(`no run '${runId}' in ${root}; list runs with: belay runs`);
	if (!hasEvents(paths.journal)) {
		throw new UsageError(
			`run '${runId}' was stopped before its first event was saved, so nothing ran; start it again with: belay run FILE-OR-NAME --run-id ${runId}`,
		);
	}
	const {answers, code} = await loadAnswers(flags);
	if (code !== undefined) return code;

	const release = acquireLock(paths.lock, runId);
	let journal: Journal | undefined;
	try {
		// A torn last line (a crash in the middle of a write) is cut off before new events follow it.
		repairTornTail(paths.journal);
		const state = replay(readJournal(paths.journal).events);
		if (state.status === 'succeeded') {
			process.stdout.write(`belay: run ${runId} already finished (succeeded); nothing to do. See: belay report ${runId}\n`);
			return 0;
		}
		const result = await loadRunbookFile(state.runbook.path);
		if (!result.ok) {
			return reportProblems(result.problems, `the runbook of run ${runId} is invalid now; fix it, then run belay resume ${runId}`);
		}
		const loaded = result.loaded;
		let accepted: string[] = [];
		if (loaded.sha256 !== state.runbook.sha256) {
			const changed = changedSteps(state.stepHashes, stepHashes(loaded.runbook));
			if (changed.length > 0 && !flags.acceptChanges) {
				process.stderr.write(
					`belay: the runbook ${state.runbook.path} changed since run ${runId} started; changed steps: ${changed.join(', ')}.\n` +
						`Check the changes, then run: belay resume ${runId} --accept-changes\n`,
				);
				return 2;
			}
			accepted = changed;
		}
		if (flags.dryRun === false && state.dryRun) {
			throw new UsageError(`run ${runId} is a dry run and cannot be resumed as a real one; start a new run`);
		}

		const secrets = emptySecrets();
		const given = parseInputFlags(flags.input);
		if (typeof given === 'string') throw new UsageError(given);
		for (const name of state.secretInputs) {
			const definition = loaded.runbook.inputs[name];
			const raw = given[name] ?? answers?.inputs[name];
			if (!definition) continue;
			const checked = coerceInput(raw, definition);
			if (!checked.ok || checked.value === undefined) {
				throw new UsageError(`secret input '${name}' is not kept on disk: give it again with --input ${name}=VALUE`);
			}
			secrets.inputs[name] = checked.value;
		}

		// Vars are computed once, as of the run's start. A run killed between its first event and its
		// vars has none recorded: they are computed now. Vars holding a secret input are recorded
		// masked: they are computed again from the secret given for this resume.
		const environment = loaded.runbook.environments[state.environment ?? ''];
		const opening: RunEvent[] = [];
		// Secret input and select steps: their values were never written, so they are asked again.
		for (const [key, step] of Object.entries(state.steps)) {
			if (step.status === 'succeeded' && holdsSecretValue(stepForKey(loaded.runbook, key))) {
				opening.push({type: 'secret-forgotten', at: new Date().toISOString(), key});
			}
		}
		if (state.vars === undefined || Object.keys(secrets.inputs).length > 0) {
			const vars = await computeVars(
				loaded,
				{env: envScope(environment, state.environment), run: runScope(state), inputs: {...state.inputs, ...secrets.inputs}},
				new Date(state.startedAt),
				environment?.vars ?? {},
			);
			const fresh = emptySecrets();
			Object.assign(fresh.inputs, secrets.inputs);
			const masked = keepSecretVars(vars, fresh);
			if (state.vars === undefined) {
				opening.push({type: 'vars-computed', at: new Date().toISOString(), vars: masked});
				Object.assign(secrets.vars, fresh.vars);
			} else {
				for (const [name, value] of Object.entries(fresh.vars)) {
					if (JSON.stringify(state.vars[name]) === JSON.stringify(masked[name])) secrets.vars[name] = value;
				}
			}
		}

		const aws = awsRuntimeFor(environment, state.id);
		const identified = await guard(aws, environment);

		journal = Journal.open(paths.journal, false);
		const resumed: RunEvent = {
			type: 'run-resumed',
			at: new Date().toISOString(),
			...here,
			operator: flags.operator ?? answers?.operator ?? null,
			acceptedChanges: accepted,
		};
		return await driveSession({
			loaded,
			paths,
			journal,
			state,
			secrets,
			frontEnd: headlessFrontEnd(flags, answers),
			flags,
			aws,
			opening: [resumed, ...(identified ? [identified] : []), ...opening],
		});
	} finally {
		journal?.close();
		release();
	}
}
