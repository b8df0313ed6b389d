import type {RunEvent} from '../engine/events.js';
import {JournalConflict, type RunJournal} from '../ports/run-journal.js';
import {Journal} from './journal.js';

/** The file implementation of RunJournal: JSONL, fsync per event; the lease keeps writers apart. */
export class FileRunJournal implements RunJournal {
	private constructor(
		private readonly journal: Journal,
		private count: number,
	) {}

	/** Opens a journal holding `sequence` events (creating it when asked). */
	static open(path: string, create: boolean, sequence: number): FileRunJournal {
		return new FileRunJournal(Journal.open(path, create), sequence);
	}

	/** The file takes overlapping appends: written in call order, flushes overlapping (see Journal.appendAll). */
	readonly overlapsAppends = true;

	get sequence(): number {
		return this.count;
	}

	async append(event: RunEvent, expectedSequence: number): Promise<void> {
		await this.appendAll([event], expectedSequence);
	}

	async appendAll(events: readonly RunEvent[], expectedSequence: number): Promise<void> {
		if (expectedSequence !== this.count) throw new JournalConflict(expectedSequence, this.count);
		// Taken before the write, so a second call while this one flushes conflicts instead of interleaving.
		this.count += events.length;
		try {
			await this.journal.appendAll(events);
		} catch (error) {
			this.count -= events.length;
			throw error;
		}
	}

	async close(): Promise<void> {
		this.journal.close();
	}
}
