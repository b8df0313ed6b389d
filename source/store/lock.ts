import {closeSync, fsyncSync, openSync, readFileSync, statSync, unlinkSync, writeSync} from 'node:fs';
import {hostname} from 'node:os';

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

/**
 * Takes the run's lock: one process drives a run at a time. A lock left by a process that is gone
 * (same host) is taken over. Returns a release function.
 */
export function acquireLock(path: string, runId: string): () => void {
	const me: LockHolder = {host: hostname(), pid: process.pid, startedAt: new Date().toISOString()};
	for (let tries = 0; tries < 3; tries++) {
		try {
			const fd = openSync(path, 'wx', 0o600);
			writeSync(fd, JSON.stringify(me));
			fsyncSync(fd);
			closeSync(fd);
			let released = false;
			return () => {
				if (released) return;
				released = true;
				try {
					const holder = readHolder(path);
					if (holder?.pid === me.pid && holder.host === me.host) unlinkSync(path);
				} catch {}
			};
		} catch (error) {
			if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
		}
		const holder = readHolder(path);
		if (holder && (holder.host !== me.host || isAlive(holder.pid))) throw new RunLockedError(runId, holder);
		// The holder is gone (or the lock is unreadable): take it over. A second lock file guards the
		// takeover, so of two processes that both found the lock stale only one removes it.
		takeOver(path, holder);
	}
	const holder = readHolder(path);
	throw new RunLockedError(runId, holder ?? {host: 'unknown', pid: 0, startedAt: 'unknown'});
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
	return holder.host !== hostname() || isAlive(holder.pid);
}

function isAlive(pid: number): boolean {
	try {
		process.kill(pid, 0);
		return true;
	} catch (error) {
		return (error as NodeJS.ErrnoException).code === 'EPERM';
	}
}

function takeOver(path: string, stale: LockHolder | undefined): void {
	const guard = `${path}.takeover`;
	let fd: number;
	try {
		fd = openSync(guard, 'wx', 0o600);
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
		// Someone else is taking over; a guard older than 10 s was left by a crash.
		try {
			if (Date.now() - statSync(guard).mtimeMs > 10_000) unlinkSync(guard);
		} catch {}
		sleepSync(50);
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
		closeSync(fd);
		unlinkSync(guard);
	}
}

function sleepSync(ms: number): void {
	Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}
