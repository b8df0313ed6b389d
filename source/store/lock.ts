import {closeSync, fsyncSync, linkSync, openSync, readFileSync, statSync, unlinkSync, writeSync} from 'node:fs';
import {hostname} from 'node:os';
import {isProcessAlive, signalReaches} from '../ports/process-probe.js';

export type LockHolder = {readonly host: string; readonly pid: number; readonly startedAt: string};

/** Another live process drives the run. */
export class RunLockedError extends Error {
	readonly exitCode = 4;
	constructor(
		readonly runId: string,
		readonly holder: LockHolder,
	) {
		super(
			`run ${runId} is being driven by pid ${holder.pid} on ${holder.host} since ${holder.startedAt}; ` +
				`wait for it to finish, or stop that process and run 'belay resume ${runId}'`,
		);
		this.name = 'RunLockedError';
	}
}

/** `belay unlock` of a run whose holder still runs on this host (exit 4): names it and what to do. */
export class HolderAlive extends Error {
	readonly exitCode = 4;
	constructor(
		readonly runId: string,
		readonly holder: LockHolder,
	) {
		super(
			`run ${runId} is held by pid ${holder.pid} on this host (${holder.host}) since ${holder.startedAt}, and that process is still running: ` +
				`belay unlock only takes a lock whose holder is gone. Let it finish, or stop it (kill ${holder.pid}) and run 'belay resume ${runId}'`,
		);
		// The CLI maps this name to exit code 4, as for a lock held.
		this.name = 'RunLockedError';
	}
}

/**
 * Takes the run's lock: one process drives a run at a time. A lock left by a process that is gone
 * (same host) is taken over. Returns a release function.
 */
export function acquireLock(path: string, runId: string): () => void {
	const me: LockHolder = {host: hostname(), pid: process.pid, startedAt: new Date().toISOString()};
	for (let tries = 0; tries < 5; tries++) {
		if (createWhole(path, JSON.stringify(me))) {
			let released = false;
			return () => {
				if (released) return;
				released = true;
				try {
					const holder = readHolder(path);
					if (holder?.pid === me.pid && holder.host === me.host) unlinkSync(path);
				} catch {}
			};
		}
		const holder = readHolder(path);
		if (holder && (holder.host !== me.host || isProcessAlive(holder.pid))) throw new RunLockedError(runId, holder);
		// The holder is gone (or the lock is unreadable): take it over. A second lock file guards the
		// takeover, so of two processes that both found the lock stale only one removes it.
		takeOver(path, holder);
	}
	const holder = readHolder(path);
	throw new RunLockedError(runId, holder ?? {host: 'unknown', pid: 0, startedAt: 'unknown'});
}

/**
 * Creates the lock file with its content in one step: the content goes to a private file first, which
 * is then linked into place (failing when the lock exists). A lock is never seen half written, so an
 * empty or unreadable lock is one left by a crash, not one being taken.
 */
function createWhole(path: string, content: string): boolean {
	const temporary = `${path}.${process.pid}.${Date.now()}.tmp`;
	const fd = openSync(temporary, 'wx', 0o600);
	try {
		writeSync(fd, content);
		fsyncSync(fd);
	} finally {
		closeSync(fd);
	}
	try {
		linkSync(temporary, path);
		return true;
	} catch (error) {
		const code = (error as NodeJS.ErrnoException).code;
		if (code === 'EEXIST') return false;
		if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP' && code !== 'ENOSYS') throw error;
	} finally {
		unlinkSync(temporary);
	}
	// A file system without hard links: create the lock in place.
	try {
		const fd = openSync(path, 'wx', 0o600);
		try {
			writeSync(fd, content);
			fsyncSync(fd);
		} finally {
			closeSync(fd);
		}
		return true;
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
		return false;
	}
}

export function readHolder(path: string): LockHolder | undefined {
	try {
		const parsed = JSON.parse(readFileSync(path, 'utf8')) as LockHolder;
		return typeof parsed.pid === 'number' ? parsed : undefined;
	} catch {
		return undefined;
	}
}

/** Whether the lock at `path` is held by a live process (on this host; other hosts count as live). */
export function isLockHeld(path: string): boolean {
	const holder = readHolder(path);
	if (!holder) return false;
	return holder.host !== hostname() || isProcessAlive(holder.pid);
}

/** Whether a process (or, with a negative pid, a process group) exists: signal 0 reaches it. */
export const isAlive = signalReaches;

function takeOver(path: string, stale: LockHolder | undefined): void {
	const guard = `${path}.takeover`;
	const me: LockHolder = {host: hostname(), pid: process.pid, startedAt: new Date().toISOString()};
	if (!createWhole(guard, JSON.stringify(me))) {
		// Someone else is taking over. A guard whose process is gone (killed in the middle of a
		// takeover) is removed at once, so the next try goes ahead; one older than 10 s is too.
		const owner = readHolder(guard);
		let old = false;
		try {
			old = Date.now() - statSync(guard).mtimeMs > 10_000;
		} catch {}
		if (old || (owner && owner.host === me.host && !isProcessAlive(owner.pid))) {
			try {
				unlinkSync(guard);
			} catch {}
		} else {
			sleepSync(50);
		}
		return;
	}
	try {
		const now = readHolder(path);
		if (now?.pid === stale?.pid && now?.host === stale?.host && now?.startedAt === stale?.startedAt) {
			try {
				unlinkSync(path);
			} catch {}
		}
	} finally {
		unlinkSync(guard);
	}
}

function sleepSync(ms: number): void {
	Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}
