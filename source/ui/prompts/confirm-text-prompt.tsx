import {useState} from 'react';
import {Box, Text} from 'ink';
import {TextInput} from '@inkjs/ui';
import type {QuestionOf} from '../../engine/questions.js';
import {beforeEnter} from './before-enter.js';
import {theme} from '../theme.js';

type Props = {
	readonly question: QuestionOf<'confirmText'>;
	readonly operator: string | null;
	readonly onAnswer: (value: unknown, by: string | null) => void;
};

/**
 * A destructive step: the operator types the expected text. Whether it matches shows as they type;
 * Enter submits what is typed (the engine checks it and asks again when it does not match).
 */
export function ConfirmTextPrompt({question, operator, onAnswer}: Props) {
	const [typed, setTyped] = useState('');
	const {expected} = question;
	return (
		<Box flexDirection="column">
			<Text>
				Type <Text bold>{expected}</Text> to proceed, then press Enter:
			</Text>
			<Box>
				<Text color={theme.accent}>› </Text>
				<TextInput
					onChange={text => {
						const entered = beforeEnter(text);
						setTyped(entered ?? text);
						if (entered) onAnswer(entered, operator);
					}}
					onSubmit={text => {
						if (text !== '') onAnswer(text, operator);
					}}
				/>
			</Box>
			<Match typed={typed} expected={expected} />
		</Box>
	);
}

function Match({typed, expected}: {readonly typed: string; readonly expected: string}) {
	if (typed === expected) return <Text color={theme.success}>✔ matches</Text>;
	if (typed === '' || expected.startsWith(typed)) return <Text color={theme.muted}>not yet</Text>;
	return <Text color={theme.danger}>✘ does not match</Text>;
}
