import {existsSync, readdirSync, readFileSync} from 'node:fs';
import {until} from '../cli/belay.js';

/** The process groups a journal recorded for its shell steps. */
function processGroups(journal: string): number[] {
	if (!existsSync(journal)) return [];
	return readFileSync(journal, 'utf8')
		.split('\n')
		.filter(line => line.includes('"step-process"'))
		.flatMap(line => {
			try {
				return [(JSON.parse(line) as {pid: number}).pid];
			} catch {
				return [];
			}
		});
}

function groupAlive(pid: number): boolean {
	try {
		process.kill(-pid, 0);
		return true;
	} catch (error) {
		return (error as NodeJS.ErrnoException).code === 'EPERM';
	}
}

/** Processes whose command line names `text` (a killed run's commands carry the marks path). */
function holding(text: string): number[] {
	const pids: number[] = [];
	for (const name of readdirSync('/proc')) {
		if (!/^\d+$/.test(name) || Number(name) === process.pid) continue;
		try {
			if (readFileSync(`/proc/${name}/cmdline`, 'utf8').includes(text)) pids.push(Number(name));
		} catch {}
	}
	return pids;
}

/**
 * A SIGKILL leaves the step's command running on its own: waits (up to 5 s) until no process group
 * the journal recorded and no process naming the marks file is left, so the marks are final.
 * Throws naming what is still running.
 */
export async function killedRunSettled(marks: string, journal: string): Promise<void> {
	await new Promise(resolve => setTimeout(resolve, 30));
	const groups = processGroups(journal);
	if (!(await until(() => groups.every(pid => !groupAlive(pid)) && holding(marks).length === 0, 5000))) {
		throw new Error(`commands of a killed run still running: groups ${groups.filter(groupAlive).join(' ')}; pids ${holding(marks).join(' ')}`);
	}
}
