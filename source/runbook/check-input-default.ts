import {hasExpression} from '../expressions/template.js';
import type {Path} from './yaml-source.js';

/**
 * Checks a literal default of an input (a runbook input or an input step) against its type, its
 * enum and its pattern, and each enum value against the type. A default with `${{ }}` is checked
 * when it is computed.
 */
export function checkInputDefault(
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
