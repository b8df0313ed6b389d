import {z} from 'zod';
import {code, literal} from '../runbook/markdown.js';
import {describe, expressionSchema, nameSchema} from '../runbook/schema.js';
import type {Step, StepBase} from '../runbook/types.js';
import type {KindDefinition} from './definition.js';

/** Runs nested steps for each item of a list, `concurrency` items at a time. */
export type ForeachStep = StepBase & {
	readonly kind: 'foreach';
	readonly foreach: {
		readonly items: string | readonly unknown[];
		readonly as: string;
		/** A number, or an expression giving one (evaluated when the foreach starts). */
		readonly concurrency: number | string;
		/** Items per chunk: with it, `item` is a list of up to this many items. */
		readonly batch?: number;
		readonly steps: readonly Step[];
	};
};

/** Names expressions read by themselves: a foreach's `as` may not hide one. */
const reservedNames = ['inputs', 'vars', 'env', 'run', 'steps', 'result', 'index'];

const foreachFields = {
	items: describe(z.union([expressionSchema, z.array(z.unknown())]), 'The list to loop over'),
	as: nameSchema.optional(),
	concurrency: z.union([z.int().min(1).max(64), expressionSchema]).optional(),
	batch: z.int().min(1).max(10_000).optional(),
};

/** The foreach body as the loader checks it: nested steps are checked one by one. */
export const foreachBodySchema = z.strictObject({
	...foreachFields,
	steps: z.array(z.unknown()).min(1, {error: 'a foreach needs at least one step'}),
});

/** The foreach kind. */
export const foreach = {
	kind: 'foreach',
	body: foreachBodySchema,
	documentBody: rawStep =>
		z.strictObject({
			...foreachFields,
			get steps(): z.ZodArray<z.ZodType> {
				return z.array(rawStep).min(1);
			},
		}),
	build(body, {base, path, buildSteps}) {
		const steps = buildSteps(body.steps, [...path, 'foreach', 'steps']);
		return {
			...base,
			kind: 'foreach',
			foreach: {items: body.items, as: body.as ?? 'item', concurrency: body.concurrency ?? 1, ...(body.batch ? {batch: body.batch} : {}), steps},
		};
	},
	check(step, {path, expressions, checker, report}) {
		const items = step.foreach.items;
		if (typeof items === 'string') checker.field([...path, 'foreach', 'items'], items, expressions);
		else checker.deep([...path, 'foreach', 'items'], items, expressions);
		if (typeof step.foreach.concurrency === 'string') checker.field([...path, 'foreach', 'concurrency'], step.foreach.concurrency, expressions);
		if (reservedNames.includes(step.foreach.as)) {
			report([...path, 'foreach', 'as'], `step '${step.id}': '${step.foreach.as}' is a reserved name; choose another for \`as\``);
		}
	},
	async request() {
		return {};
	},
	sideEffect: 'read-only',
	operatorQuestion: undefined,
	docs(step) {
		const {items, as, concurrency, batch} = step.foreach;
		const list = typeof items === 'string' ? code(items) : items.map(item => code(literal(item))).join(', ');
		const count = step.foreach.steps.length;
		const unit = batch ? 'chunk' : 'item';
		const pace =
			typeof concurrency === 'string' ? `${code(concurrency)} ${unit}s at a time` : concurrency === 1 ? `one ${unit} at a time` : `${concurrency} ${unit}s at a time`;
		return [
			`**For each ${batch ? `chunk of up to ${batch} items` : 'item'} of** ${list}, named ${code(as)}${batch ? ' (a list)' : ''} (its position: ${code('index')}), ` +
				`${pace}, ` +
				`the ${count} step${count === 1 ? '' : 's'} below run in order.`,
		];
	},
	nesting: {
		steps: step => step.foreach.steps,
		names: step => [step.foreach.as, 'index'],
	},
	schemaNotes: {
		title: 'foreach step',
		description: 'Run nested steps for each item of a list; progress is recorded per item.',
		fields: {
			items: 'The list to loop over: an expression or a literal list.',
			as: 'Name nested steps read the current item by (default item); index is its position.',
			concurrency: 'How many items (or chunks) run at once, 1 to 64 (default 1): a number or an expression.',
			batch: 'Take the items in chunks of this many: `item` is then a list; progress is recorded per chunk.',
			steps: 'The steps run for each item.',
		},
	},
	executor: async () => {
		throw new Error('a foreach is driven by the engine, not executed');
	},
} satisfies KindDefinition<'foreach', z.output<typeof foreachBodySchema>>;
