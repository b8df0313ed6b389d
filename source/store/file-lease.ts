import {hostname} from 'node:os';
import type {Lease} from '../ports/lease.js';
import {acquireLock, readHolder} from './lock.js';

/** The file implementation of Lease: the run's lock file, taken over from a holder that is gone. */
export class FileLease implements Lease {
	private readonly controller = new AbortController();
	private readonly releaseLock: () => void;

	constructor(
		private readonly path: string,
		runId: string,
	) {
		this.releaseLock = acquireLock(path, runId);
	}

	get lost(): AbortSignal {
		return this.controller.signal;
	}

	async renew(): Promise<void> {
		const holder = readHolder(this.path);
		if (!holder || holder.pid !== process.pid || holder.host !== hostname()) {
			this.controller.abort(new Error('the run lock was taken by another process'));
		}
	}

	async release(): Promise<void> {
		this.releaseLock();
	}
}
