import type {LiveRun} from '../commands/live-run.js';
import type {DriveOutcome} from '../engine/run.js';

/**
 * Holds the run the interface shows. The drive starts here, from the operator's choice, never from
 * a component's effect; the screen only listens to the session and answers its questions.
 */
export class RunController {
	private outcome: Promise<DriveOutcome> | undefined;
	private quitting = false;

	constructor(readonly live: LiveRun) {}

	/** Starts driving (once) and resolves when the drive ends, with the journal and lease closed. */
	start(): Promise<DriveOutcome> {
		this.outcome ??= this.live.drive().finally(() => this.live.close());
		return this.outcome;
	}

	/**
	 * Stops the drive: a running command is stopped, the checkpoint is kept, resume goes on from it.
	 * The reason (`quit`, or the signal) is journaled with run-interrupted.
	 */
	quit(reason = 'quit'): void {
		if (this.quitting) return;
		this.quitting = true;
		this.live.stop(reason);
	}

	get isQuitting(): boolean {
		return this.quitting;
	}
}
