import {own, record} from '../records.js';
import type {Scope} from '../expressions/evaluate.js';
import type {Environment, Runbook, Step} from '../runbook/types.js';
import {itemPrefix, stepKey} from './next.js';
import {emptyStep, type RunState, type StepState} from './state.js';

/** Values kept only in memory: secret inputs, vars made from them, what secret steps returned. Never journaled. */
export type Secrets = {
	readonly inputs: Record<string, unknown>;
	/** Vars whose value holds a secret: the journal has them masked, expressions get them in clear. */
	readonly vars: Record<string, unknown>;
	readonly steps: Map<string, {value?: unknown; result?: unknown; outputs?: Record<string, unknown>}>;
};

export function emptySecrets(): Secrets {
	return {inputs: record(), vars: record(), steps: new Map()};
}

/** What `env` reads in expressions. */
export function envScope(environment: Environment | undefined, name: string | null): Record<string, unknown> {
	if (!environment) return {name};
	return {
		name,
		account: environment.account,
		region: environment.region,
		profile: environment.profile,
		roleArn: environment.roleArn,
		protected: environment.protected,
		description: environment.description,
	};
}

export function runScope(state: RunState): Record<string, unknown> {
	return {
		id: state.id,
		startedAt: state.startedAt,
		operator: state.operator,
		pair: state.pair,
		dryRun: state.dryRun,
		runbook: state.runbook.name,
		environment: state.environment,
	};
}

/**
 * The scope of an expression belonging to the step instance `key`: inputs, vars, env, run, the
 * steps it can see (a foreach item's own steps shadow outer ones) and the item it loops over.
 */
export function scopeFor(key: string, state: RunState, runbook: Runbook, secrets: Secrets): Record<string, unknown> {
	// Step views are made when an expression reads them, so a scope costs the same in a long runbook.
	const instances = new Map<string, string>();
	const steps = new Proxy({} as Record<string, unknown>, {
		get: (_target, id) => {
			const instance = typeof id === 'string' ? instances.get(id) : undefined;
			return instance === undefined ? undefined : stepView(state.steps[instance] ?? emptyStep(instance), secrets);
		},
		has: (_target, id) => typeof id === 'string' && instances.has(id),
		ownKeys: () => [...instances.keys()],
		getOwnPropertyDescriptor: (_target, id) =>
			typeof id === 'string' && instances.has(id)
				? {enumerable: true, configurable: true, writable: false, value: stepView(state.steps[instances.get(id)!] ?? emptyStep(instances.get(id)!), secrets)}
				: undefined,
	});
	const scope: Record<string, unknown> = {
		inputs: record({...state.inputs, ...secrets.inputs}),
		vars: record({...(state.vars ?? {}), ...secrets.vars}),
		env: envScope(own(runbook.environments, state.environment ?? ''), state.environment),
		run: runScope(state),
		steps,
	};
	let prefix = '';
	let level: readonly Step[] = runbook.steps;
	const addLevel = (): void => {
		for (const step of level) instances.set(step.id, stepKey(prefix, step.id));
	};
	addLevel();
	// Walk down the foreach items named in the key: `copy[2].put` → foreach copy, item 2.
	for (const match of key.matchAll(/([a-z][a-z0-9-]*)\[(\d+)\]\./g)) {
		const foreach = level.find(step => step.id === match[1]);
		if (!foreach || foreach.kind !== 'foreach') break;
		const index = Number(match[2]);
		const items = state.steps[stepKey(prefix, foreach.id)]?.items ?? [];
		scope[foreach.foreach.as] = items[index];
		scope['index'] = index;
		prefix = itemPrefix(stepKey(prefix, foreach.id), index);
		level = foreach.foreach.steps;
		addLevel();
	}
	return scope;
}

function stepView(state: StepState, secrets: Secrets): Record<string, unknown> {
	const secret = secrets.steps.get(state.key);
	return {
		status: state.status,
		value: secret?.value ?? state.value,
		result: secret?.result ?? state.result,
		outputs: secret?.outputs ?? state.outputs ?? {},
		attempts: state.attempts,
		startedAt: state.startedAt,
		endedAt: state.endedAt,
		error: state.error,
	};
}

export type {Scope};
