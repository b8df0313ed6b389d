import {z} from 'zod';
import {stepNotes} from '../runbook/json-schema-notes.js';
import {checklistSchema} from '../runbook/schema.js';
import type {StepBase} from '../runbook/types.js';
import type {KindDefinition} from './definition.js';

/** Instructions the operator carries out, optionally with a checklist to tick. */
export type ManualStep = StepBase & {
	readonly kind: 'manual';
	readonly manual: {readonly text: string; readonly checklist: readonly string[]};
};

/** Markdown text, or a mapping with `text` and `checklist`. */
export const manualBodySchema = z.union([
	z.string(),
	z.strictObject({text: z.string().optional(), checklist: checklistSchema.optional()}),
]);

/** The manual kind. */
export const manual = {
	kind: 'manual',
	body: manualBodySchema,
	// The loader parses this on every step, so a misplaced checklist is checked too (and reported as such).
	extraFields: {checklist: z.array(z.string().min(1)).min(1).optional()},
	build(body, {base, record, path, source, problems}) {
		const stepChecklist = record['checklist'] as string[] | undefined;
		if (typeof body === 'object' && body.checklist && stepChecklist) {
			problems.push(source.problem(source.keyPosition([...path, 'checklist']), `step '${base.id}': two checklists; keep one`));
			return undefined;
		}
		const text = typeof body === 'string' ? body : (body.text ?? '');
		const checklist = (typeof body === 'object' ? body.checklist : undefined) ?? stepChecklist ?? [];
		return {...base, kind: 'manual', manual: {text, checklist}};
	},
	check(_step, {path, expressions, checker}) {
		checker.deep([...path, 'manual'], checker.raw([...path, 'manual']), expressions);
		checker.deep([...path, 'checklist'], checker.raw([...path, 'checklist']), expressions);
	},
	async request(step, {text}) {
		const checklist: string[] = [];
		for (const item of step.manual.checklist) checklist.push((await text(item))!);
		return {text: await text(step.manual.text), checklist};
	},
	sideEffect: 'mutating',
	operatorQuestion: 'checklist',
	docs(step) {
		const parts: string[] = [];
		if (step.manual.text.trim() !== '') parts.push(step.manual.text.trimEnd());
		if (step.manual.checklist.length > 0) {
			parts.push(
				'Tick every item before going on:',
				step.manual.checklist.map(item => `- [ ] ${item.replace(/\r?\n/g, ' ')}`).join('\n'),
			);
		}
		return parts;
	},
	schemaNotes: {
		title: 'manual step',
		description: 'Markdown instructions the operator carries out, optionally with a checklist. Mutating.',
		fields: {
			text: 'Markdown instructions for the operator.',
			checklist: stepNotes['checklist']!,
		},
		shortForm: 'Markdown instructions for the operator.',
	},
	executor: async () => (await import('../steps/operator.js')).runOperatorStep,
} satisfies KindDefinition<'manual', z.output<typeof manualBodySchema>>;
