import {Box, Text} from 'ink';
import type {QuestionOf} from '../../engine/questions.js';
import {describeRequest} from '../../headless/printer.js';
import {theme} from '../theme.js';
import {Choices, type Choice} from './choices.js';
import {useQuitKey} from './use-quit-key.js';

type Props = {
	readonly question: QuestionOf<'resume'>;
	readonly operator: string | null;
	readonly onAnswer: (value: unknown, by: string | null) => void;
	readonly onQuit: () => void;
};

const choices: readonly Choice<'retry' | 'done' | 'skip'>[] = [
	{label: 'Retry (run it again)', value: 'retry'},
	{label: 'Mark done (it finished; record it as done)', value: 'done'},
	{label: 'Skip (do not run it)', value: 'skip'},
];

/**
 * A step was running when belay stopped: what it does, whether it may have acted already, and
 * retry / mark done / skip.
 */
export function ResumePrompt({question, operator, onAnswer, onQuit}: Props) {
	useQuitKey(onQuit);
	const what = describeRequest(question.request) ?? question.title;
	return (
		<Box flexDirection="column">
			<Text>
				<Text bold>{question.title}</Text> ({question.key}) was interrupted when belay stopped.
			</Text>
			<Text color={theme.muted}>{what}</Text>
			{question.mutating ? (
				<Text color={theme.warning}>⚠ This step changes things, so it may have acted already: check before retrying.</Text>
			) : (
				<Text color={theme.muted}>It only reads: retrying is safe.</Text>
			)}
			{question.endedProcess !== undefined ? (
				<Text color={theme.muted}>Its command (process group {question.endedProcess}) is no longer running.</Text>
			) : null}
			<Text>Attempts so far: {question.attempts}</Text>
			<Choices choices={choices} onChoose={value => onAnswer(value, operator)} />
			<Text color={theme.muted}>↑/↓ move, Enter chooses; q quits</Text>
		</Box>
	);
}
