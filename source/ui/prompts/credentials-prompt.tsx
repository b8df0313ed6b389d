import {Box, Text, useInput} from 'ink';
import type {QuestionOf} from '../../engine/questions.js';
import {rowsOf} from '../format.js';
import type {Room} from '../layout.js';
import {theme} from '../theme.js';
import {useQuitKey} from './use-quit-key.js';

type Props = {
	readonly question: QuestionOf<'credentials'>;
	readonly operator: string | null;
	readonly onAnswer: (value: unknown, by: string | null) => void;
	readonly onQuit: () => void;
	/** The rows and columns the prompt may take: the reason is cut to a row, then the keys line goes. */
	readonly room?: Room;
};

const refresh = 'Refresh the credentials in another terminal (aws sso login), then press Enter to continue the same poll.';

/** The AWS credentials expired during a poll: refresh them elsewhere, then Enter goes on polling. */
export function CredentialsPrompt({question, operator, onAnswer, onQuit, room}: Props) {
	useQuitKey(onQuit);
	useInput((_input, key) => {
		if (key.return) onAnswer('refreshed', operator);
	});
	// What to do next stays whole; the reason is cut to a row, then the keys line goes, where the room is short.
	const reason = `AWS credentials expired: ${question.reason}`;
	const refreshRows = room ? rowsOf(refresh, room.width) : 0;
	const cutReason = room !== undefined && rowsOf(reason, room.width) + refreshRows + 1 > room.rows;
	const keysLine = room === undefined || refreshRows + 2 <= room.rows;
	return (
		<Box flexDirection="column">
			<Text color={theme.warning} wrap={cutReason ? 'truncate-end' : 'wrap'}>
				{reason}
			</Text>
			<Text>{refresh}</Text>
			{keysLine ? <Text color={theme.muted}>q quits; the checkpoint is kept.</Text> : null}
		</Box>
	);
}
