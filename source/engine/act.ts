import {evaluateField, resolveValue} from '../expressions/evaluate.js';
import type {AwsRuntime} from '../aws/runtime.js';
import type {Step} from '../runbook/types.js';
import {assertNever} from '../assert-never.js';
import {StepFailure} from '../steps/executor.js';
import type {QuestionType} from './events.js';
import {isTruthy, type Decision} from './next.js';
import {foreachResult} from './foreach-result.js';
import {chunked, findItemsFrom} from './items-from.js';
import type {Driver} from './run.js';
import {defaultOption} from '../kinds/select.js';

type Acting = Exclude<Decision, {kind: 'finish' | 'in-flight' | 'pause' | 'ask' | 'execute'}>;

/** Acts on a decision that is not a question or an execution; never pauses. */
export async function actOnStep(driver: Driver, decision: Acting): Promise<{key: string; question: QuestionType; reason: string} | undefined> {
	const {step, key} = decision;
	switch (decision.kind) {
		case 'check':
			try {
				const value = await driver.evaluate(String(step.when), key);
				await driver.record(isTruthy(value) ? {type: 'step-checked', at: driver.at(), key} : {type: 'step-skipped', at: driver.at(), key, reason: 'when'});
			} catch (error) {
				await driver.fail(key, 1, `when: ${(error as Error).message}`, 'Expression');
			}
			return undefined;
		case 'expand':
			if (step.kind === 'foreach') await expand(driver, step, key);
			return undefined;
		case 'complete-foreach':
			if (step.kind === 'foreach') await completeForeach(driver, step, key);
			return undefined;
		case 'dry-run': {
			const request = await driver.request(step, key, 1);
			if (request) await driver.record({type: 'step-skipped', at: driver.at(), key, reason: 'dry-run', request: driver.mask(request)});
			return undefined;
		}
		case 'list-options':
			await listOptions(driver, step, key);
			return undefined;
		default:
			return assertNever(decision);
	}
}

/** A foreach's concurrency given as an expression, evaluated once as it starts: a whole number from 1 to 64. */
async function foreachConcurrency(driver: Driver, step: Extract<Step, {kind: 'foreach'}>, key: string): Promise<number | undefined> {
	const {concurrency} = step.foreach;
	if (typeof concurrency === 'number') return undefined;
	const value = await driver.evaluate(concurrency, key);
	if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > 64) {
		throw new Error(`concurrency '${concurrency}' gave ${JSON.stringify(value)}; it must be a whole number from 1 to 64`);
	}
	return value;
}

async function expand(driver: Driver, step: Extract<Step, {kind: 'foreach'}>, key: string): Promise<void> {
	let list: unknown[];
	let concurrency: number | undefined;
	try {
		const items =
			typeof step.foreach.items === 'string'
				? await driver.evaluate(step.foreach.items, key)
				: await resolveValue(step.foreach.items, driver.scope(key), driver.evaluation());
		list = items === undefined ? [] : Array.isArray(items) ? items : [items];
	} catch (error) {
		await driver.fail(key, 1, `items: ${(error as Error).message}`, 'Expression');
		return;
	}
	try {
		concurrency = await foreachConcurrency(driver, step, key);
	} catch (error) {
		await driver.fail(key, 1, (error as Error).message, 'Expression');
		return;
	}
	// In chunks, `item` is a list. Items that are an earlier result's elements (a Scan's) are named by
	// where they are, not copied into the journal again.
	const {batch} = step.foreach;
	const itemsFrom = findItemsFrom(list, driver.current.steps);
	await driver.record({
		type: 'foreach-expanded',
		at: driver.at(),
		key,
		...(itemsFrom ? {itemsFrom} : {items: chunked(list, batch)}),
		...(batch ? {batch} : {}),
		count: batch ? Math.ceil(list.length / batch) : list.length,
		stepIds: step.foreach.steps.map(inner => inner.id),
		...(concurrency !== undefined ? {concurrency} : {}),
	});
}

async function completeForeach(driver: Driver, step: Extract<Step, {kind: 'foreach'}>, key: string): Promise<void> {
	const stepIds = step.foreach.steps.map(inner => inner.id);
	const state = driver.current.steps[key];
	// In chunks, the items are in foreach-expanded already: the result does not copy them again.
	const result = foreachResult(driver.current.steps, key, stepIds, step.foreach.batch !== undefined);
	let outputs: Record<string, unknown>;
	try {
		outputs = await stepOutputs(driver, step, key, result);
	} catch (error) {
		await driver.fail(key, 1, `outputs: ${(error as Error).message}`, 'Expression');
		return;
	}
	// The items' results are in the journal already: replay builds the foreach's result from them
	// (a journal from before it recorded its items' step ids gets the result itself).
	const rebuilt = state?.itemSteps !== undefined && state.itemSteps.join('\n') === stepIds.join('\n') && (state.batched === true) === (step.foreach.batch !== undefined);
	await driver.record({type: 'step-succeeded', at: driver.at(), key, ...(rebuilt ? {fromItems: true} : {result}), outputs});
}

/** A select `from:` an AWS call: the call is made once and its options recorded. */
async function listOptions(driver: Driver, step: Step, key: string): Promise<void> {
	if (step.kind !== 'select' || !('from' in step.select)) return;
	const select = step.select;
	const request = await driver.request(step, key, 1);
	if (!request) return;
	const call = request['from'] as Parameters<AwsRuntime['call']>[0];
	let result: unknown;
	try {
		result = await driver.options.aws.call(call, driver.signal);
	} catch (error) {
		if (driver.signal.aborted) return;
		const {awsFailure} = await import('../steps/aws.js');
		const failure = awsFailure(call, error);
		const stepError = failure instanceof StepFailure ? failure.error : {message: failure.message, code: 'CredentialsExpired'};
		await driver.record({type: 'step-failed', at: driver.at(), key, attempt: 1, error: stepError, final: true});
		return;
	}
	// The call succeeded: a failure from here on is the runbook's expressions, not AWS.
	try {
		const evaluation = driver.evaluation();
		const scope = {...driver.scope(key), result};
		const items = await evaluateField(select.items, scope, evaluation);
		const list = items === undefined ? [] : Array.isArray(items) ? items : [items];
		const options: {label: string; value: unknown}[] = [];
		for (const item of list) {
			const value = select.value ? await evaluateField(select.value, {...scope, item}, evaluation) : item;
			const label = select.label ? await evaluateField(select.label, {...scope, item}, evaluation) : value;
			options.push({label: typeof label === 'string' ? label : JSON.stringify(label), value});
		}
		if (options.length === 0) {
			await driver.fail(key, 1, `${call.command} returned nothing to choose from`, 'NoOptions');
			return;
		}
		const chosen = await defaultOption(select.default, options, driver.scope(key), evaluation);
		await driver.record({type: 'options-listed', at: driver.at(), key, options, ...(chosen !== undefined ? {default: chosen} : {})});
	} catch (error) {
		await driver.fail(key, 1, `options: ${(error as Error).message}`, 'Expression');
	}
}

/** The step's outputs, evaluated over its result. */
export async function stepOutputs(driver: Driver, step: Step, key: string, result: unknown): Promise<Record<string, unknown>> {
	const outputs: Record<string, unknown> = {};
	for (const [name, expression] of Object.entries(step.outputs)) {
		outputs[name] = await driver.evaluate(expression, key, {result}, step.secret);
	}
	return outputs;
}
