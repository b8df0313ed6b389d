import {existsSync, readdirSync} from 'node:fs';
import {holderGone, replay} from '../engine/reduce.js';
import type {RunState, RunStatus} from '../engine/state.js';
import {isLockHeld} from './lock.js';
import {readJournal} from './journal.js';
import {isValidRunId, runPaths, runsDir} from './paths.js';

export type RunSummary = {readonly state: RunState; readonly status: RunStatus; readonly tornTail: boolean};

/** A run's state from its journal. A run marked running whose process is gone reads as interrupted. */
export function readRun(root: string, runId: string): RunSummary | undefined {
	if (!isValidRunId(runId)) return undefined;
	const paths = runPaths(root, runId);
	if (!existsSync(paths.journal)) return undefined;
	const {events, tornTail} = readJournal(paths.journal);
	if (events.length === 0) return undefined;
	const replayed = replay(events);
	if (replayed.status !== 'running' || isLockHeld(paths.lock)) return {state: replayed, status: replayed.status, tornTail};
	// The process that drove it is gone without a word (killed): what it had started is interrupted.
	const state = holderGone(replayed);
	return {state, status: state.status, tornTail};
}

/** Every run in the state dir, newest first by last update. */
export function listRuns(root: string): RunSummary[] {
	const dir = runsDir(root);
	if (!existsSync(dir)) return [];
	const runs: RunSummary[] = [];
	for (const id of readdirSync(dir)) {
		try {
			const run = readRun(root, id);
			if (run) runs.push(run);
		} catch {
			// A damaged journal is reported by `belay show ID`; the listing goes on.
		}
	}
	return runs.sort((a, b) => b.state.updatedAt.localeCompare(a.state.updatedAt));
}

export function isFinished(status: RunStatus): boolean {
	return status === 'succeeded';
}
