import {definitionOf} from '../kinds/table.js';
import {formatDuration} from './duration.js';
import {cell, code, joinBlocks, literal, table} from './markdown.js';
import {isMutatingStep} from './side-effect.js';
import type {Runbook, Step} from './types.js';

export {awsCallBlock} from '../kinds/aws-call.js';

/** How the docs read a step's side effect. */
export function sideEffectLabel(step: Step): string {
	return isMutatingStep(step) ? 'mutating' : 'read-only';
}

/** Every step, numbered 1, 2, ... and 3.1, 3.2 ... inside a foreach, as Markdown sections. */
export function renderSteps(runbook: Runbook): string[] {
	const out: string[] = [];
	const visit = (steps: readonly Step[], prefix: string, depth: number): void => {
		steps.forEach((step, index) => {
			const number = `${prefix}${index + 1}`;
			out.push(renderStep(step, number, depth, runbook));
			const nested = nestedSteps(step);
			if (nested) visit(nested, `${number}.`, depth + 1);
		});
	};
	visit(runbook.steps, '', 0);
	return out;
}

/** One row per step, nested steps included: the run at a glance. */
export function stepOverview(runbook: Runbook): string {
	const rows: string[][] = [];
	const visit = (steps: readonly Step[], prefix: string): void => {
		steps.forEach((step, index) => {
			const number = `${prefix}${index + 1}`;
			rows.push([number, cell(step.title), cell(code(step.id)), step.kind, sideEffectLabel(step)]);
			const nested = nestedSteps(step);
			if (nested) visit(nested, `${number}.`);
		});
	};
	visit(runbook.steps, '');
	return table(['#', 'step', 'id', 'kind', 'side effect'], rows);
}

/** The steps a step holds (a foreach's), numbered under it. */
function nestedSteps(step: Step): readonly Step[] | undefined {
	return definitionOf(step).nesting?.steps(step);
}

function renderStep(step: Step, number: string, depth: number, runbook: Runbook): string {
	const heading = '#'.repeat(Math.min(3 + depth, 6));
	const parts: string[] = [
		`${heading} ${number.includes('.') ? number : `${number}.`} ${step.title}`,
		`Step ${code(step.id)} · **${step.kind}** · ${sideEffectLabel(step)}${step.readOnly === true ? ' (marked `readOnly`)' : ''}`,
		stepSettings(step).join('\n'),
		step.description?.trimEnd() ?? '',
		...definitionOf(step).docs(step, runbook),
	];
	const outputs = Object.entries(step.outputs);
	if (outputs.length > 0) {
		parts.push(
			`**Outputs** (read as ${code(`steps.${step.id}.outputs.NAME`)}):`,
			table(
				['output', 'expression (over `result`)'],
				outputs.map(([name, expression]) => [cell(code(name)), cell(code(expression))]),
			),
		);
	}
	return joinBlocks(parts);
}

function stepSettings(step: Step): string[] {
	const lines: string[] = [];
	if (step.when !== undefined) lines.push(`- **Runs only when:** ${code(literal(step.when))} (skipped otherwise)`);
	if (step.confirm === true) lines.push('- **Confirm:** asks the operator before running');
	else if (typeof step.confirm === 'string') lines.push(`- **Confirm:** asks the operator: “${step.confirm}”`);
	if (step.confirmText !== undefined) lines.push(`- **Confirm text:** the operator must type ${code(step.confirmText)} to proceed`);
	if (step.retry) {
		const {attempts, delayMs, backoff} = step.retry;
		const growth = backoff > 1 ? `, the delay growing ×${backoff} each time` : '';
		lines.push(`- **Retry:** up to ${attempts} attempts, ${formatDuration(delayMs)} apart${growth}`);
	}
	if (step.timeoutMs !== undefined) lines.push(`- **Timeout:** ${formatDuration(step.timeoutMs)}`);
	if (step.onFailure !== undefined) lines.push(`- **On failure:** ${onFailureText[step.onFailure]}`);
	if (step.idempotent) lines.push('- **Idempotent:** run again automatically when a resumed run finds it interrupted');
	if (step.secret) lines.push('- **Secret:** its value, result and outputs are stored and shown as `***`');
	return lines;
}

const onFailureText = {
	prompt: '`prompt`: ask the operator what to do',
	abort: '`abort`: stop the run',
	continue: '`continue`: go on with the next step',
} as const;
