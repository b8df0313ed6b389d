// A live process's CPU time and memory, read from /proc (Linux): what bench/wait-idle.ts samples
// around an idle window of a process that keeps running.
import {spawnSync} from 'node:child_process';
import {readFileSync} from 'node:fs';

/** Clock ticks per second (`getconf CLK_TCK`; 100 on Linux when it cannot be asked). */
export function clockTicks(): number {
	const asked = spawnSync('getconf', ['CLK_TCK'], {encoding: 'utf8'});
	const value = Number(asked.stdout?.trim());
	return asked.status === 0 && Number.isInteger(value) && value > 0 ? value : 100;
}

/**
 * User + system CPU time of a process (every thread of it, ended threads included), in clock ticks:
 * fields 14 and 15 of /proc/PID/stat. Undefined once the process is gone.
 */
export function cpuTicks(pid: number): number | undefined {
	try {
		const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
		// The command name (field 2) is in parentheses and may hold spaces: count from the last ')'.
		const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
		// fields[0] is field 3 (state); utime is field 14, stime field 15.
		const utime = Number(fields[11]);
		const stime = Number(fields[12]);
		return Number.isFinite(utime + stime) ? utime + stime : undefined;
	} catch {
		return undefined;
	}
}

/** Resident memory of a live process (VmRSS), in bytes. */
export function residentBytes(pid: number): number | undefined {
	try {
		const match = /^VmRSS:\s+(\d+)\s+kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
		return match ? Number(match[1]) * 1024 : undefined;
	} catch {
		return undefined;
	}
}

/** The command line of a live process, its arguments joined by spaces. */
export function commandLine(pid: number): string {
	try {
		return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ').trim();
	} catch {
		return '';
	}
}

export type IdleWindow = {
	/** CPU time used in the window, in milliseconds. */
	readonly cpuMs: number;
	/** Wall time of the window, in milliseconds. */
	readonly wallMs: number;
	/** cpuMs / wallMs, in percent of one core. */
	readonly percent: number;
	readonly rssBytes: number | undefined;
};

/** Measures `pid`'s CPU time over `ms` of wall time. Undefined when the process ended meanwhile. */
export async function measureWindow(pid: number, ms: number, ticksPerSecond: number): Promise<IdleWindow | undefined> {
	const before = cpuTicks(pid);
	const start = process.hrtime.bigint();
	await new Promise(resolve => setTimeout(resolve, ms));
	const after = cpuTicks(pid);
	const wallMs = Number(process.hrtime.bigint() - start) / 1e6;
	if (before === undefined || after === undefined) return undefined;
	const cpuMs = ((after - before) * 1000) / ticksPerSecond;
	return {cpuMs, wallMs, percent: (cpuMs / wallMs) * 100, rssBytes: residentBytes(pid)};
}
