import {ExpressionSyntaxError} from '../expressions/errors.js';
import {hasExpression} from '../expressions/template.js';
import type {ExpressionChecker} from '../runbook/expression-checker.js';
import type {Path} from '../runbook/yaml-source.js';
import type {Scalar} from '../runbook/types.js';
import {shellParts} from '../steps/shell-context.js';
import {unsafeMessage} from '../steps/shell-unsafe.js';
import type {Report} from './definition.js';

/** Environment variables whose value bash runs: a startup file, a prompt, an exported function. */
const codeVariables = /^(BASH_ENV|ENV|PS4|PROMPT_COMMAND|BASH_FUNC_.+)$/;

/**
 * The static checks of a shell step's text: every `${{ }}` must stand where bash takes the value as
 * text (see `shellParts`); each one that does not is reported at its `${{`, with the safe form.
 * `short`: the step is written `shell: TEXT`, not `shell: {run: TEXT}`.
 */
export function checkShellRun(run: string, short: boolean, path: Path, checker: ExpressionChecker): void {
	const runPath = short ? [...path, 'shell'] : [...path, 'shell', 'run'];
	const label = short ? 'shell' : 'shell.run';
	const nul = run.indexOf('\0');
	if (nul >= 0) checker.reportAt(runPath, nul, `${label}: the text holds a NUL byte, where bash would stop reading the script; remove it`);
	let parts: ReturnType<typeof shellParts>;
	try {
		parts = shellParts(run);
	} catch (error) {
		// A `${{ }}` that does not parse is reported by the expression checks.
		if (error instanceof ExpressionSyntaxError) return;
		throw error;
	}
	for (const part of parts) {
		if (part.kind === 'value' && part.place.kind === 'unsafe') {
			checker.reportAt(runPath, part.start, `${label}: ${unsafeMessage(part.place.why, part.source)}`);
		}
	}
}

/** An env entry bash runs as code cannot take a value: its text would be code. */
export function checkShellEnv(env: Readonly<Record<string, Scalar>>, path: Path, report: Report): void {
	for (const [name, value] of Object.entries(env)) {
		if (typeof value !== 'string' || !hasExpression(value) || !codeVariables.test(name)) continue;
		report(
			[...path, 'shell', 'env', name],
			`shell.env.${name}: bash runs what ${name} holds or names (a startup file, a prompt, a function), so a value there could run commands; pass the value under another name`,
		);
	}
}
