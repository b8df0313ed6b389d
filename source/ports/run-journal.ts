import type {RunEvent} from '../engine/events.js';

/** Another writer appended to the run first: the expected sequence number was taken. */
export class JournalConflict extends Error {
	constructor(
		readonly expected: number,
		readonly actual: number,
	) {
		super(`the journal moved on (event ${actual} exists, ${expected} was expected): another process is writing this run`);
		this.name = 'JournalConflict';
	}
}

/**
 * A run's append-only journal. `append` resolves once the event is durable; `sequence` is the number
 * of events the journal holds, and an append names the sequence it expects to write (the seam for a
 * store with conditional writes: a second writer fails with `JournalConflict` instead of interleaving).
 */
export interface RunJournal {
	readonly sequence: number;
	append(event: RunEvent, expectedSequence: number): Promise<void>;
	/**
	 * When true, `appendAll` may be called again before the last call resolved: events are stored in
	 * call order, and each call resolves once its events and all before them are durable.
	 */
	readonly overlapsAppends?: boolean;
	/** Appends events in order as one write (one flush); resolves once all are durable. */
	appendAll(events: readonly RunEvent[], expectedSequence: number): Promise<void>;
	close(): Promise<void>;
}
