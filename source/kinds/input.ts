import type {z} from 'zod';
import {resolveValue} from '../expressions/evaluate.js';
import {checkInputDefault} from '../runbook/check-input-default.js';
import {inputNotes} from '../runbook/json-schema-notes.js';
import {code, literal} from '../runbook/markdown.js';
import {inputSchema} from '../runbook/schema.js';
import type {InputDefinition, StepBase} from '../runbook/types.js';
import type {KindDefinition} from './definition.js';

/** Asks the operator for a value; the step's value is the answer. */
export type InputStep = StepBase & {
	readonly kind: 'input';
	readonly input: Omit<InputDefinition, 'name' | 'description'>;
};

/** What to ask and what the answer must be: a runbook input's fields but its description. */
export const inputBodySchema = inputSchema.omit({description: true});

/** The input kind. */
export const input = {
	kind: 'input',
	body: inputBodySchema,
	build(body, {base}) {
		return {
			...base,
			kind: 'input',
			input: {...body, type: body.type ?? 'string', required: body.required ?? true, secret: body.secret ?? false},
		};
	},
	check(step, {path, expressions, checker, report}) {
		checker.deep([...path, 'input'], checker.raw([...path, 'input']), expressions);
		checkInputDefault([...path, 'input'], step.input, report);
	},
	async request(step, {scope, options, text}) {
		return {
			prompt: await text(step.input.prompt ?? step.title),
			...(step.input.default !== undefined ? {default: await resolveValue(step.input.default, scope, options)} : {}),
		};
	},
	sideEffect: 'read-only',
	operatorQuestion: 'input',
	docs(step) {
		const asked = step.input;
		const lines = [`- **Type:** ${asked.type}${asked.required ? ', required' : ', optional'}`];
		if (asked.default !== undefined) lines.push(`- **Default:** ${code(literal(asked.default))}`);
		if (asked.pattern !== undefined) lines.push(`- **Must match:** ${code(asked.pattern)}`);
		if (asked.enum) lines.push(`- **One of:** ${asked.enum.map(value => code(literal(value))).join(', ')}`);
		if (asked.secret) lines.push('- **Secret:** never written to disk or screen in clear');
		return [`**Asks:** ${asked.prompt ?? step.title}`, lines.join('\n'), `The answer is read as ${code(`steps.${step.id}.value`)}.`];
	},
	schemaNotes: {
		title: 'input step',
		description: 'Ask the operator for a value; its result is the value. No side effect.',
		fields: inputNotes,
	},
	executor: async () => (await import('../steps/operator.js')).runOperatorStep,
} satisfies KindDefinition<'input', z.output<typeof inputBodySchema>>;
