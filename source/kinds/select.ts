import {z} from 'zod';
import {evaluateField, resolveValue, type EvaluationOptions, type Scope} from '../expressions/evaluate.js';
import {cell, code, codeOrDash, table} from '../runbook/markdown.js';
import {awsCallSchema, describe, expressionSchema} from '../runbook/schema.js';
import type {AwsCall, StepBase} from '../runbook/types.js';
import {awsCall, awsCallBlock, checkAwsCall, resolveAwsCall} from './aws-call.js';
import type {KindDefinition} from './definition.js';

/** One choice of a select: what the operator sees, and the value chosen. */
export type SelectOption = {readonly label: string; readonly value: unknown};

/** Lets the operator choose from a static list, or from what an AWS call returns. */
export type SelectStep = StepBase & {
	readonly kind: 'select';
	readonly select:
		| {readonly prompt?: string; readonly options: readonly SelectOption[] | string; readonly default?: string}
		| {
				readonly prompt?: string;
				readonly default?: string;
				readonly from: AwsCall;
				readonly items: string;
				readonly label?: string;
				readonly value?: string;
		  };
};

const selectOptionSchema = z.strictObject({label: z.string(), value: z.unknown()});

/** Options computed when the step runs: one `${{ }}` whose value is a list of {label, value}. */
const optionsExpressionSchema = z.string().regex(/^\s*\$\{\{[\s\S]*\}\}\s*$/, {
	error: 'options: expected a list of {label, value}, or one ${{ }} expression that gives such a list',
});

/** Either `options` or `from` (with `items`, `label`, `value` over its result). */
export const selectBodySchema = z
	.strictObject({
		prompt: z.string().optional(),
		options: z.union([z.array(selectOptionSchema).min(1), optionsExpressionSchema]).optional(),
		from: awsCallSchema.optional(),
		items: describe(expressionSchema, 'Over `result`: the list to choose from').optional(),
		label: describe(expressionSchema, 'Over `item`: what the operator sees').optional(),
		value: describe(expressionSchema, 'Over `item`: the value chosen').optional(),
		default: describe(expressionSchema, 'Over `options`: the option chosen unless the operator picks another (`--yes` takes it)').optional(),
	})
	.superRefine((body, context) => {
		if (body.options !== undefined && body.from !== undefined) {
			// Shown at `from`: the second way of giving the choices.
			context.addIssue({
				code: 'custom',
				path: ['from'],
				message: 'a select takes either `options` (a static list) or `from` (an AWS call), not both',
			});
		} else if (body.options === undefined && body.from === undefined) {
			context.addIssue({
				code: 'custom',
				message: 'a select needs exactly one of `options` (a static list) or `from` (an AWS call)',
			});
		}
	});

