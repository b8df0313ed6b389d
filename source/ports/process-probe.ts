import {readdirSync, readFileSync} from 'node:fs';
import {hostname} from 'node:os';

/** A process group recorded in the journal: its leader's pid and the host it ran on. */
export type ProcessGroup = {readonly pid: number; readonly host: string};

/** Tells whether a process group from an earlier run is still running. */
export interface ProcessProbe {
	isGroupAlive(group: ProcessGroup): boolean;
}

/**
 * The probe of this machine. A group on another host cannot be seen, so it is not counted as alive
 * (the lease, not the probe, keeps two machines from driving one run). On Linux a group whose every
 * member is a zombie (exited, not yet reaped) is not alive; elsewhere signal 0 decides.
 */
export const systemProcessProbe: ProcessProbe = {
	isGroupAlive(group) {
		if (group.host !== hostname()) return false;
		if (!signalReaches(-group.pid)) return false;
		const members = groupMembers(group.pid);
		return members === undefined || members.some(state => state !== 'Z' && state !== 'X');
	},
};

/** Whether a process (or, with a negative pid, a process group) exists: signal 0 reaches it. */
export function signalReaches(pid: number): boolean {
	try {
		process.kill(pid, 0);
		return true;
	} catch (error) {
		return (error as NodeJS.ErrnoException).code === 'EPERM';
	}
}

/**
 * Whether one process runs: signal 0 reaches it and, on Linux, it is not a zombie (killed, not yet
 * reaped by its parent: it holds nothing any more).
 */
export function isProcessAlive(pid: number): boolean {
	if (!signalReaches(pid)) return false;
	try {
		const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
		const state = stat.slice(stat.lastIndexOf(')') + 2).split(' ')[0];
		return state !== 'Z' && state !== 'X';
	} catch {
		// No /proc (or it vanished in between): signal 0 decides.
		return true;
	}
}

/** The states (R, S, Z, ...) of the processes in a group, from /proc; undefined without /proc. */
function groupMembers(pgid: number): string[] | undefined {
	let entries: string[];
	try {
		entries = readdirSync('/proc');
	} catch {
		return undefined;
	}
	const states: string[] = [];
	for (const entry of entries) {
		if (!/^\d+$/.test(entry)) continue;
		let stat: string;
		try {
			stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
		} catch {
			continue;
		}
		// pid (comm) state ppid pgrp ...: comm may hold spaces and parentheses, so read after the last ')'.
		const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
		if (Number(fields[2]) === pgid) states.push(fields[0] ?? '?');
	}
	return states;
}
