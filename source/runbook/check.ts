import {definitionOf} from '../kinds/table.js';
import type {Report} from '../kinds/definition.js';
import {checkEndpoints} from './check-endpoints.js';
import {checkSandbox} from './check-sandbox.js';
import {checkInputDefault} from './check-input-default.js';
import {ExpressionChecker, type ExpressionContext, type StepIndex} from './expression-checker.js';
import {stepPaths} from './step-paths.js';
import type {Path, YamlSource} from './yaml-source.js';
import type {Problem, Runbook, Step} from './types.js';

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
	const index: StepIndex = {all: new Map()};
	let order = 0;
	const register = (steps: readonly Step[], insideForeach?: string): void => {
		for (const step of steps) {
			// A duplicate id is reported by duplicateIdProblems (from the YAML, whatever else is wrong); the first one is indexed.
			if (!index.all.has(step.id)) index.all.set(step.id, {step, ...(insideForeach ? {insideForeach} : {}), order: order++});
			const nesting = definitionOf(step).nesting;
			if (nesting) register(nesting.steps(step), step.id);
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
		checkEndpoints(environment, report);
		checkSandbox(environment, report);
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
			const nesting = definitionOf(step).nesting;
			if (nesting) walk(nesting.steps(step), new Map(visible), new Set([...extra, ...nesting.names(step)]));
			visible.set(step.id, step);
		}
	};
	walk(runbook.steps, new Map(), new Set());
}

/** The fields every step has, then what its kind checks. */
function checkStep(
	step: Step,
	path: Path,
	context: ExpressionContext,
	checker: ExpressionChecker,
	report: Report,
	runbook: Runbook,
): void {
	const withResult = checker.extend(context, ['result']);
	for (const field of ['title', 'description', 'confirmText'] as const) checker.template([...path, field], step[field], context);
	if (typeof step.confirm === 'string') checker.template([...path, 'confirm'], step.confirm, context);
	if (typeof step.when === 'string') checker.field([...path, 'when'], step.when, context);
	for (const [name, expression] of Object.entries(step.outputs)) {
		checker.field([...path, 'outputs', name], expression, withResult);
	}
	definitionOf(step).check(step, {path, expressions: context, checker, report, runbook});
}
