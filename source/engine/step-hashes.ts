import {own, record} from '../records.js';
import {createHash} from 'node:crypto';
import type {Runbook, Step} from '../runbook/types.js';

/** The name drift reports for a change outside the steps. */
export const settingsKey = '(inputs, vars, environments or other settings)';

/** sha256 of each step's definition (position left out), nested steps as `loop.inner`. */
export function stepHashes(runbook: Runbook): Record<string, string> {
	const {steps: _steps, ...settings} = runbook;
	// Everything but the steps (inputs, vars, environments, pairing, ...) under one name.
	const hashes: Record<string, string> = record([[settingsKey, createHash('sha256').update(canonical(settings)).digest('hex')]]);
	const visit = (steps: readonly Step[], prefix: string): void => {
		for (const step of steps) {
			hashes[`${prefix}${step.id}`] = createHash('sha256').update(canonical(step)).digest('hex');
			if (step.kind === 'foreach') visit(step.foreach.steps, `${prefix}${step.id}.`);
		}
	};
	visit(runbook.steps, '');
	return hashes;
}

/** The steps that differ between two sets of hashes: changed, added and removed. */
export function changedSteps(before: Readonly<Record<string, string>>, after: Readonly<Record<string, string>>): string[] {
	const changed: string[] = [];
	for (const [id, hash] of Object.entries(after)) {
		if (own(before, id) === undefined) changed.push(`${id} (added)`);
		else if (before[id] !== hash) changed.push(`${id} (changed)`);
	}
	for (const id of Object.keys(before)) if (own(after, id) === undefined) changed.push(`${id} (removed)`);
	return changed;
}

function canonical(value: unknown): string {
	return JSON.stringify(value, function (this: unknown, key: string, item: unknown) {
		// A step's place in its file (an input, var or value named `position` counts).
		if (key === 'position' && isStep(this)) return undefined;
		if (item !== null && typeof item === 'object' && !Array.isArray(item)) {
			return Object.fromEntries(Object.entries(item).sort(([a], [b]) => a.localeCompare(b)));
		}
		return item;
	});
}

function isStep(holder: unknown): boolean {
	return holder !== null && typeof holder === 'object' && 'kind' in holder && 'id' in holder && 'title' in holder;
}
