import {z} from 'zod';
import {code} from '../runbook/markdown.js';
import type {StepBase} from '../runbook/types.js';
import type {KindDefinition} from './definition.js';

/** A person approves before the run goes on; who, and when, is recorded. */
export type ApproveStep = StepBase & {
	readonly kind: 'approve';
	readonly approve: {readonly prompt?: string; readonly by: 'pair' | 'any' | readonly string[]};
};

/** What is approved, or a mapping with `prompt` and `by`. */
export const approveBodySchema = z.union([
	z.string(),
	z.strictObject({
		prompt: z.string().optional(),
		by: z.union([z.enum(['pair', 'any']), z.array(z.string().min(1)).min(1)]).optional(),
	}),
]);

/** The approve kind. */
export const approve = {
	kind: 'approve',
	body: approveBodySchema,
	build(body, {base, pairing}) {
		const defaultBy = pairing === 'required' ? 'pair' : 'any';
		if (typeof body === 'string') return {...base, kind: 'approve', approve: {prompt: body, by: defaultBy}};
		return {...base, kind: 'approve', approve: {...(body.prompt ? {prompt: body.prompt} : {}), by: body.by ?? defaultBy}};
	},
	check(step, {path, expressions, checker, report, runbook}) {
		checker.deep([...path, 'approve'], checker.raw([...path, 'approve']), expressions);
		if (step.approve.by === 'pair' && runbook.pairing === 'none') {
			report(
				[...path, 'approve', 'by'],
				`step '${step.id}': approval by the pair, but the runbook has \`pairing: none\`; use \`by: any\` or set pairing`,
			);
		}
	},
	async request(step, {text}) {
		return {prompt: await text(step.approve.prompt ?? step.title), by: step.approve.by};
	},
	sideEffect: 'read-only',
	operatorQuestion: 'approve',
	docs(step, runbook) {
		const {prompt, by} = step.approve;
		const who =
			by === 'pair'
				? 'the pair (not the operator driving the run)'
				: by === 'any'
					? 'anyone'
					: `one of ${by.map(name => code(name)).join(', ')}`;
		const note = by === 'pair' && runbook.pairing === 'none' ? ' (but the runbook has `pairing: none`)' : '';
		return [
			...(prompt !== undefined ? [`**Asks:** ${prompt}`] : []),
			`**Approved by:** ${who}${note}. The approver's name and the time are recorded.`,
		];
	},
	schemaNotes: {
		title: 'approve step',
		description: 'A person approves before the run goes on; their name is recorded. No side effect.',
		fields: {
			prompt: 'What is being approved.',
			by: 'Who approves: pair (default when pairing is required), any, or a list of names.',
		},
		shortForm: 'What is being approved.',
	},
	executor: async () => (await import('../steps/operator.js')).runOperatorStep,
} satisfies KindDefinition<'approve', z.output<typeof approveBodySchema>>;
