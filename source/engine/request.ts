import {isAbsolute, resolve} from 'node:path';
import {evaluateTemplate, resolveValue, stringify, type EvaluationOptions, type Scope} from '../expressions/evaluate.js';
import {buildShellScript, displayCommand} from '../steps/shell-script.js';
import {evaluateExpression} from '../expressions/evaluate.js';
import type {AwsCall, Step} from '../runbook/types.js';
import {withIdempotencyToken} from '../aws/runtime.js';

/**
 * Resolves what a step will do, with every value in place. The result is journaled with
 * step-started before the step acts, shown to the operator, and kept in the run's record.
 */
export async function resolveRequest(
	step: Step,
	scope: Scope,
	options: EvaluationOptions & {cwd: string; runId: string; key: string},
): Promise<Record<string, unknown>> {
	const text = async (value: string | undefined): Promise<string | undefined> =>
		value === undefined ? undefined : stringify(await evaluateTemplate(value, scope, options));
	const common: Record<string, unknown> = {title: await text(step.title)};
	if (step.confirmText !== undefined) common['confirmText'] = await text(step.confirmText);
	if (typeof step.confirm === 'string') common['confirm'] = await text(step.confirm);
	switch (step.kind) {
		case 'manual': {
			const checklist: string[] = [];
			for (const item of step.manual.checklist) checklist.push((await text(item))!);
			return {...common, text: await text(step.manual.text), checklist};
		}
		case 'input':
			return {
				...common,
				prompt: await text(step.input.prompt ?? step.title),
				...(step.input.default !== undefined ? {default: await resolveValue(step.input.default, scope, options)} : {}),
			};
		case 'select':
			if ('options' in step.select) {
				return {
					...common,
					prompt: await text(step.select.prompt ?? step.title),
					options: await resolveValue(step.select.options, scope, options),
				};
			}
			return {...common, prompt: await text(step.select.prompt ?? step.title), from: await resolveAwsCall(step.select.from, scope, options)};
		case 'aws': {
			const call = await resolveAwsCall(step.aws, scope, options);
			return {...common, ...call, input: withIdempotencyToken(step.aws.service, step.aws.command, call['input'] as Record<string, unknown>, options.runId, options.key)};
		}
		case 'wait':
			return {...common, ...(await resolveAwsCall(step.wait.aws, scope, options))};
		case 'shell': {
			const {script, expressions} = buildShellScript(step.shell.run);
			const args: string[] = [];
			for (const expression of expressions) {
				const value = await evaluateExpression(expression.source, scope, options);
				if (value === undefined) {
					throw new Error(`expression '${expression.source}' has no value, so the command cannot be run`);
				}
				args.push(stringify(value));
			}
			const env: Record<string, string> = {};
			for (const [name, value] of Object.entries(step.shell.env)) {
				env[name] = typeof value === 'string' ? (await text(value))! : String(value);
			}
			const cwd = step.shell.cwd ? absolute((await text(step.shell.cwd))!, options.cwd) : options.cwd;
			return {...common, command: displayCommand(step.shell.run, args), script, args, cwd, env};
		}
		case 'approve':
			return {...common, prompt: await text(step.approve.prompt ?? step.title), by: step.approve.by};
		case 'edit':
			return {
				...common,
				file: absolute((await text(step.edit.file))!, options.cwd),
				format: step.edit.format,
				set: await resolveValue(step.edit.set, scope, options),
			};
		case 'foreach':
			return common;
	}
}

export async function resolveAwsCall(call: AwsCall, scope: Scope, options: EvaluationOptions): Promise<Record<string, unknown>> {
	return {
		service: call.service,
		command: call.command,
		input: await resolveValue(call.input, scope, options),
		...(call.region ? {region: await evaluateTemplate(call.region, scope, options)} : {}),
		...(call.paginate ? {paginate: true} : {}),
	};
}

function absolute(path: string, cwd: string): string {
	return isAbsolute(path) ? path : resolve(cwd, path);
}
