import {own} from '../records.js';
import {ExpressionSyntaxError} from '../expressions/errors.js';
import {analyseExpression} from '../expressions/references.js';
import {fieldExpressions, hasExpression, templateExpressions, type Embedded} from '../expressions/template.js';
import {didYouMean} from './suggest.js';
import type {Path, YamlSource} from './yaml-source.js';
import type {Problem, Runbook, Step} from './types.js';

/** The functions expressions may call: JSONata's own and belay's `$date`. */
const knownFunctions = new Set(
	(
		'sum count max min average string substring substringBefore substringAfter lowercase uppercase length trim pad ' +
		'match contains replace split join formatNumber formatBase formatInteger parseInteger number floor ceil round abs ' +
		'sqrt power random boolean not map zip filter single reduce sift keys lookup append exists spread merge reverse ' +
		'each error assert type sort shuffle distinct base64encode base64decode encodeUrlComponent encodeUrl ' +
		'decodeUrlComponent decodeUrl eval toMillis fromMillis clone now millis date'
	).split(' '),
);

const envFields = ['name', 'account', 'region', 'profile', 'roleArn', 'protected', 'description'];
const runFields = ['id', 'startedAt', 'operator', 'pair', 'dryRun', 'runbook', 'environment'];
const stepFields = ['status', 'value', 'result', 'outputs', 'attempts', 'startedAt', 'endedAt', 'error'];

/** What an expression may read at one place of the runbook. */
export type ExpressionContext = {
	/** Steps an expression here may read, by id. */
	readonly visible: ReadonlyMap<string, Step>;
	/** The step the expression belongs to, if any. */
	readonly self?: Step;
	/** Names beyond inputs, vars, env, run, steps: result, item, index, a foreach's `as`. */
	readonly extra: ReadonlySet<string>;
	/** Vars that may be read here (all of them in steps; earlier ones while computing vars). */
	readonly vars: ReadonlySet<string>;
	/** Inputs that may be read here. */
	readonly inputs: ReadonlySet<string>;
	readonly withSteps: boolean;
};

/** Every step of a runbook by id, nested ones included: where it is and in which order. */
export type StepIndex = {
	readonly all: Map<string, {step: Step; insideForeach?: string; order: number}>;
};

/** Parses the expressions of a field and checks every name they read against the context. */
export class ExpressionChecker {
	constructor(
		private readonly runbook: Runbook,
		private readonly source: YamlSource,
		private readonly index: StepIndex,
		private readonly problems: Problem[],
		private readonly brokenIds: ReadonlySet<string>,
	) {}

	context(options: {
		inputs: readonly string[];
		vars: readonly string[];
		withSteps: boolean;
		visible?: ReadonlyMap<string, Step>;
		self?: Step;
		extra?: ReadonlySet<string>;
	}): ExpressionContext {
		return {
			inputs: new Set(options.inputs),
			vars: new Set(options.vars),
			withSteps: options.withSteps,
			visible: options.visible ?? new Map(),
			...(options.self ? {self: options.self} : {}),
			extra: options.extra ?? new Set(),
		};
	}

	extend(context: ExpressionContext, names: string[]): ExpressionContext {
		return {...context, extra: new Set([...context.extra, ...names])};
	}

	/** The raw YAML value at a path, to walk every string an author wrote. */
	raw(path: Path): unknown {
		return this.source.valueAt(path);
	}

	/** A text that may hold `${{ }}`. */
	template(path: Path, text: string | undefined, context: ExpressionContext): void {
		if (text === undefined || !hasExpression(text)) return;
		this.each(path, () => templateExpressions(text), context);
	}

	/** An expression field: bare JSONata or `${{ }}`. */
	field(path: Path, text: string | undefined, context: ExpressionContext): void {
		if (text === undefined) return;
		this.each(path, () => fieldExpressions(text), context);
	}

	/** Every string inside a value (mappings and lists walked), and mapping keys with `${{ }}`. */
	deep(path: Path, value: unknown, context: ExpressionContext): void {
		if (typeof value === 'string') this.template(path, value, context);
		else if (Array.isArray(value)) value.forEach((item, position) => this.deep([...path, position], item, context));
		else if (value !== null && typeof value === 'object') {
			for (const [key, item] of Object.entries(value)) {
				if (hasExpression(key)) this.each([...path, key], () => templateExpressions(key), context, 'key');
				this.deep([...path, key], item, context);
			}
		}
	}

	private each(path: Path, extract: () => Embedded[], context: ExpressionContext, where: 'value' | 'key' = 'value'): void {
		const report = (offset: number, message: string): void => this.report(path, offset, message, where);
		let embedded: Embedded[];
		try {
			embedded = extract();
		} catch (error) {
			if (!(error instanceof ExpressionSyntaxError)) throw error;
			report(error.offset, error.message);
			return;
		}
		for (const expression of embedded) {
			let analysis: ReturnType<typeof analyseExpression>;
			try {
				analysis = analyseExpression(expression.source);
			} catch (error) {
				if (!(error instanceof ExpressionSyntaxError)) throw error;
				report(expression.offset + error.offset, error.message);
				continue;
			}
			for (const call of analysis.calls) {
				if (!knownFunctions.has(call.name)) {
					report(
						expression.offset + call.offset,
						`unknown function '$${call.name}'${didYouMean(`$${call.name}`, [...knownFunctions].map(name => `$${name}`))}`,
					);
				}
			}
			// JSONata reads `steps.restore-table` as `steps.restore - table`: one mistake, reported once.
			let dashedUntil = -1;
			for (const reference of analysis.references) {
				if (reference.offset < dashedUntil) continue;
				const dashed = this.dashedStepId(expression.source, reference);
				if (dashed) {
					dashedUntil = dashed.end;
					report(
						expression.offset + reference.offset,
						`a step id with a dash must be quoted in backticks in an expression: write steps.\`${dashed.id}\` (JSONata reads '-' as minus)`,
					);
					continue;
				}
				const message = this.checkReference(reference.root, reference.path, context);
				if (message) report(expression.offset + reference.offset, message);
			}
		}
	}

