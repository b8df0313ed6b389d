import {useState} from 'react';
import {Box, Text} from 'ink';
import {ConfirmInput} from '@inkjs/ui';
import type {QuestionOf} from '../../engine/questions.js';
import {theme} from '../theme.js';
import {useQuitKey} from './use-quit-key.js';

type Props = {
	readonly question: QuestionOf<'confirm'>;
	readonly operator: string | null;
	readonly onAnswer: (value: unknown, by: string | null) => void;
	readonly onQuit: () => void;
};

/**
 * "prompt [y/N]": `y` answers true; `n` or Enter (the default is no) answers nothing and says how to
 * go on; `q` quits.
 */
export function ConfirmPrompt({question, operator, onAnswer, onQuit}: Props) {
	const [declined, setDeclined] = useState(false);
	useQuitKey(onQuit);
	return (
		<Box flexDirection="column">
			<Text>
				{question.prompt} [<ConfirmInput defaultChoice="cancel" onConfirm={() => onAnswer(true, operator)} onCancel={() => setDeclined(true)} />]
			</Text>
			{/* One row (cut, not wrapped): the run screen counts on it on a small terminal. */}
			{declined ? (
				<Text color={theme.warning} wrap="truncate-end">
					Not confirmed. Press y to confirm, or q to quit and resume later.
				</Text>
			) : null}
		</Box>
	);
}
