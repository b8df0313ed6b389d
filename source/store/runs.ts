import {existsSync, readdirSync} from 'node:fs';
import {holderGone, replay} from '../engine/reduce.js';
import type {RunState, RunStatus} from '../engine/state.js';
import {isLockHeld} from './lock.js';
import {readJournal} from './journal.js';
import {JournalDamaged} from './journal-damaged.js';
import {unusableStateDir} from './state-dir-error.js';
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

/** A run whose journal cannot be read: its id, and why (naming the file and line). */
export type DamagedRun = {readonly id: string; readonly journal: string; readonly line?: number; readonly message: string};

/** Every run in the state dir, newest first by last update, and the runs whose journals are damaged. */
export function scanRuns(root: string): {runs: RunSummary[]; damaged: DamagedRun[]} {
	const dir = runsDir(root);
	if (!existsSync(dir)) return {runs: [], damaged: []};
	const runs: RunSummary[] = [];
	const damaged: DamagedRun[] = [];
	let ids: string[];
	try {
		ids = readdirSync(dir).sort();
	} catch (error) {
		throw unusableStateDir(error, dir);
	}
	for (const id of ids) {
		try {
			const run = readRun(root, id);
			if (run) runs.push(run);
		} catch (error) {
			// The listing goes on; `belay show ID` says the same.
			const journal = runPaths(root, id).journal;
			const line = error instanceof JournalDamaged ? error.line : undefined;
			damaged.push({id, journal, ...(line !== undefined ? {line} : {}), message: (error as Error).message});
		}
	}
	return {runs: runs.sort((a, b) => b.state.updatedAt.localeCompare(a.state.updatedAt)), damaged};
}

/** Every run in the state dir that can be read, newest first by last update. */
export function listRuns(root: string): RunSummary[] {
	return scanRuns(root).runs;
}

export function isFinished(status: RunStatus): boolean {
	return status === 'succeeded';
}
