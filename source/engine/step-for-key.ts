import type {Runbook, Step} from '../runbook/types.js';

/** The definition of a step instance: `restore` or `copy[2].put` (the `put` step of foreach `copy`). */
export function stepForKey(runbook: Runbook, key: string): Step | undefined {
	let level: readonly Step[] = runbook.steps;
	let rest = key;
	for (;;) {
		const loop = /^([a-z][a-z0-9-]*)\[\d+\]\.(.+)$/.exec(rest);
		if (!loop) return level.find(step => step.id === rest);
		const foreach = level.find(step => step.id === loop[1]);
		if (!foreach || foreach.kind !== 'foreach') return undefined;
		level = foreach.foreach.steps;
		rest = loop[2]!;
	}
}

/** An input or select step whose value is secret (never on disk). */
export function holdsSecretValue(step: Step | undefined): boolean {
	if (!step) return false;
	if (step.kind === 'input') return step.secret || step.input.secret;
	return step.kind === 'select' && step.secret;
}
