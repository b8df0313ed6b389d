import {z} from 'zod';
import {parseDuration} from './duration.js';

/**
 * The zod schema of runbook format v1. The loader validates each part with these schemas and the
 * JSON Schema (`belay schema`) is generated from them, so editors and belay agree on the format.
 */

export const stepKinds = [
	'manual',
	'input',
	'select',
	'aws',
	'wait',
	'shell',
	'approve',
	'edit',
	'foreach',
] as const;
export type StepKind = (typeof stepKinds)[number];

const idPattern = /^[a-z][a-z0-9-]*$/;
const namePattern = /^[A-Za-z_][A-Za-z0-9_]*$/;

const describe = <T extends z.ZodType>(schema: T, description: string): T => schema.meta({description});

function isRegex(text: string): boolean {
	try {
		new RegExp(text);
		return true;
	} catch {
		return false;
	}
}

export const durationSchema = z
	.string({error: 'expected a duration such as 90s, 15m, 8h or 1h30m'})
	.refine(text => parseDuration(text) !== undefined, {
		error: issue => `'${String(issue.input)}' is not a duration: write a number and a unit, such as 90s, 15m, 8h or 1h30m`,
	});

export const patternSchema = z.string().refine(isRegex, {
	error: issue => {
		try {
			new RegExp(String(issue.input));
			return 'bad pattern';
		} catch (error) {
			return `bad pattern: ${(error as Error).message}`;
		}
	},
});

/** An expression field: a bare JSONata expression, or one `${{ }}`, or a literal. */
const expressionSchema = z.string().min(1, {error: 'expected an expression, got an empty string'});
const booleanOrExpression = z.union([z.boolean(), expressionSchema]);
const scalarSchema = z.union([z.string(), z.number(), z.boolean()]);

export const stepIdSchema = describe(
	z.string().regex(idPattern, {error: 'a step id is lower-case letters, digits and dashes, starting with a letter'}),
	'Unique step id: lower-case letters, digits and dashes.',
);
export const nameSchema = z
	.string()
	.regex(namePattern, {error: 'a name is letters, digits and underscores, starting with a letter or underscore'});

export const awsCallSchema = z.strictObject({
	service: describe(z.string(), 'AWS service: dynamodb, dynamodb-document, backup, osis, opensearch, rds, sts, kms, s3'),
	command: describe(z.string(), 'The SDK v3 command name without the Command suffix, e.g. DescribeTable'),
	input: describe(z.record(z.string(), z.unknown()), 'The command input; values may hold ${{ }} expressions').optional(),
	region: z.string().optional(),
	paginate: describe(z.boolean(), 'Merge every page with the SDK paginator').optional(),
});

export const retrySchema = z.strictObject({
	attempts: describe(z.int().min(1).max(100), 'Total attempts, including the first'),
	delay: durationSchema.optional(),
	backoff: describe(z.number().min(1).max(10), 'Multiplier applied to the delay after each attempt').optional(),
});

/** Fields every step may have, whatever its kind. */
export const commonStepFields = {
	id: stepIdSchema,
	title: z.string().min(1).refine(text => !text.includes('\n'), {error: 'a title is one line'}),
	description: z.string().optional(),
	when: describe(booleanOrExpression, 'The step is skipped when this is false').optional(),
	confirm: z.union([z.boolean(), z.string().min(1)]).optional(),
	confirmText: describe(z.string().min(1), 'Text the operator must type to proceed').optional(),
	readOnly: z.boolean().optional(),
	idempotent: z.boolean().optional(),
	timeout: durationSchema.optional(),
	retry: retrySchema.optional(),
	onFailure: z.enum(['prompt', 'abort', 'continue']).optional(),
	outputs: z.record(nameSchema, expressionSchema).optional(),
	secret: z.boolean().optional(),
};

export const checklistSchema = z.array(z.string().min(1)).min(1, {error: 'a checklist needs at least one item'});

export const manualBodySchema = z.union([
	z.string(),
	z.strictObject({text: z.string().optional(), checklist: checklistSchema.optional()}),
]);

export const inputBodySchema = z.strictObject({
	prompt: z.string().optional(),
	type: z.enum(['string', 'number', 'boolean']).optional(),
	default: z.unknown().optional(),
	required: z.boolean().optional(),
	pattern: patternSchema.optional(),
	enum: z.array(scalarSchema).min(1).optional(),
	secret: z.boolean().optional(),
});

export const selectOptionSchema = z.strictObject({label: z.string(), value: z.unknown()});

