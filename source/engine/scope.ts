import {sandboxAccount} from '../sandbox/sandbox-account.js';
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
	/** Values computed from secrets by expressions (a base64 header, an upper-cased token): masked too. */
	readonly derived: Set<string | number>;
	/**
	 * What a step that is not secret returned, in clear, when the journal keeps it masked (it held a
	 * secret): later steps of this process read it as it was. Not itself masked as a secret.
	 */
	readonly clear: Map<string, {value?: unknown; result?: unknown; outputs?: Record<string, unknown>}>;
};

export function emptySecrets(): Secrets {
	return {inputs: record(), vars: record(), steps: new Map(), derived: new Set(), clear: new Map()};
}

/** The strings and numbers inside a value computed from a secret, as secrets (short ones say nothing and are left). */
export function addDerived(secrets: Secrets, value: unknown): boolean {
	const before = secrets.derived.size;
	const visit = (item: unknown): void => {
		if (typeof item === 'string') {
			if (item.trim().length >= minimumDerived) secrets.derived.add(item).add(item.trim());
		} else if (typeof item === 'number') {
			if (String(item).length >= minimumDerived) secrets.derived.add(item);
		} else if (Array.isArray(item)) item.forEach(visit);
		else if (item !== null && typeof item === 'object') Object.values(item).forEach(visit);
	};
	visit(value);
	return secrets.derived.size !== before;
}

/** The shortest value computed from a secret that is masked (a length or a flag is not the secret). */
const minimumDerived = 3;

/** What `env` reads in expressions. */
export function envScope(environment: Environment | undefined, name: string | null): Record<string, unknown> {
	if (!environment) return {name};
	return {
		name,
		// A sandbox answers as one account: ARNs built from env.account rehearse unchanged.
		account: environment.account ?? (environment.sandbox ? sandboxAccount : undefined),
		sandbox: environment.sandbox === true,
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
export function scopeFor(key: string, state: RunState, runbook: Runbook, secrets: Secrets, onRead?: (instance: string) => void): Record<string, unknown> {
	// The levels of steps the instance sees, outermost first; a step id is looked up from the
	// innermost out, and step views are made when an expression reads them, so a scope costs the same
	// in a runbook of 2,000 steps as in one of ten.
	const levels: {readonly prefix: string; readonly byId: ReadonlyMap<string, Step>}[] = [];
	const instance = (id: string | symbol): string | undefined => {
		if (typeof id !== 'string') return undefined;
		for (let index = levels.length - 1; index >= 0; index--) {
			const level = levels[index]!;
			if (level.byId.has(id)) return stepKey(level.prefix, id);
		}
		return undefined;
	};
	const view = (id: string): Record<string, unknown> => {
		const key = instance(id)!;
		return stepView(state.steps[key] ?? emptyStep(key), secrets);
	};
	const steps = new Proxy({} as Record<string, unknown>, {
		get: (_target, id) => {
			const found = instance(id);
			if (found === undefined) return undefined;
			onRead?.(found);
			return stepView(state.steps[found] ?? emptyStep(found), secrets);
		},
		has: (_target, id) => instance(id) !== undefined,
		// Outer ids first, in the runbook's order, then the ids an inner level adds.
		ownKeys: () => [...new Set(levels.flatMap(level => [...level.byId.keys()]))],
		getOwnPropertyDescriptor: (_target, id) =>
			instance(id) !== undefined ? {enumerable: true, configurable: true, writable: false, value: view(id as string)} : undefined,
	});
	const scope: Record<string, unknown> = {
		inputs: record({...state.inputs, ...secrets.inputs}),
		vars: record({...(state.vars ?? {}), ...secrets.vars}),
		env: envScope(own(runbook.environments, state.environment ?? ''), state.environment),
		run: runScope(state),
		steps,
	};
	let prefix = '';
	let level = stepsById(runbook.steps);
	levels.push({prefix, byId: level});
	// Walk down the foreach items named in the key: `copy[2].put` → foreach copy, item 2.
	for (const match of key.matchAll(/([a-z][a-z0-9-]*)\[(\d+)\]\./g)) {
		const foreach = level.get(match[1]!);
		if (!foreach || foreach.kind !== 'foreach') break;
		const index = Number(match[2]);
		const items = state.steps[stepKey(prefix, foreach.id)]?.items ?? [];
		scope[foreach.foreach.as] = items[index];
		scope['index'] = index;
		prefix = itemPrefix(stepKey(prefix, foreach.id), index);
		level = stepsById(foreach.foreach.steps);
		levels.push({prefix, byId: level});
	}
	return scope;
}

/** A level of steps by id, in the runbook's order: made once per level of a loaded runbook. */
const byIdCache = new WeakMap<readonly Step[], ReadonlyMap<string, Step>>();

function stepsById(level: readonly Step[]): ReadonlyMap<string, Step> {
	let byId = byIdCache.get(level);
	if (!byId) byIdCache.set(level, (byId = new Map(level.map(step => [step.id, step]))));
	return byId;
}

function stepView(state: StepState, secrets: Secrets): Record<string, unknown> {
	const secret = secrets.steps.get(state.key) ?? secrets.clear.get(state.key);
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
