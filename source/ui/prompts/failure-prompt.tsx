import {Box, Text} from 'ink';
import type {QuestionOf} from '../../engine/questions.js';
import {clipLines} from '../format.js';
import {theme} from '../theme.js';
import type {Room} from '../layout.js';
import {Choices, type Choice} from './choices.js';
import {useQuitKey} from './use-quit-key.js';

type Props = {
	readonly question: QuestionOf<'failure'>;
	readonly operator: string | null;
	readonly onAnswer: (value: unknown, by: string | null) => void;
	readonly onQuit: () => void;
	/** The rows and columns the prompt may take: fewer of the command's lines, the choices scroll. */
	readonly room?: Room;
};

type Decision = 'retry' | 'skip' | 'continue' | 'abort' | 'quit';

const choices: readonly Choice<Decision>[] = [
	{label: 'Retry (run it again)', value: 'retry'},
	{label: 'Skip (record it as skipped and go on)', value: 'skip'},
	{label: 'Continue (keep going, leaving it failed)', value: 'continue'},
	{label: 'Abort the run', value: 'abort'},
	{label: 'Quit (keep the checkpoint, resume later)', value: 'quit'},
];

/** How many of the command's last lines are shown under the headline. */
const errorLines = 3;

/** A step failed for good: the error, then retry / skip / continue / abort, or quit to resume later. */
export function FailurePrompt({question, operator, onAnswer, onQuit, room}: Props) {
	useQuitKey(onQuit);
	// The headline, then the newest of the command's last lines: the one that says what went wrong.
	const [headline = '', ...rest] = question.error.message.split('\n');
	// The headline whole where it fits (an AWS error names the ARN and the action), its lines cut at
	// the width, two choices and the keys beside it at least.
	const headlineRows = room ? Math.max(1, Math.min(clipLines(headline, room.width - 2, 99).length, room.rows - 4)) : 0;
	const headlineShown = room ? clipLines(headline, room.width - 2, headlineRows) : [headline];
	const fitted = room ? failureRows(room.rows - (headlineShown.length - 1), rest.length) : {lines: Math.min(errorLines, rest.length), marker: rest.length > errorLines, visible: choices.length};
	const hidden = rest.length - fitted.lines;
	const cut = room ? 'truncate-end' : 'wrap';
	return (
		<Box flexDirection="column">
			<Text color={theme.danger} wrap={cut}>
				✘ {question.title} ({question.key}) failed{question.attempts > 1 ? ` after ${question.attempts} attempts` : ''}
				{question.error.code ? ` [${question.error.code}]` : ''}:
			</Text>
			<Box flexDirection="column" paddingLeft={2}>
				{headlineShown.map((line, index) => (
					<Text key={index} wrap={cut}>
						{line}
					</Text>
				))}
				{fitted.marker ? (
					<Text color={theme.muted} wrap={cut}>
						… {hidden} earlier line{hidden === 1 ? '' : 's'} (all in the run's log)
					</Text>
				) : null}
				{rest.slice(hidden).map((line, index) => (
					<Text key={index} wrap="truncate-end">
						{line}
					</Text>
				))}
			</Box>
			<Choices choices={choices} onChoose={value => (value === 'quit' ? onQuit() : onAnswer(value, operator))} visible={fitted.visible} {...(room ? {width: room.width} : {})} />
			<Text color={theme.muted} wrap={cut}>
				↑/↓ move, Enter chooses{fitted.visible < choices.length ? ` (${choices.length} choices, the list scrolls)` : ''}; q quits
			</Text>
		</Box>
	);
}

/**
 * How a failure fits `rows` rows (its title, the headline and the keys line one row each): two
 * choices in sight at least (one where only one fits), then the command's last line, then the other choices, then up to three
 * of its last lines with the count of those left out.
 */
export function failureRows(rows: number, more: number): {lines: number; marker: boolean; visible: number} {
	const free = rows - 3;
	const visible = free < 2 ? 1 : Math.max(2, Math.min(choices.length, free - Math.min(1, more)));
	const left = free - visible;
	if (more <= left) return {lines: Math.min(more, errorLines), marker: more > errorLines, visible};
	if (left >= 2) return {lines: Math.min(left - 1, errorLines), marker: true, visible};
	return {lines: Math.max(0, Math.min(left, more)), marker: false, visible};
}
