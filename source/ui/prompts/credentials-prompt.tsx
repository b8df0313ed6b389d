import {Box, Text, useInput} from 'ink';
import type {QuestionOf} from '../../engine/questions.js';
import {theme} from '../theme.js';
import {useQuitKey} from './use-quit-key.js';

type Props = {
	readonly question: QuestionOf<'credentials'>;
	readonly operator: string | null;
	readonly onAnswer: (value: unknown, by: string | null) => void;
	readonly onQuit: () => void;
};

/** The AWS credentials expired during a poll: refresh them elsewhere, then Enter goes on polling. */
export function CredentialsPrompt({question, operator, onAnswer, onQuit}: Props) {
	useQuitKey(onQuit);
	useInput((_input, key) => {
		if (key.return) onAnswer('refreshed', operator);
	});
	return (
		<Box flexDirection="column">
			<Text color={theme.warning}>AWS credentials expired: {question.reason}</Text>
			<Text>Refresh the credentials in another terminal (aws sso login), then press Enter to continue the same poll.</Text>
			<Text color={theme.muted}>q quits; the checkpoint is kept.</Text>
		</Box>
	);
}
