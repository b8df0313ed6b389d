import type {RunEvent, RunStarted} from '../engine/events.js';
import type {RunSummary} from '../store/runs.js';
import type {Lease} from './lease.js';
import type {OutputSink} from './output-sink.js';
import type {RunJournal} from './run-journal.js';

/** A run's journal as read: its events, and whether a torn last line was dropped. */
export type StoredRun = {readonly events: readonly RunEvent[]; readonly tornTail: boolean};

/**
 * Where runs are kept: a folder per run today, a shared table later. Every front end and command
 * reaches runs through this, never through paths.
 */
export interface RunStore {
	/** The local state dir, when the store keeps runs in one (a running `belay sandbox` announces itself there). */
	readonly root?: string;
	/** Whether a run with this id holds at least one event. */
	exists(runId: string): boolean;
	/** Takes the run's lease; throws RunLockedError when another live process holds it. */
	lease(runId: string): Lease;
	/** A new run's journal, with its first event durable. Fails when the run exists. */
	create(first: RunStarted): Promise<RunJournal>;
	/** Reads a run (repairing a torn tail first when `repair`), undefined when there is none. */
	read(runId: string, options?: {readonly repair?: boolean}): StoredRun | undefined;
	/** The journal of an existing run, for appending. */
	open(runId: string): Promise<RunJournal>;
	/** Runs newest first. */
	list(): RunSummary[];
	/** The run's output log. */
	output(runId: string): OutputSink;
	/** Calls `onEvents` with the events from `fromSequence` on, as they are appended, until the signal aborts. */
	watch(runId: string, fromSequence: number, onEvents: (events: readonly RunEvent[]) => void, signal: AbortSignal): Promise<void>;
	/** Where a person can find the run's files (shown in messages). */
	describe(runId: string): {readonly journal: string; readonly log: string};
}
