import type {OutputSink} from '../../ports/output-sink.js';
import {tailSeq} from './item-codec.js';
import type {StateTable} from './table.js';

/** Lines of output kept in the table for watchers, and how often they are written (at most). */
export const tailLines = 100;
const tailEveryMs = 2_000;
const lineLimit = 500;

/**
 * The output log of a run kept in the shared table: the lines go to the local log file (the whole
 * output stays on the machine that ran it), and the last 100 to the table, at most every 2 s, for
 * `belay watch` on another machine. A tail that cannot be written is dropped: the log is the record.
 */
export class TailOutputSink implements OutputSink {
	private tail: string[] = [];
	private changed = false;
	private timer: NodeJS.Timeout | undefined;
	private writing: Promise<void> = Promise.resolve();

	constructor(
		private readonly local: OutputSink,
		private readonly table: StateTable,
		private readonly runId: string,
	) {}

	write(lines: readonly string[], at: Date, prefix = ''): void {
		this.local.write(lines, at, prefix);
		if (lines.length === 0) return;
		const stamp = at.toISOString();
		for (const line of lines.slice(-tailLines)) this.tail.push(`${stamp} ${prefix}${line.slice(0, lineLimit)}`);
		if (this.tail.length > tailLines) this.tail = this.tail.slice(-tailLines);
		this.changed = true;
		this.timer ??= setTimeout(() => this.push(), tailEveryMs).unref();
	}

	flush(): void {
		this.local.flush();
	}

	close(): void {
		this.local.close();
		this.push();
	}

	/** Resolves once the last tail written has reached the table (or failed). */
	settled(): Promise<void> {
		return this.writing;
	}

	private push(): void {
		if (this.timer) clearTimeout(this.timer);
		this.timer = undefined;
		if (!this.changed) return;
		this.changed = false;
		const lines = this.tail.join('\n');
		this.writing = this.writing.then(() =>
			this.table.update(this.runId, tailSeq, 'SET #t = :t', {'#t': 'tail'}, {':t': {S: lines}}).then(
				() => undefined,
				() => undefined,
			),
		);
	}
}
