import {evaluateTemplate, stringify, type EvaluationOptions, type Scope} from '../expressions/evaluate.js';
import {definitionOf} from '../kinds/table.js';
import type {Step} from '../runbook/types.js';

export {resolveAwsCall} from '../kinds/aws-call.js';

/**
 * Resolves what a step will do, with every value in place. The result is journaled with
 * step-started before the step acts, shown to the operator, and kept in the run's record.
 */
export async function resolveRequest(
	step: Step,
	scope: Scope,
	options: EvaluationOptions & {cwd: string; runId: string; key: string},
): Promise<Record<string, unknown>> {
	const text = async (value: string | undefined): Promise<string | undefined> =>
		value === undefined ? undefined : stringify(await evaluateTemplate(value, scope, options));
	const common: Record<string, unknown> = {title: await text(step.title)};
	// What the operator reads about the step, with its values in place; as written when a value is not known yet.
	if (step.description !== undefined) common['description'] = await text(step.description).catch(() => step.description);
	if (step.confirmText !== undefined) common['confirmText'] = await text(step.confirmText);
	if (typeof step.confirm === 'string') common['confirm'] = await text(step.confirm);
	return {...common, ...(await definitionOf(step).request(step, {scope, options, text}))};
}
