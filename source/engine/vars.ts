import {resolveValue} from '../expressions/evaluate.js';
import type {LoadedRunbook} from '../runbook/types.js';
import {maskSecrets} from './mask.js';
import type {Secrets} from './scope.js';

/**
 * The vars as the journal keeps them: a var holding a secret input is masked there, and its value in
 * clear is kept in `secrets.vars` for the expressions of this process only.
 */
export function keepSecretVars(vars: Record<string, unknown>, secrets: Secrets): Record<string, unknown> {
	const masked = maskSecrets(vars, Object.values(secrets.inputs).map(String)) as Record<string, unknown>;
	for (const [name, value] of Object.entries(vars)) {
		if (JSON.stringify(masked[name]) !== JSON.stringify(value)) secrets.vars[name] = value;
	}
	return masked;
}

/** Vars, computed once in order (the environment's over the top-level ones), then recorded. */
export async function computeVars(
	loaded: LoadedRunbook,
	scope: Record<string, unknown>,
	now: Date,
	environmentVars: Readonly<Record<string, unknown>>,
): Promise<Record<string, unknown>> {
	const vars: Record<string, unknown> = {};
	const definitions = {...loaded.runbook.vars, ...environmentVars};
	for (const [name, definition] of Object.entries(definitions)) {
		vars[name] = await resolveValue(definition, {...scope, vars}, {now});
	}
	return vars;
}
