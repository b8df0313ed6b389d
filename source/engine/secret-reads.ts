import {analyseExpression, type Reference} from '../expressions/references.js';
import type {Step} from '../runbook/types.js';

/** The names that hold secrets: secret inputs, vars computed from secrets, secret steps. */
export type SecretNames = {
	readonly inputs: ReadonlySet<string>;
	readonly vars: ReadonlySet<string>;
	readonly steps: ReadonlySet<string>;
};

const parsed = new Map<string, readonly Reference[] | undefined>();

/** The names an expression reads (cached per source; undefined when it does not parse). */
function referencesOf(source: string): readonly Reference[] | undefined {
	if (!parsed.has(source)) {
		let references: readonly Reference[] | undefined;
		try {
			references = analyseExpression(source).references;
		} catch {
			references = undefined;
		}
		if (parsed.size > 5000) parsed.clear();
		parsed.set(source, references);
	}
	return parsed.get(source);
}

/**
 * Pure: whether an expression reads a secret: a secret input, a var computed from one, or what a
 * secret step holds; reading the whole `inputs`, `vars` or `steps` counts when any of them is secret.
 * An expression that cannot be parsed is taken to read one (it fails anyway, and its message must
 * not show a value).
 */
export function readsSecret(source: string, names: SecretNames): boolean {
	const references = referencesOf(source);
	if (references === undefined) return names.inputs.size + names.vars.size + names.steps.size > 0;
	return references.some(reference => {
		const set = reference.root === 'inputs' ? names.inputs : reference.root === 'vars' ? names.vars : reference.root === 'steps' ? names.steps : undefined;
		if (set === undefined || set.size === 0) return false;
		const name = reference.path[0];
		return name === undefined || set.has(name);
	});
}

/** The ids of the steps whose value is secret: marked `secret`, or secret input steps; foreach steps included. */
export function secretStepIds(steps: readonly Step[]): Set<string> {
	const ids = new Set<string>();
	const visit = (level: readonly Step[]): void => {
		for (const step of level) {
			if (step.secret || (step.kind === 'input' && step.input.secret)) ids.add(step.id);
			if (step.kind === 'foreach') visit(step.foreach.steps);
		}
	};
	visit(steps);
	return ids;
}
