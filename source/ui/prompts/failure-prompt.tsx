import {Box, Text} from 'ink';
import type {QuestionOf} from '../../engine/questions.js';
import {theme} from '../theme.js';
import {Choices, type Choice} from './choices.js';
import {useQuitKey} from './use-quit-key.js';

type Props = {
	readonly question: QuestionOf<'failure'>;
	readonly operator: string | null;
	readonly onAnswer: (value: unknown, by: string | null) => void;
	readonly onQuit: () => void;
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
export function FailurePrompt({question, operator, onAnswer, onQuit}: Props) {
	useQuitKey(onQuit);
	// The headline, then the newest of the command's last lines: the one that says what went wrong.
	const [headline = '', ...rest] = question.error.message.split('\n');
	const hidden = Math.max(0, rest.length - errorLines);
	const lines = [headline, ...rest.slice(hidden)];
	return (
		<Box flexDirection="column">
			<Text color={theme.danger}>
				✘ {question.title} ({question.key}) failed{question.attempts > 1 ? ` after ${question.attempts} attempts` : ''}
				{question.error.code ? ` [${question.error.code}]` : ''}:
			</Text>
			<Box flexDirection="column" paddingLeft={2}>
				<Text>{lines[0]}</Text>
				{hidden > 0 ? <Text color={theme.muted}>… {hidden} earlier line{hidden === 1 ? '' : 's'} (all in the run's log)</Text> : null}
				{lines.slice(1).map((line, index) => (
					<Text key={index} wrap="truncate-end">
						{line}
					</Text>
				))}
			</Box>
			<Choices choices={choices} onChoose={value => (value === 'quit' ? onQuit() : onAnswer(value, operator))} />
			<Text color={theme.muted}>↑/↓ move, Enter chooses; q quits</Text>
		</Box>
	);
}
