import {z} from 'zod';
import {evaluateField, evaluateTemplate} from '../expressions/evaluate.js';
import {isTruthy} from '../engine/next.js';
import {code} from '../runbook/markdown.js';
import {describe, expressionSchema} from '../runbook/schema.js';
import type {StepBase} from '../runbook/types.js';
import type {KindDefinition} from './definition.js';

/** Checks a fact the procedure depends on; the step fails with `message` when it does not hold. */
export type AssertStep = StepBase & {
	readonly kind: 'assert';
	readonly assert: {readonly that: string; readonly message?: string};
};

/** The condition, or a mapping with `that` and `message`. */
export const assertBodySchema = z.union([
	expressionSchema,
	z.strictObject({
		that: describe(expressionSchema, 'The condition that must hold'),
		message: z.string().optional(),
	}),
]);

/** The assert kind. */
export const assert = {
	kind: 'assert',
	body: assertBodySchema,
	build(body, {base}) {
		const fields = typeof body === 'string' ? {that: body} : {that: body.that, ...(body.message !== undefined ? {message: body.message} : {})};
		return {...base, kind: 'assert', assert: fields};
	},
	check(step, {path, expressions, checker}) {
		const at = typeof checker.raw([...path, 'assert']) === 'string' ? [...path, 'assert'] : [...path, 'assert', 'that'];
		checker.field(at, step.assert.that, expressions);
		checker.template([...path, 'assert', 'message'], step.assert.message, expressions);
	},
	// Evaluated when the step runs, so what it checked is journaled with it.
	async request(step, {scope, options}) {
		const value = await evaluateField(step.assert.that, scope, options);
		const message = step.assert.message === undefined ? undefined : await evaluateTemplate(step.assert.message, scope, options);
		return {that: step.assert.that, holds: isTruthy(value), ...(message !== undefined ? {message: String(message)} : {})};
	},
	sideEffect: 'read-only',
	operatorQuestion: undefined,
	docs(step) {
		return [`**Checks:** ${code(step.assert.that)}${step.assert.message ? `; otherwise: ${step.assert.message}` : ''}`];
	},
	schemaNotes: {
		title: 'assert step',
		description: 'Check that a condition holds (`that`, an expression); the step fails with `message` when it does not. No side effect.',
		fields: {
			that: 'Expression that must be true.',
			message: 'What failed, for the operator (may hold ${{ }}).',
		},
		shortForm: 'The condition (an expression).',
	},
	executor: async () => (await import('../steps/assert.js')).runAssert,
} satisfies KindDefinition<'assert', z.output<typeof assertBodySchema>>;
