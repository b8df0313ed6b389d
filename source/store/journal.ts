import {chmodSync, closeSync, existsSync, fdatasync, fsyncSync, ftruncateSync, openSync, readFileSync, writeSync} from 'node:fs';
import {promisify} from 'node:util';
import {dirname} from 'node:path';
import {JournalDamaged, notAnEvent} from './journal-damaged.js';
import {makeDirs} from './make-dirs.js';
import type {RunEvent} from '../engine/events.js';

/**
 * The append-only JSONL journal of a run. Every append is written and fsynced before it returns, so
 * the event is on disk before the next side effect starts. Files are 0600, folders 0700.
 */
export class Journal {
	private fd: number;
	/** Set when a write failed: nothing more is written, so no event can follow a torn one. */
	private failure: JournalWriteFailed | undefined;

	private constructor(
		readonly path: string,
		fd: number,
	) {
		this.fd = fd;
	}

	/** Opens (creating when asked) a journal for appending. */
	static open(path: string, create: boolean): Journal {
		if (create) {
			makeDirs(dirname(path));
			chmodSync(dirname(path), 0o700);
		}
		const fd = openSync(path, create ? 'wx' : 'a', 0o600);
		return new Journal(path, fd);
	}

	/**
	 * Writes one event and fsyncs it; throws JournalWriteFailed when the whole line is not on disk
	 * (a short write, a full disk, an I/O error), and on every append after that.
	 */
	append(event: RunEvent): void {
		if (this.failure) throw this.failure;
		const line = Buffer.from(`${JSON.stringify(event)}\n`, 'utf8');
		try {
			this.writeFully(line);
			fsyncSync(this.fd);
		} catch (error) {
			throw this.failed(error);
		}
	}

	/**
	 * Writes events as one piece and flushes them (a group commit: events that came together share a
	 * flush); resolves once they, and every event appended before them, are durable. The write itself
	 * is synchronous (into the page cache: a few microseconds, less than handing it to a thread), so
	 * calls may overlap and still reach the file in call order; a call's flush starts at once, while
	 * the previous one may still be under way (a flush started after a write covers it and the ones
	 * before). Fails as `append` does, and so does every call after a failure.
	 */
	appendAll(events: readonly RunEvent[]): Promise<void> {
		if (this.failure) return Promise.reject(this.failure);
		const lines = Buffer.from(events.map(event => `${JSON.stringify(event)}\n`).join(''), 'utf8');
		try {
			this.writeFully(lines);
		} catch (error) {
			return Promise.reject(this.failed(error));
		}
		const before = this.lastFlush;
		const durable = fsyncAsync(this.fd)
			.catch((error: unknown) => {
				throw this.failed(error);
			})
			// Durable only once every earlier call is: a failed flush before fails this one too.
			.then(() => before);
		this.lastFlush = durable;
		return durable;
	}

	/** The last flush begun (each call's promise waits for the one before). */
	private lastFlush: Promise<void> = Promise.resolve();

	private writeFully(lines: Buffer): void {
		let written = 0;
		while (written < lines.length) {
			const count = writeSync(this.fd, lines, written, lines.length - written);
			if (count <= 0) throw Object.assign(new Error('the disk took no more bytes'), {code: 'ENOSPC'});
			written += count;
		}
	}

	private failed(error: unknown): JournalWriteFailed {
		this.failure ??= error instanceof JournalWriteFailed ? error : new JournalWriteFailed(this.path, error as NodeJS.ErrnoException);
		return this.failure;
	}

	close(): void {
		if (this.fd >= 0) {
			closeSync(this.fd);
			this.fd = -1;
		}
	}
}

// fdatasync: the data and the size that reads it back, without the time stamps fsync also writes.
const fsyncAsync = promisify(fdatasync);

export type JournalRead = {readonly events: RunEvent[]; readonly tornTail: boolean};

/**
 * Reads a journal. A torn last line (a crash in the middle of a write) is dropped and reported; a
 * line anywhere else that is not an event is corruption: JournalDamaged, naming the file and line.
 */
export function readJournal(path: string): JournalRead {
	let text: string;
	try {
		text = readFileSync(path, 'utf8');
	} catch (error) {
		const code = (error as NodeJS.ErrnoException).code;
		if (code === 'ENOENT') throw error;
		throw new JournalDamaged(path, undefined, code === 'EISDIR' ? 'it is a directory, not a file' : code === 'EACCES' ? 'permission denied' : (code ?? String(error)));
	}
	const lines = text.split('\n');
	const events: RunEvent[] = [];
	let tornTail = false;
	for (let index = 0; index < lines.length; index++) {
		const line = lines[index]!;
		if (line === '') continue;
		let event: unknown;
		let reason: string | undefined;
		try {
			event = JSON.parse(line);
			reason = notAnEvent(event);
		} catch {
			reason = 'not JSON';
		}
		if (reason === undefined) {
			events.push(event as RunEvent);
			continue;
		}
		const isLast = lines.slice(index + 1).every(rest => rest === '');
		if (isLast && reason === 'not JSON') {
			tornTail = true;
			break;
		}
		throw new JournalDamaged(path, index + 1, reason);
	}
	return {events, tornTail};
}

/**
 * Cuts a torn last line off, so new events start on a line of their own. The torn line is whatever
 * follows the last complete event: text without its newline, or a line that is not JSON (with or
 * without a newline after it). A last event that is whole but lost its newline keeps its place and
 * gets the newline, since a replay has already read it.
 */
export function repairTornTail(path: string): void {
	if (!existsSync(path)) return;
	const text = readFileSync(path, 'utf8');
	let end = text.length;
	while (end > 0 && text[end - 1] === '\n') end--;
	const start = text.lastIndexOf('\n', end - 1) + 1;
	const last = text.slice(start, end);
	let whole = true;
	try {
		JSON.parse(last);
	} catch {
		whole = last === '';
	}
	const fd = openSync(path, 'r+');
	try {
		if (!whole) ftruncateSync(fd, Buffer.byteLength(text.slice(0, start)));
		else if (!text.endsWith('\n') && text.length > 0) writeSync(fd, '\n', Buffer.byteLength(text));
		else return;
		fsyncSync(fd);
	} finally {
		closeSync(fd);
	}
}

/** Whether a journal holds at least one whole event (a run killed before its first has none). */
export function hasEvents(path: string): boolean {
	if (!existsSync(path)) return false;
	try {
		return readJournal(path).events.length > 0;
	} catch {
		// Damaged in the middle: it holds events, and `belay show` says what is wrong.
		return true;
	}
}

/**
 * The journal could not be written: the event it was to record, and anything it announces, did not
 * happen. The message names the journal and what to do; resuming later drops a torn last line.
 */
export class JournalWriteFailed extends Error {
	constructor(
		readonly path: string,
		override readonly cause: NodeJS.ErrnoException,
	) {
		super(
			`cannot write the run's journal ${path} (${cause.code ?? 'error'}: ${cause.message.replace(/^[A-Z]+: /, '')}); ` +
				'nothing was started after the last saved event. Make room or fix the state dir, then: belay resume',
		);
		this.name = 'JournalWriteFailed';
	}
}
