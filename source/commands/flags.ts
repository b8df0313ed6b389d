import {record} from '../records.js';

/** The options of `run` and `resume` (see the CLI spec). */
export type RunFlags = {
	readonly env?: string;
	readonly input: readonly string[];
	readonly answers?: string;
	readonly operator?: string;
	readonly pair?: string;
	readonly yes?: boolean;
	readonly nonInteractive?: boolean;
	readonly dryRun?: boolean;
	readonly runId?: string;
	readonly stateDir?: string;
	/** `--state URL`: runs kept in a shared table. */
	readonly state?: string;
	readonly acceptChanges?: boolean;
	readonly runbooks?: string;
	/** `--events FILE` or `-`: every event as a JSON line. */
	readonly events?: string;
	/** `--plain`: the line front end even on a terminal. */
	readonly plain?: boolean;
	/** `--rerun STEP` (resume, repeatable): finished steps to run again. */
	readonly rerun?: readonly string[];
};

/** `--input NAME=VALUE` pairs. */
export function parseInputFlags(pairs: readonly string[]): Record<string, string> | string {
	const out: Record<string, string> = record();
	for (const pair of pairs) {
		const at = pair.indexOf('=');
		if (at <= 0) return `--input takes NAME=VALUE, got '${pair}'`;
		out[pair.slice(0, at)] = pair.slice(at + 1);
	}
	return out;
}
