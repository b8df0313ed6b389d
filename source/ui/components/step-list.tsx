import {Box, Text} from 'ink';
import type {RunState, StepState} from '../../engine/state.js';
import type {Step} from '../../runbook/types.js';
import {fit, shortDuration} from '../format.js';
import {theme} from '../theme.js';

type Props = {
	readonly steps: readonly Step[];
	readonly state: RunState;
	/** The step the panel shows. */
	readonly current: string | undefined;
	readonly rows: number;
	readonly width: number;
	readonly now: number;
};

/** The mark of a step's status: ✔ done, ▶ running, ? waiting for an answer, ✘ failed ... */
export function statusMark(step: StepState | undefined, asking: boolean): {mark: string; color: string | undefined} {
	if (asking) return {mark: '?', color: theme.accent};
	switch (step?.status ?? 'pending') {
		case 'succeeded':
			return {mark: '✔', color: theme.success};
		case 'failed':
			return {mark: '✘', color: theme.danger};
		case 'skipped':
			return {mark: step?.skipReason === 'dry-run' ? '◌' : '↷', color: theme.muted};
		case 'running':
			return {mark: '▶', color: theme.accent};
		case 'interrupted':
			return {mark: '⏸', color: theme.warning};
		default:
			return {mark: '○', color: theme.muted};
	}
}

/** Which of the steps the list shows in `rows` rows: a window centred on the current one. */
export function stepWindow(steps: readonly Step[], current: string | undefined, rows: number): {first: number; size: number} {
	const index = Math.max(0, steps.findIndex(step => step.id === current));
	const size = Math.max(1, Math.min(rows, steps.length));
	return {first: Math.min(Math.max(0, index - Math.floor(size / 2)), steps.length - size), size};
}

/** The rule above the step list: where it shows part of the steps, which ("─ steps 3–7 of 12 ───"). */
export function stepsRule(steps: readonly Step[], current: string | undefined, rows: number, width: number): string {
	const {first, size} = stepWindow(steps, current, rows);
	if (size >= steps.length) return '─'.repeat(width);
	const label = size === 1 ? `─ step ${first + 1} of ${steps.length} ` : `─ steps ${first + 1}–${first + size} of ${steps.length} `;
	return label.length >= width ? '─'.repeat(width) : `${label}${'─'.repeat(width - label.length)}`;
}

/** The runbook's steps with marks and durations: a window around the current one on long runbooks. */
export function StepList({steps, state, current, rows, width, now}: Props) {
	const {first, size} = stepWindow(steps, current, rows);
	const asking = new Set(Object.values(state.questions).map(question => question.key.split(/[[.]/)[0]));
	return (
		<Box flexDirection="column">
			{steps.slice(first, first + size).map((step, offset) => {
				const recorded = state.steps[step.id];
				const {mark, color} = statusMark(recorded, asking.has(step.id));
				const took = recorded?.startedAt ? shortDuration((recorded.endedAt ? Date.parse(recorded.endedAt) : now) - Date.parse(recorded.startedAt)) : '';
				const items = recorded?.items ? ` ${Object.keys(state.steps).filter(key => key.startsWith(`${step.id}[`) && state.steps[key]?.status === 'succeeded').length}/${recorded.items.length * (step.kind === 'foreach' ? step.foreach.steps.length : 1)}` : '';
				const here = step.id === current;
				const position = first + offset + 1;
				const label = fit(`${position}. ${shownTitle(step.title, recorded?.request)}${items}`, width - took.length - 4);
				return (
					<Box key={step.id} justifyContent="space-between" width={width}>
						<Text bold={here} color={here ? theme.accent : undefined}>
							<Text color={color}>{mark}</Text> {label}
						</Text>
						<Text color={theme.muted}>{took}</Text>
					</Box>
				);
			})}
		</Box>
	);
}

/** A step's title as its request recorded it, values in place, once it started ("Read Lpas", not "Read ${{ inputs.table }}"). */
export function shownTitle(title: string, request: unknown): string {
	const recorded = typeof request === 'object' && request !== null ? (request as {title?: unknown}).title : undefined;
	return typeof recorded === 'string' ? recorded : title;
}