export const selectBodySchema = z
	.strictObject({
		prompt: z.string().optional(),
		options: z.array(selectOptionSchema).min(1).optional(),
		from: awsCallSchema.optional(),
		items: describe(expressionSchema, 'Over `result`: the list to choose from').optional(),
		label: describe(expressionSchema, 'Over `item`: what the operator sees').optional(),
		value: describe(expressionSchema, 'Over `item`: the value chosen').optional(),
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

export const waitBodySchema = z.strictObject({
	aws: awsCallSchema,
	until: describe(expressionSchema, 'Over `result`: the wait ends when this is true'),
	failWhen: describe(expressionSchema, 'Over `result`: the wait fails when this is true').optional(),
	interval: durationSchema.optional(),
	timeout: durationSchema.optional(),
	progress: describe(expressionSchema, 'Over `result`: percent done, 0-100').optional(),
	message: z.string().optional(),
});

export const shellBodySchema = z.union([
	z.string().min(1),
	z.strictObject({
		run: z.string().min(1),
		cwd: z.string().optional(),
		env: z.record(z.string(), scalarSchema).optional(),
	}),
]);

export const approveBodySchema = z.union([
	z.string(),
	z.strictObject({
		prompt: z.string().optional(),
		by: z.union([z.enum(['pair', 'any']), z.array(z.string().min(1)).min(1)]).optional(),
	}),
]);

export const editBodySchema = z.strictObject({
	file: z.string().min(1),
	format: z.enum(['json', 'yaml']).optional(),
	set: z
		.record(z.string().min(1), z.unknown())
		.refine(set => Object.keys(set).length > 0, {error: 'an edit needs at least one path under `set`'}),
});

const foreachFields = {
	items: describe(z.union([expressionSchema, z.array(z.unknown())]), 'The list to loop over'),
	as: nameSchema.optional(),
	concurrency: z.int().min(1).max(64).optional(),
};

/** The foreach body as the loader checks it: nested steps are checked one by one. */
export const foreachBodySchema = z.strictObject({
	...foreachFields,
	steps: z.array(z.unknown()).min(1, {error: 'a foreach needs at least one step'}),
});

export const kindBodySchemas = {
	manual: manualBodySchema,
	input: inputBodySchema,
	select: selectBodySchema,
	aws: awsCallSchema,
	wait: waitBodySchema,
	shell: shellBodySchema,
	approve: approveBodySchema,
	edit: editBodySchema,
	foreach: foreachBodySchema,
} as const satisfies Record<StepKind, z.ZodType>;

/** Keys a step may carry besides the common fields and its kind key. */
export const extraStepKeys: Partial<Record<StepKind, readonly string[]>> = {manual: ['checklist']};

export const environmentSchema = z.strictObject({
	description: z.string().optional(),
	account: describe(
		z.string({error: 'an account id is 12 digits in quotes, such as "111111111111"'}).regex(/^\d{12}$/, {
			error: 'an account id is exactly 12 digits',
		}),
		'The caller account STS must report before any step runs',
	).optional(),
	region: z
		.string()
		.regex(/^[a-z]{2}(-[a-z]+)+-\d$/, {error: 'expected an AWS region such as eu-west-1'})
		.optional(),
	profile: z.string().min(1).optional(),
	roleArn: z
		.string()
		.regex(/^arn:aws[a-z-]*:iam::\d{12}:role\/.+$/, {error: 'expected a role ARN: arn:aws:iam::<account>:role/<name>'})
		.optional(),
	protected: describe(z.boolean(), 'Production: red banner, every mutating step asks to confirm').optional(),
	vars: z.record(nameSchema, z.unknown()).optional(),
	endpoints: describe(
		z.record(z.string(), z.url()),
		'Per-service endpoint overrides for rehearsals against local emulators',
	).optional(),
});

export const inputSchema = z.strictObject({
	description: z.string().optional(),
	prompt: z.string().optional(),
	type: z.enum(['string', 'number', 'boolean']).optional(),
	default: z.unknown().optional(),
	required: z.boolean().optional(),
	pattern: patternSchema.optional(),
	enum: z.array(scalarSchema).min(1).optional(),
	secret: z.boolean().optional(),
});

/** The top level, with steps left for the loader to check one by one. */
export const runbookTopSchema = z.strictObject({
	version: z.literal(1, {error: 'version must be the integer 1'}),
	name: z.string().regex(idPattern, {error: 'a runbook name is lower-case letters, digits and dashes'}),
	title: z.string().min(1),
	description: z.string().optional(),
	pairing: z.enum(['required', 'optional', 'none']).optional(),
	environments: z
		.record(
			z.string().regex(/^[A-Za-z][A-Za-z0-9_-]*$/, {error: 'an environment name is letters, digits, _ and -'}),
			environmentSchema,
		)
		.optional(),
	inputs: z.record(nameSchema, inputSchema).optional(),
	vars: z.record(nameSchema, z.unknown()).optional(),
	steps: z.array(z.unknown()).min(1, {error: 'a runbook needs at least one step'}),
});

/** One raw step as an author writes it, for the JSON Schema: a union over the kinds. */
function rawStepSchema(): z.ZodType {
	const variants = stepKinds.map(kind => {
		const body =
			kind === 'foreach'
				? z.strictObject({
						...foreachFields,
						get steps(): z.ZodArray<z.ZodType> {
							return z.array(rawStep).min(1);
						},
					})
				: kindBodySchemas[kind];
		return z.strictObject({
			...commonStepFields,
			[kind]: body,
			...(kind === 'manual' ? {checklist: checklistSchema.optional()} : {}),
		});
	});
	return z.union(variants);
}
const rawStep: z.ZodType = z.lazy(rawStepSchema);

/** The whole runbook as authors write it; `belay schema` prints its JSON Schema. */
export const runbookDocumentSchema = runbookTopSchema.extend({steps: z.array(rawStep).min(1)});
