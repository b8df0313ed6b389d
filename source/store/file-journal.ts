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

	get sequence(): number {
		return this.count;
	}

	async append(event: RunEvent, expectedSequence: number): Promise<void> {
		if (expectedSequence !== this.count) throw new JournalConflict(expectedSequence, this.count);
		this.journal.append(event);
		this.count++;
	}

	async close(): Promise<void> {
		this.journal.close();
	}
}
