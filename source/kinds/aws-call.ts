import YAML from 'yaml';
import type {z} from 'zod';
import {awsCatalog, awsServices, canonicalCommand, commandInfo} from '../aws/catalog.js';
import {evaluateTemplate, resolveValue, type EvaluationOptions, type Scope} from '../expressions/evaluate.js';
import {hasExpression} from '../expressions/template.js';
import type {ExpressionChecker, ExpressionContext} from '../runbook/expression-checker.js';
import {code, fence} from '../runbook/markdown.js';
import type {awsCallSchema} from '../runbook/schema.js';
import {didYouMean} from '../runbook/suggest.js';
import type {AwsCall} from '../runbook/types.js';
import type {Path} from '../runbook/yaml-source.js';
import type {Report} from './definition.js';

/**
 * An AWS call inside a step (an aws step, a wait's poll, a select's `from`): built, checked,
 * resolved and documented the same way wherever it stands.
 */

/** The typed call from its checked YAML: the command named canonically, defaults filled in. */
export function awsCall(call: z.output<typeof awsCallSchema>): AwsCall {
	return {
		service: call.service,
		command: canonicalCommand(call.service, call.command),
		input: call.input ?? {},
		...(call.region ? {region: call.region} : {}),
		paginate: call.paginate ?? false,
	};
}

/** Checks the service, command, input fields and pagination against the catalog, and the expressions. */
export function checkAwsCall(
	path: Path,
	call: AwsCall,
	context: ExpressionContext,
	checker: ExpressionChecker,
	report: Report,
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
					// A key with `${{ }}` is known only when the step runs: the call checks it against the SDK's shape.
					if (!info.input.includes(key) && !hasExpression(key)) {
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

/** The call with its input and region evaluated. */
export async function resolveAwsCall(call: AwsCall, scope: Scope, options: EvaluationOptions): Promise<Record<string, unknown>> {
	return {
		service: call.service,
		command: call.command,
		input: await resolveValue(call.input, scope, options),
		...(call.region ? {region: await evaluateTemplate(call.region, scope, options)} : {}),
		...(call.paginate ? {paginate: true} : {}),
	};
}

/** An AWS call: service and command, then its input as YAML. */
export function awsCallBlock(call: AwsCall): string {
	const extra = [
		...(call.region !== undefined ? [`region ${code(call.region)}`] : []),
		...(call.paginate ? ['every page read and merged'] : []),
	];
	const head = `**AWS call:** service ${code(call.service)}, command ${code(call.command)}${extra.map(text => `, ${text}`).join('')}`;
	if (Object.keys(call.input).length === 0) return `${head}, no input.`;
	return `${head}, with input:\n\n${fence(YAML.stringify(call.input, {lineWidth: 0}), 'yaml')}`;
}