/** The select kind. */
export const select = {
	kind: 'select',
	body: selectBodySchema,
	build(body, {base}) {
		if (body.options) {
			return {...base, kind: 'select', select: {...(body.prompt ? {prompt: body.prompt} : {}), options: body.options, ...(body.default ? {default: body.default} : {})}};
		}
		return {
			...base,
			kind: 'select',
			select: {
				...(body.prompt ? {prompt: body.prompt} : {}),
				...(body.default ? {default: body.default} : {}),
				from: awsCall(body.from!),
				items: body.items ?? 'result',
				...(body.label ? {label: body.label} : {}),
				...(body.value ? {value: body.value} : {}),
			},
		};
	},
	check(step, {path, expressions, checker, report}) {
		const choice = step.select;
		checker.field([...path, 'select', 'default'], choice.default, checker.extend(expressions, ['options']));
		if ('options' in choice) {
			const {default: _default, ...rest} = (checker.raw([...path, 'select']) ?? {}) as Record<string, unknown>;
			checker.deep([...path, 'select'], rest, expressions);
			return;
		}
		checker.template([...path, 'select', 'prompt'], choice.prompt, expressions);
		checkAwsCall([...path, 'select', 'from'], choice.from, expressions, checker, report);
		checker.field([...path, 'select', 'items'], choice.items, checker.extend(expressions, ['result']));
		const withItem = checker.extend(expressions, ['item']);
		checker.field([...path, 'select', 'label'], choice.label, withItem);
		checker.field([...path, 'select', 'value'], choice.value, withItem);
	},
	async request(step, {scope, options, text}) {
		const prompt = await text(step.select.prompt ?? step.title);
		if ('options' in step.select) {
			const listed = checkOptions(await resolveValue(step.select.options, scope, options));
			const chosen = await defaultOption(step.select.default, listed, scope, options);
			return {prompt, options: listed, ...(chosen !== undefined ? {default: chosen} : {})};
		}
		return {prompt, from: await resolveAwsCall(step.select.from, scope, options)};
	},
	sideEffect: 'read-only',
	operatorQuestion: 'select',
	docs(step) {
		const choice = step.select;
		const parts = [`**Asks:** ${choice.prompt ?? step.title}`];
		if ('options' in choice) {
			parts.push(
				typeof choice.options === 'string'
					? `- **Options:** ${code(choice.options)} (computed when the step runs)`
					: table(['option', 'value'], choice.options.map(option => [cell(option.label), codeOrDash(option.value)])),
			);
		} else {
			parts.push(awsCallBlock(choice.from));
			const lines = [`- **Items:** ${code(choice.items)} (over \`result\`)`];
			if (choice.label !== undefined) lines.push(`- **Label:** ${code(choice.label)} (over \`item\`)`);
			if (choice.value !== undefined) lines.push(`- **Value:** ${code(choice.value)} (over \`item\`)`);
			parts.push(lines.join('\n'));
		}
		if (choice.default !== undefined) parts.push(`**Default:** ${code(choice.default)} (over \`options\`)`);
		parts.push(`The choice is read as ${code(`steps.${step.id}.value`)}.`);
		return parts;
	},
	schemaNotes: {
		title: 'select step',
		description: 'Let the operator choose from `options`, or from the result of an AWS call (`from`). No side effect.',
		fields: {
			prompt: 'The question asked.',
			options: 'A list of {label, value} to choose from, or one ${{ }} expression giving such a list when the step runs (from an earlier step’s outputs).',
			from: 'An AWS call whose result holds the choices.',
			items: 'Expression over `result`: the list to choose from (default: result).',
			label: 'Expression over `item`: what the operator sees.',
			value: 'Expression over `item`: the value chosen.',
			default: 'Expression over `options` (a list of {label, value}): the option (or its value) chosen unless the operator picks another; `--yes` accepts it.',
		},
		awsCalls: ['from'],
		itemFields: {options: {label: 'What the operator sees.', value: 'The value chosen.'}},
	},
	executor: async () => (await import('../steps/operator.js')).runOperatorStep,
} satisfies KindDefinition<'select', z.output<typeof selectBodySchema>>;

/**
 * Options as the step runs: a non-empty list of {label, value} (labels as text). Options computed by
 * an expression that gives anything else, or nothing to choose from, fail the step, saying so.
 */
function checkOptions(value: unknown): SelectOption[] {
	const list = value === undefined ? [] : Array.isArray(value) ? value : [value];
	if (list.length === 0) throw new Error('options: there is nothing to choose from (the options expression gave an empty list)');
	return list.map((option: unknown, index) => {
		if (option === null || typeof option !== 'object' || !('label' in option) || !('value' in option)) {
			throw new Error(`options: item ${index + 1} is ${JSON.stringify(option)}, not a {label, value}`);
		}
		return {label: String(option.label), value: option.value};
	});
}

/**
 * The value of the option a select's `default` names, or undefined without one. The expression reads
 * `options` and gives an option, or the value (or label) of one; anything else fails the step.
 */
export async function defaultOption(
	expression: string | undefined,
	options: readonly SelectOption[],
	scope: Scope,
	evaluation: EvaluationOptions,
): Promise<unknown> {
	if (expression === undefined) return undefined;
	const picked = await evaluateField(expression, {...scope, options}, evaluation);
	if (picked === undefined) return undefined;
	const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);
	const match =
		options.find(option => same(option, picked)) ??
		options.find(option => same(option.value, picked)) ??
		options.find(option => option.label === picked);
	if (!match) throw new Error(`default: ${JSON.stringify(picked)} is none of the ${options.length} options`);
	return match.value;
}
