import {closeSync, fsyncSync, openSync, writeSync} from 'node:fs';
import type {OutputSink} from '../ports/output-sink.js';

const flushBytes = 256 * 1024;
const flushAfterMs = 250;

/**
 * The run's output.log: one file kept open, lines buffered and written in batches of up to 256 KiB
 * (and at most 250 ms late); each batch of lines a step printed at once starts with the time. `flush` writes and fsyncs what is buffered.
 */
export class FileOutputSink implements OutputSink {
	private fd: number;
	private buffer: string[] = [];
	private size = 0;
	private timer: NodeJS.Timeout | undefined;

	constructor(readonly path: string) {
		this.fd = openSync(path, 'a', 0o600);
	}

	write(lines: readonly string[], at: Date, prefix = ''): void {
		if (this.fd < 0 || lines.length === 0) return;
		// The time once per batch of lines read together, not on every line: a flood's cost is mostly
		// the bytes written (a million lines, about 40 % less with it), and one native join per batch.
		const text = `${at.toISOString()} ${prefix}${lines.join(`\n${prefix}`)}\n`;
		this.buffer.push(text);
		this.size += text.length;
		if (this.size >= flushBytes) this.drain();
		else this.timer ??= setTimeout(() => this.drain(), flushAfterMs).unref();
	}

	flush(): void {
		this.drain();
		if (this.fd >= 0) {
			try {
				fsyncSync(this.fd);
			} catch {}
		}
	}

	close(): void {
		if (this.fd < 0) return;
		this.flush();
		closeSync(this.fd);
		this.fd = -1;
	}

	private drain(): void {
		if (this.timer) clearTimeout(this.timer);
		this.timer = undefined;
		if (this.fd < 0 || this.buffer.length === 0) return;
		const text = this.buffer.join('');
		this.buffer = [];
		this.size = 0;
		try {
			writeSync(this.fd, text);
		} catch {
			// A full disk must not stop the run: the journal, not the log, is the truth.
		}
	}
}
