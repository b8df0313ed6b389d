import {awsCatalog, awsServices, commandInfo} from '../aws/catalog.js';
import {ExpressionSyntaxError} from '../expressions/errors.js';
import {analyseExpression} from '../expressions/references.js';
import {fieldExpressions, hasExpression, templateExpressions, type Embedded} from '../expressions/template.js';
import {stepPaths} from './step-paths.js';
import {didYouMean} from './suggest.js';
import type {Path, YamlSource} from './yaml-source.js';
import type {AwsCall, Problem, Runbook, Step} from './types.js';

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
const reservedNames = ['inputs', 'vars', 'env', 'run', 'steps', 'result', 'index'];

/** What an expression may read at one place of the runbook. */
type Context = {
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

type Index = {
	readonly all: Map<string, {step: Step; insideForeach?: string; order: number}>;
};

/** The checks that need the whole typed runbook: ids, AWS names, expressions and what they read. */
export function checkRunbook(
	runbook: Runbook,
	source: YamlSource,
	problems: Problem[],
	brokenIds: ReadonlySet<string> = new Set(),
): void {
	const report = (path: Path, message: string, key = false): void => {
		problems.push(source.problem(key ? source.keyPosition(path) : source.valuePosition(path), message));
	};
	const index: Index = {all: new Map()};
	let order = 0;
	const register = (steps: readonly Step[], insideForeach?: string): void => {
		for (const step of steps) {
			const path = stepPaths.get(step)!;
			const seen = index.all.get(step.id);
			if (seen) {
				report(
					[...path, 'id'],
					`duplicate step id '${step.id}' (first used at line ${seen.step.position.line}); step ids must be unique in a runbook`,
				);
			} else {
				index.all.set(step.id, {step, ...(insideForeach ? {insideForeach} : {}), order: order++});
			}
			if (step.kind === 'foreach') register(step.foreach.steps, step.id);
		}
	};
	register(runbook.steps);

	const allVars = new Set([
		...Object.keys(runbook.vars),
		...Object.values(runbook.environments).flatMap(environment => Object.keys(environment.vars)),
	]);
	const inputNames = Object.keys(runbook.inputs);
	const checker = new ExpressionChecker(runbook, source, index, problems, brokenIds);

	// Inputs: defaults may read env, run and earlier inputs.
	inputNames.forEach((name, position) => {
		const input = runbook.inputs[name]!;
		const context = checker.context({inputs: inputNames.slice(0, position), vars: [], withSteps: false});
		checker.deep(['inputs', name, 'default'], input.default, context);
		checkInputDefault(['inputs', name], input, report);
	});
	// Vars: computed in order, may read inputs, env, run and earlier vars.
	const varNames = Object.keys(runbook.vars);
	varNames.forEach((name, position) => {
		const context = checker.context({inputs: inputNames, vars: varNames.slice(0, position), withSteps: false});
		checker.deep(['vars', name], runbook.vars[name], context);
	});
	for (const environment of Object.values(runbook.environments)) {
		const context = checker.context({inputs: inputNames, vars: varNames, withSteps: false});
		for (const [name, value] of Object.entries(environment.vars)) {
			checker.deep(['environments', environment.name, 'vars', name], value, context);
		}
	}

	// Steps, in order: each may read the steps before it.
	const walk = (steps: readonly Step[], outer: Map<string, Step>, extra: Set<string>): void => {
		const visible = new Map(outer);
		for (const step of steps) {
			const path = stepPaths.get(step)!;
			const context = checker.context({inputs: inputNames, vars: [...allVars], withSteps: true, visible, self: step, extra});
			checkStep(step, path, context, checker, report, runbook);
			if (step.kind === 'foreach') {
				const inner = new Set([...extra, step.foreach.as, 'index']);
				if (reservedNames.includes(step.foreach.as)) {
					report([...path, 'foreach', 'as'], `step '${step.id}': '${step.foreach.as}' is a reserved name; choose another for \`as\``);
				}
				walk(step.foreach.steps, new Map(visible), inner);
			}
			visible.set(step.id, step);
		}
	};
	walk(runbook.steps, new Map(), new Set());
}

function checkInputDefault(
	path: Path,
	input: {type: string; default?: unknown; enum?: readonly unknown[]; pattern?: string},
	report: (path: Path, message: string) => void,
): void {
	const value = input.default;
	if (value === undefined || (typeof value === 'string' && hasExpression(value))) return;
	if (typeof value !== input.type) {
		report([...path, 'default'], `default ${JSON.stringify(value)} is not a ${input.type}; make it one or change \`type\``);
		return;
	}
	if (input.enum && !input.enum.includes(value)) {
		report(
			[...path, 'default'],
			`default ${JSON.stringify(value)} is not one of the enum values: ${input.enum.map(option => JSON.stringify(option)).join(', ')}`,
		);
	}
	if (input.pattern && typeof value === 'string' && !new RegExp(input.pattern).test(value)) {
		report([...path, 'default'], `default ${JSON.stringify(value)} does not match the pattern ${input.pattern}`);
	}
	for (const [position, option] of (input.enum ?? []).entries()) {
		if (typeof option !== input.type) report([...path, 'enum', position], `enum value ${JSON.stringify(option)} is not a ${input.type}`);
	}
}

function checkStep(
	step: Step,
	path: Path,
	context: Context,
	checker: ExpressionChecker,
	report: (path: Path, message: string, key?: boolean) => void,
	runbook: Runbook,
): void {
	const withResult = checker.extend(context, ['result']);
	for (const field of ['title', 'description', 'confirmText'] as const) checker.template([...path, field], step[field], context);
	if (typeof step.confirm === 'string') checker.template([...path, 'confirm'], step.confirm, context);
	if (typeof step.when === 'string') checker.field([...path, 'when'], step.when, context);
	for (const [name, expression] of Object.entries(step.outputs)) {
		checker.field([...path, 'outputs', name], expression, withResult);
	}
	switch (step.kind) {
		case 'manual':
			checker.deep([...path, 'manual'], checker.raw([...path, 'manual']), context);
			checker.deep([...path, 'checklist'], checker.raw([...path, 'checklist']), context);
			return;
		case 'input':
			checker.deep([...path, 'input'], checker.raw([...path, 'input']), context);
			checkInputDefault([...path, 'input'], step.input, report);
			return;
		case 'select': {
			const select = step.select;
			if ('options' in select) {
				checker.deep([...path, 'select'], checker.raw([...path, 'select']), context);
				return;
			}
			checker.template([...path, 'select', 'prompt'], select.prompt, context);
			checkAwsCall([...path, 'select', 'from'], select.from, context, checker, report);
			checker.field([...path, 'select', 'items'], select.items, withResult);
			const withItem = checker.extend(context, ['item']);
			checker.field([...path, 'select', 'label'], select.label, withItem);
			checker.field([...path, 'select', 'value'], select.value, withItem);
			return;
		}
		case 'aws':
			checkAwsCall([...path, 'aws'], step.aws, context, checker, report);
			return;
		case 'wait':
			checkAwsCall([...path, 'wait', 'aws'], step.wait.aws, context, checker, report);
			checker.field([...path, 'wait', 'until'], step.wait.until, withResult);
			checker.field([...path, 'wait', 'failWhen'], step.wait.failWhen, withResult);
			checker.field([...path, 'wait', 'progress'], step.wait.progress, withResult);
			checker.template([...path, 'wait', 'message'], step.wait.message, withResult);
			return;
		case 'shell':
		case 'edit':
		case 'approve':
			checker.deep([...path, step.kind], checker.raw([...path, step.kind]), context);
			if (step.kind === 'approve' && step.approve.by === 'pair' && runbook.pairing === 'none') {
				report(
					[...path, 'approve', 'by'],
					`step '${step.id}': approval by the pair, but the runbook has \`pairing: none\`; use \`by: any\` or set pairing`,
				);
			}
			return;
		case 'foreach': {
			const items = step.foreach.items;
			if (typeof items === 'string') checker.field([...path, 'foreach', 'items'], items, context);
			else checker.deep([...path, 'foreach', 'items'], items, context);
			return;
		}
	}
}

function checkAwsCall(
	path: Path,
	call: AwsCall,
	context: Context,
	checker: ExpressionChecker,
	report: (path: Path, message: string, key?: boolean) => void,
): void {
	const service = awsCatalog[call.service];
	if (!service) {
		report(
			[...path, 'service'],
			`unknown AWS service '${call.service}'${didYouMean(call.service, awsServices)}; supported: ${awsServices.join(', ')}`,
		);
	} else {
		const info = commandInfo(call.service, call.command);
		if (!info) {
			report(
				[...path, 'command'],
				`${call.service} has no command '${call.command}'${didYouMean(call.command, Object.keys(service.commands))}; write the SDK v3 command name without the Command suffix`,
			);
		} else {
			if (info.input) {
				for (const key of Object.keys(call.input)) {
					if (!info.input.includes(key)) {
						report(
							[...path, 'input', key],
							`${call.service} ${call.command} has no input field '${key}'${didYouMean(key, info.input)}`,
							true,
						);
					}
				}
			}
			if (call.paginate && !info.paginate) {
				report([...path, 'paginate'], `${call.service} ${call.command} cannot be paginated: it has no paginator in the SDK`);
			}
		}
	}
	checker.deep([...path, 'input'], call.input, context);
	checker.template([...path, 'region'], call.region, context);
}

/** Parses the expressions of a field and checks every name they read against the context. */
class ExpressionChecker {
	constructor(
		private readonly runbook: Runbook,
		private readonly source: YamlSource,
		private readonly index: Index,
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
	}): Context {
		return {
			inputs: new Set(options.inputs),
			vars: new Set(options.vars),
			withSteps: options.withSteps,
			visible: options.visible ?? new Map(),
			...(options.self ? {self: options.self} : {}),
			extra: options.extra ?? new Set(),
		};
	}

	extend(context: Context, names: string[]): Context {
		return {...context, extra: new Set([...context.extra, ...names])};
	}

	/** The raw YAML value at a path, to walk every string an author wrote. */
	raw(path: Path): unknown {
		const found = this.source.find(path);
		return found.complete ? (found.node as {toJSON?: () => unknown} | undefined)?.toJSON?.() : undefined;
	}

	/** A text that may hold `${{ }}`. */
	template(path: Path, text: string | undefined, context: Context): void {
		if (text === undefined || !hasExpression(text)) return;
		this.each(path, () => templateExpressions(text), context);
	}

	/** An expression field: bare JSONata or `${{ }}`. */
	field(path: Path, text: string | undefined, context: Context): void {
		if (text === undefined) return;
		this.each(path, () => fieldExpressions(text), context);
	}

	/** Every string inside a value (mappings and lists walked). */
	deep(path: Path, value: unknown, context: Context): void {
		if (typeof value === 'string') this.template(path, value, context);
		else if (Array.isArray(value)) value.forEach((item, position) => this.deep([...path, position], item, context));
		else if (value !== null && typeof value === 'object') {
			for (const [key, item] of Object.entries(value)) this.deep([...path, key], item, context);
		}
	}

	private each(path: Path, extract: () => Embedded[], context: Context): void {
		let embedded: Embedded[];
		try {
			embedded = extract();
		} catch (error) {
			if (!(error instanceof ExpressionSyntaxError)) throw error;
			this.report(path, error.offset, error.message);
			return;
		}
		for (const expression of embedded) {
			let analysis: ReturnType<typeof analyseExpression>;
			try {
				analysis = analyseExpression(expression.source);
			} catch (error) {
				if (!(error instanceof ExpressionSyntaxError)) throw error;
				this.report(path, expression.offset + error.offset, error.message);
				continue;
			}
			for (const call of analysis.calls) {
				if (!knownFunctions.has(call.name)) {
					this.report(
						path,
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
					this.report(
						path,
						expression.offset + reference.offset,
						`a step id with a dash must be quoted in backticks in an expression: write steps.\`${dashed.id}\` (JSONata reads '-' as minus)`,
					);
					continue;
				}
				const message = this.checkReference(reference.root, reference.path, context);
				if (message) this.report(path, expression.offset + reference.offset, message);
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

	private checkReference(root: string, path: readonly string[], context: Context): string | undefined {
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
		context: Context,
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
		if (field === 'outputs' && output !== undefined && !(output in target.outputs)) {
			const declared = Object.keys(target.outputs);
			return `step '${id}' has no output '${output}'${didYouMean(output, declared)}${declared.length ? `; it has ${declared.join(', ')}` : ': declare it under the step\'s `outputs:`'}`;
		}
		return undefined;
	}

	private report(path: Path, offset: number, message: string): void {
		const position = this.source.positionInScalar(path, offset);
		this.problems.push(this.source.problem(position, message));
	}
}
