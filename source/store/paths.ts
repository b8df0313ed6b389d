import {homedir} from 'node:os';
import {join, resolve} from 'node:path';

/** `--state-dir`, else BELAY_STATE_DIR, else $XDG_STATE_HOME/belay, else ~/.local/state/belay. */
export function stateDir(flag?: string): string {
	if (flag) return resolve(flag);
	const fromEnv = process.env['BELAY_STATE_DIR'];
	if (fromEnv) return resolve(fromEnv);
	const xdg = process.env['XDG_STATE_HOME'];
	if (xdg) return join(resolve(xdg), 'belay');
	return join(homedir(), '.local', 'state', 'belay');
}

/** Where one run's files live: journal.jsonl, output.log, lock. */
export type RunPaths = {
	readonly dir: string;
	readonly journal: string;
	readonly log: string;
	readonly lock: string;
};

export function runPaths(root: string, runId: string): RunPaths {
	const dir = join(root, 'runs', runId);
	return {dir, journal: join(dir, 'journal.jsonl'), log: join(dir, 'output.log'), lock: join(dir, 'lock')};
}

export function runsDir(root: string): string {
	return join(root, 'runs');
}

const runIdPattern = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

/** A run id is a safe file name: letters, digits, `.`, `_`, `-`. */
export function isValidRunId(id: string): boolean {
	return runIdPattern.test(id) && !id.includes('..');
}
