import {resolveValue} from '../expressions/evaluate.js';
import type {LoadedRunbook} from '../runbook/types.js';
import {MASK} from './masker.js';
import {maskSecrets} from './mask.js';
import type {Secrets} from './scope.js';
import {readsSecret, secretStepIds} from './secret-reads.js';

/** Vars as computed: their values, and the names of those computed from a secret. */
export type ComputedVars = {readonly vars: Record<string, unknown>; readonly secret: ReadonlySet<string>};

/**
 * The vars as the journal keeps them: a var computed from a secret is `***` there, and its value in
 * clear is kept in `secrets.vars` for the expressions of this process only; a var that holds a
 * secret's text by any other way is masked where it does.
 */
export function keepSecretVars({vars, secret}: ComputedVars, secrets: Secrets): Record<string, unknown> {
	const masked = maskSecrets(vars, Object.values(secrets.inputs).map(String)) as Record<string, unknown>;
	for (const [name, value] of Object.entries(vars)) {
		if (secret.has(name)) masked[name] = MASK;
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
	secretInputs: readonly string[] = [],
): Promise<ComputedVars> {
	const vars: Record<string, unknown> = {};
	const secret = new Set<string>();
	const names = {inputs: new Set(secretInputs), vars: secret, steps: secretStepIds(loaded.runbook.steps)};
	const definitions = {...loaded.runbook.vars, ...environmentVars};
	for (const [name, definition] of Object.entries(definitions)) {
		let tainted = false;
		const secrets = {reads: (source: string) => readsSecret(source, names), found: () => (tainted = true)};
		vars[name] = await resolveValue(definition, {...scope, vars}, {now, secrets});
		if (tainted) secret.add(name);
	}
	return {vars, secret};
}
