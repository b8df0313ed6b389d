import {z} from 'zod';
import {resolveValue} from '../expressions/evaluate.js';
import {cell, code, codeOrDash, table} from '../runbook/markdown.js';
import type {StepBase} from '../runbook/types.js';
import {absolute} from './absolute.js';
import type {KindDefinition} from './definition.js';

/** Sets values in a JSON or YAML file, showing the diff before writing. */
export type EditStep = StepBase & {
	readonly kind: 'edit';
	readonly edit: {readonly file: string; readonly format: 'json' | 'yaml'; readonly set: Readonly<Record<string, unknown>>};
};

/** The file, its format, and the values to set by dotted path. */
export const editBodySchema = z.strictObject({
	file: z.string().min(1),
	format: z.enum(['json', 'yaml']).optional(),
	set: z
		.record(z.string().min(1), z.unknown())
		.refine(set => Object.keys(set).length > 0, {error: 'an edit needs at least one path under `set`'}),
});

function formatFromName(file: string): 'json' | 'yaml' | undefined {
	if (/\.json$/i.test(file)) return 'json';
	if (/\.ya?ml$/i.test(file)) return 'yaml';
	return undefined;
}

/** The edit kind. */
export const edit = {
	kind: 'edit',
	body: editBodySchema,
	build(body, {base, path, source, problems}) {
		const format = body.format ?? formatFromName(body.file);
		if (!format) {
			problems.push(
				source.problem(
					source.position([...path, 'edit', 'file']),
					`step '${base.id}': cannot tell the format of '${body.file}' from its name; add \`format: json\` or \`format: yaml\``,
				),
			);
			return undefined;
		}
		return {...base, kind: 'edit', edit: {file: body.file, format, set: body.set}};
	},
	check(_step, {path, expressions, checker}) {
		checker.deep([...path, 'edit'], checker.raw([...path, 'edit']), expressions);
	},
	async request(step, {scope, options, text}) {
		return {
			file: absolute((await text(step.edit.file))!, options.cwd),
			format: step.edit.format,
			set: await resolveValue(step.edit.set, scope, options),
		};
	},
	sideEffect: 'mutating',
	operatorQuestion: undefined,
	docs(step) {
		const {file, format, set} = step.edit;
		return [
			`Edits ${code(file)} (${format}); the diff is shown before the file is written.`,
			table(
				['path', 'new value'],
				Object.entries(set).map(([path, value]) => [cell(code(path)), codeOrDash(value)]),
			),
		];
	},
	schemaNotes: {
		title: 'edit step',
		description: 'Set values in a JSON or YAML file; the diff is shown before writing. Mutating.',
		fields: {
			file: 'The JSON or YAML file to change.',
			format: 'json or yaml (default: from the file name).',
			set: 'Dotted path → new value, such as "dynamodb.table_name": restored.',
		},
	},
	executor: async () => (await import('../steps/edit.js')).runEdit,
} satisfies KindDefinition<'edit', z.output<typeof editBodySchema>>;
