import type {RunEvent, RunStarted} from '../engine/events.js';
import type {DamagedRun, RunSummary} from '../store/runs.js';
import type {Lease} from './lease.js';
import type {OutputSink} from './output-sink.js';
import type {RunJournal} from './run-journal.js';

/** A run's journal as read: its events, and whether a torn last line was dropped. */
export type StoredRun = {readonly events: readonly RunEvent[]; readonly tornTail: boolean};

/** An approval given from another terminal or machine (`belay approve`), waiting for the driver. */
export type RemoteApproval = {
	/** The step key the approval answers. */
	readonly key: string;
	/** The id of the question it answers (an approval is for one asking). */
	readonly questionId: string;
	readonly by: string;
	/** The approver's AWS caller identity (STS), when the runbook uses AWS. */
	readonly arn?: string;
	readonly at: string;
};

/**
 * Where runs are kept: a folder per run (the default), or a shared DynamoDB table. Every front end
 * and command reaches runs through this, never through paths.
 */
export interface RunStore {
	/** Where runs are kept, for messages: the state dir, or `dynamodb://TABLE`. */
	readonly where: string;
	/** The local state dir, when the store keeps runs in one (a running `belay sandbox` announces itself there). */
	readonly root?: string;
	/** Whether a run with this id holds at least one event. */
	exists(runId: string): Promise<boolean>;
	/** Takes the run's lease for `operator`; throws RunLockedError (naming the holder) when another live process holds it. */
	lease(runId: string, operator?: string | null): Promise<Lease>;
	/** A new run's journal, with its first event durable. Fails when the run exists. */
	create(first: RunStarted): Promise<RunJournal>;
	/** Reads a run (repairing a torn tail first when `repair`), undefined when there is none. */
	read(runId: string, options?: {readonly repair?: boolean}): Promise<StoredRun | undefined>;
	/** The journal of an existing run, for appending. */
	open(runId: string): Promise<RunJournal>;
	/** One run's state (a run marked running whose holder is gone reads as interrupted). */
	summary(runId: string): Promise<RunSummary | undefined>;
	/** Runs newest first, and those that cannot be read. */
	scan(): Promise<{readonly runs: RunSummary[]; readonly damaged: DamagedRun[]}>;
	/** The run's output log. */
	output(runId: string): OutputSink;
	/** The last lines of the run's output, as kept for watchers. */
	outputTail(runId: string): Promise<readonly string[]>;
	/** Calls `onEvents` with the events from `fromSequence` on, as they are appended, until the signal aborts. */
	watch(runId: string, fromSequence: number, onEvents: (events: readonly RunEvent[]) => void, signal: AbortSignal): Promise<void>;
	/** Records an approval for a question of the run (`belay approve`). */
	approve(runId: string, approval: RemoteApproval): Promise<void>;
	/** The approvals given for a run, oldest first. */
	approvals(runId: string): Promise<readonly RemoteApproval[]>;
	/** Removes the run's lease whoever holds it (`belay unlock`); returns the holder it removed. */
	unlock(runId: string): Promise<string | undefined>;
	/** Where a person can find the run's files (shown in messages). */
	describe(runId: string): {readonly journal: string; readonly log: string};
	close(): void;
}

/** The runs of a store, newest first. */
export async function listRuns(store: RunStore): Promise<RunSummary[]> {
	return (await store.scan()).runs;
}
