import {runawayPattern} from './runaway-pattern.js';
import {z} from 'zod';
import {parseDuration} from './duration.js';

/**
 * The zod schema of runbook format v1, but each kind's body, which its definition holds
 * (source/kinds/). The loader validates each part with these schemas and the JSON Schema
 * (`belay schema`, source/runbook/document-schema.ts) is generated from them, so editors and belay
 * agree on the format.
 */

/** The step kinds, in the order messages and the JSON Schema list them; each has a definition in source/kinds/table.ts. */
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
	'assert',
] as const;
export type StepKind = (typeof stepKinds)[number];

const idPattern = /^[a-z][a-z0-9-]*$/;
const namePattern = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** The schema with a description, which the JSON Schema shows to editors. */
export const describe = <T extends z.ZodType>(schema: T, description: string): T => schema.meta({description});

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

export const patternSchema = z
	.string()
	.refine(isRegex, {
		error: issue => {
			try {
				new RegExp(String(issue.input));
				return 'bad pattern';
			} catch (error) {
				return `bad pattern: ${(error as Error).message}`;
			}
		},
	})
	.refine(text => runawayPattern(text) === undefined, {
		error: issue =>
			`pattern ${String(issue.input)} can take for ever on a long value: ${runawayPattern(String(issue.input))} repeats a group that repeats inside; write it without the nested repeat (for example ^[a-z0-9]+(-[a-z0-9]+)*$)`,
	});

/** An expression field: a bare JSONata expression, or one `${{ }}`, or a literal. */
export const expressionSchema = z.string().min(1, {error: 'expected an expression, got an empty string'});
const booleanOrExpression = z.union([z.boolean(), expressionSchema]);
/** A string, a number or a boolean. */
export const scalarSchema = z.union([z.string(), z.number(), z.boolean()]);

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

/** A checklist: the items an operator ticks, every one. */
export const checklistSchema = z.array(z.string().min(1)).min(1, {error: 'a checklist needs at least one item'});

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
	sandbox: describe(
		z.boolean(),
		'A rehearsal environment: its guard checks the local sandbox, not AWS; every endpoint must be on this machine',
	).optional(),
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
