import YAML from 'yaml';
import {formatDuration} from './duration.js';
import {cell, code, codeOrDash, fence, joinBlocks, literal, table} from './markdown.js';
import {isMutatingStep} from './side-effect.js';
import type {AwsCall, Runbook, Step} from './types.js';

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
			if (step.kind === 'foreach') visit(step.foreach.steps, `${number}.`, depth + 1);
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
			if (step.kind === 'foreach') visit(step.foreach.steps, `${number}.`);
		});
	};
	visit(runbook.steps, '');
	return table(['#', 'step', 'id', 'kind', 'side effect'], rows);
}

function renderStep(step: Step, number: string, depth: number, runbook: Runbook): string {
	const heading = '#'.repeat(Math.min(3 + depth, 6));
	const parts: string[] = [
		`${heading} ${number.includes('.') ? number : `${number}.`} ${step.title}`,
		`Step ${code(step.id)} · **${step.kind}** · ${sideEffectLabel(step)}${step.readOnly === true ? ' (marked `readOnly`)' : ''}`,
		stepSettings(step).join('\n'),
		step.description?.trimEnd() ?? '',
		...kindContent(step, runbook),
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

function kindContent(step: Step, runbook: Runbook): string[] {
	switch (step.kind) {
		case 'manual': {
			const parts: string[] = [];
			if (step.manual.text.trim() !== '') parts.push(step.manual.text.trimEnd());
			if (step.manual.checklist.length > 0) {
				parts.push(
					'Tick every item before going on:',
					step.manual.checklist.map(item => `- [ ] ${item.replace(/\r?\n/g, ' ')}`).join('\n'),
				);
			}
			return parts;
		}
		case 'input': {
			const input = step.input;
			const lines = [`- **Type:** ${input.type}${input.required ? ', required' : ', optional'}`];
			if (input.default !== undefined) lines.push(`- **Default:** ${code(literal(input.default))}`);
			if (input.pattern !== undefined) lines.push(`- **Must match:** ${code(input.pattern)}`);
			if (input.enum) lines.push(`- **One of:** ${input.enum.map(value => code(literal(value))).join(', ')}`);
			if (input.secret) lines.push('- **Secret:** never written to disk or screen in clear');
			return [
				`**Asks:** ${input.prompt ?? step.title}`,
				lines.join('\n'),
				`The answer is read as ${code(`steps.${step.id}.value`)}.`,
			];
		}
		case 'select': {
			const select = step.select;
			const parts = [`**Asks:** ${select.prompt ?? step.title}`];
			if ('options' in select) {
				parts.push(
					table(
						['option', 'value'],
						select.options.map(option => [cell(option.label), codeOrDash(option.value)]),
					),
				);
			} else {
				parts.push(awsCallBlock(select.from));
				const lines = [`- **Items:** ${code(select.items)} (over \`result\`)`];
				if (select.label !== undefined) lines.push(`- **Label:** ${code(select.label)} (over \`item\`)`);
				if (select.value !== undefined) lines.push(`- **Value:** ${code(select.value)} (over \`item\`)`);
				parts.push(lines.join('\n'));
			}
			parts.push(`The choice is read as ${code(`steps.${step.id}.value`)}.`);
			return parts;
		}
		case 'aws':
			return [awsCallBlock(step.aws)];
		case 'wait': {
			const wait = step.wait;
			const lines = [
				`- **Until:** ${code(wait.until)}`,
				...(wait.failWhen !== undefined ? [`- **Fails when:** ${code(wait.failWhen)}`] : []),
				`- **Polls every:** ${formatDuration(wait.intervalMs)}`,
				...(wait.timeoutMs !== undefined ? [`- **Gives up after:** ${formatDuration(wait.timeoutMs)}`] : []),
				...(wait.progress !== undefined ? [`- **Progress (%):** ${code(wait.progress)}`] : []),
				...(wait.message !== undefined ? [`- **Message:** ${code(wait.message)}`] : []),
			];
			return [awsCallBlock(wait.aws), `Polled (expressions are over \`result\`, the latest response):\n\n${lines.join('\n')}`];
		}
		case 'shell': {
			const parts = [fence(step.shell.run, 'sh')];
			const lines: string[] = [];
			if (step.shell.cwd !== undefined) lines.push(`- **Directory:** ${code(step.shell.cwd)}`);
			for (const [name, value] of Object.entries(step.shell.env)) lines.push(`- **Environment:** ${code(`${name}=${literal(value)}`)}`);
			if (lines.length > 0) parts.push(lines.join('\n'));
			return parts;
		}
		case 'approve': {
			const {prompt, by} = step.approve;
			const who =
				by === 'pair'
					? 'the pair (not the operator driving the run)'
					: by === 'any'
						? 'anyone'
						: `one of ${by.map(name => code(name)).join(', ')}`;
			const note = by === 'pair' && runbook.pairing === 'none' ? ' (but the runbook has `pairing: none`)' : '';
			return [
				...(prompt !== undefined ? [`**Asks:** ${prompt}`] : []),
				`**Approved by:** ${who}${note}. The approver's name and the time are recorded.`,
			];
		}
		case 'edit': {
			const {file, format, set} = step.edit;
			return [
				`Edits ${code(file)} (${format}); the diff is shown before the file is written.`,
				table(
					['path', 'new value'],
					Object.entries(set).map(([path, value]) => [cell(code(path)), codeOrDash(value)]),
				),
			];
		}
		case 'foreach': {
			const {items, as, concurrency} = step.foreach;
			const list = typeof items === 'string' ? code(items) : items.map(item => code(literal(item))).join(', ');
			const count = step.foreach.steps.length;
			return [
				`**For each item of** ${list}, named ${code(as)} (its position: ${code('index')}), ` +
					`${concurrency === 1 ? 'one item at a time' : `${concurrency} items at a time`}, ` +
					`the ${count} step${count === 1 ? '' : 's'} below run in order.`,
			];
		}
	}
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
