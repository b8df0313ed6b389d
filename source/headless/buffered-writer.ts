import {closeSync, openSync, writeSync} from 'node:fs';

/**
 * Writes text to a file descriptor in batches (at most 64 KiB or 200 ms late): a step printing a
 * million lines costs a few hundred writes, not a million. `flush` writes what is buffered now.
 */
export class BufferedWriter {
	private buffer: string[] = [];
	private size = 0;
	/** Set only while something waits to be written: an idle run (a long wait) wakes for nothing. */
	private timer: NodeJS.Timeout | undefined;

	private constructor(private readonly fd: number, private readonly owned: boolean) {}

	/** `-` or 1: standard output; 2: standard error; else a file opened for appending (0600). */
	static open(target: string | 1 | 2): BufferedWriter {
		if (target === '-' || target === 1) return new BufferedWriter(1, false);
		if (target === 2) return new BufferedWriter(2, false);
		return new BufferedWriter(openSync(target, 'a', 0o600), true);
	}

	write(text: string, urgent = false): void {
		this.buffer.push(text);
		this.size += text.length;
		if (urgent || this.size > 64 * 1024) this.flush();
		else if (!this.timer) {
			this.timer = setTimeout(() => this.flush(), 200);
			this.timer.unref();
		}
	}

	flush(): void {
		if (this.timer) clearTimeout(this.timer);
		this.timer = undefined;
		if (this.buffer.length === 0) return;
		const bytes = Buffer.from(this.buffer.join(''), 'utf8');
		this.buffer = [];
		this.size = 0;
		let offset = 0;
		while (offset < bytes.length) {
			try {
				offset += writeSync(this.fd, bytes, offset);
			} catch (error) {
				const code = (error as NodeJS.ErrnoException).code;
				// A full non-blocking pipe: try again. A closed one (EPIPE): nobody reads any more.
				if (code === 'EAGAIN') continue;
				if (code === 'EPIPE') return;
				throw error;
			}
		}
	}

	close(): void {
		this.flush();
		if (this.owned) closeSync(this.fd);
	}
}