	/** `steps.restore-table…` where `restore-table` is a step id: the id and where it ends in the expression. */
	private dashedStepId(source: string, reference: {root: string; path: readonly string[]; offset: number}): {id: string; end: number} | undefined {
		if (reference.root !== 'steps' || reference.path[0] === undefined) return undefined;
		const match = /^steps\s*\.\s*([a-z][a-z0-9]*(?:\s*-\s*[a-z0-9]+)+)/.exec(source.slice(reference.offset));
		if (!match) return undefined;
		const written = match[1]!;
		const id = written.replace(/\s+/g, '');
		if (id === reference.path[0] || !this.index.all.has(id)) return undefined;
		return {id, end: reference.offset + match[0].length};
	}

	private checkReference(root: string, path: readonly string[], context: ExpressionContext): string | undefined {
		const [first, second, third] = path;
		switch (root) {
			case 'inputs':
				if (first !== undefined && !context.inputs.has(first)) {
					const declared = Object.keys(this.runbook.inputs);
					return declared.includes(first)
						? `input '${first}' is declared after this one; a default can read only earlier inputs`
						: `unknown input '${first}'${didYouMean(first, declared)}: declare it under \`inputs:\``;
				}
				return undefined;
			case 'vars':
				if (first !== undefined && !context.vars.has(first)) {
					const declared = Object.keys(this.runbook.vars);
					return declared.includes(first)
						? `var '${first}' is declared later; a var can read only earlier vars`
						: `unknown var '${first}'${didYouMean(first, declared)}: declare it under \`vars:\``;
				}
				return undefined;
			case 'env':
				return first !== undefined && !envFields.includes(first)
					? `env has no field '${first}'${didYouMean(first, envFields)}; it has ${envFields.join(', ')}`
					: undefined;
			case 'run':
				return first !== undefined && !runFields.includes(first)
					? `run has no field '${first}'${didYouMean(first, runFields)}; it has ${runFields.join(', ')}`
					: undefined;
			case 'steps':
				return this.checkStepReference(first, second, third, context);
			default:
				if (context.extra.has(root)) return undefined;
				if (root === 'result') {
					return `'result' is not available here: only outputs, wait conditions and select items read a step's result`;
				}
				if (root === 'error') {
					return `'error' is available only in a wait's until, failWhen, progress and message (the poll's failed call)`;
				}
				if (root === 'item' || root === 'index') {
					return `'${root}' is available only inside a foreach`;
				}
				return `unknown name '${root}'; expressions read ${['inputs', 'vars', 'env', 'run', 'steps', ...context.extra].join(', ')}${didYouMean(root, ['inputs', 'vars', 'env', 'run', 'steps', ...context.extra])}`;
		}
	}

	private checkStepReference(
		id: string | undefined,
		field: string | undefined,
		output: string | undefined,
		context: ExpressionContext,
	): string | undefined {
		if (id === undefined || this.brokenIds.has(id)) return undefined;
		if (!context.withSteps) return `steps cannot be read here: inputs and vars are settled before any step runs`;
		const target = context.visible.get(id);
		if (!target) {
			const known = this.index.all.get(id);
			if (!known) return `unknown step '${id}'${didYouMean(id, this.index.all.keys())}`;
			if (context.self?.id === id) return `step '${id}' cannot read itself; outputs and wait conditions read \`result\``;
			if (known.insideForeach && !context.visible.has(id)) {
				const self = context.self ? this.index.all.get(context.self.id) : undefined;
				if (!self || self.order < known.order) return `step '${id}' comes later; an expression can read only earlier steps`;
				return `step '${id}' is inside foreach '${known.insideForeach}'; read steps.${known.insideForeach}.result (one entry per item)`;
			}
			return `step '${id}' comes later; an expression can read only earlier steps`;
		}
		if (field !== undefined && !stepFields.includes(field)) {
			return `steps.${id} has no field '${field}'${didYouMean(field, stepFields)}; it has ${stepFields.join(', ')}`;
		}
		if (field === 'outputs' && output !== undefined && own(target.outputs, output) === undefined) {
			const declared = Object.keys(target.outputs);
			return `step '${id}' has no output '${output}'${didYouMean(output, declared)}${declared.length ? `; it has ${declared.join(', ')}` : ': declare it under the step\'s `outputs:`'}`;
		}
		return undefined;
	}

	/** A problem at character `offset` of the string value at a path (a kind's own check of a text). */
	reportAt(path: Path, offset: number, message: string): void {
		this.report(path, offset, message);
	}

	private report(path: Path, offset: number, message: string, where: 'value' | 'key' = 'value'): void {
		const position = where === 'key' ? this.source.positionInKey(path, offset) : this.source.positionInScalar(path, offset);
		this.problems.push(this.source.problem(position, message));
	}
}
