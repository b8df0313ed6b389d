import {useState} from 'react';
import {Box, Text} from 'ink';
import {TextInput} from '@inkjs/ui';
import type {QuestionOf} from '../../engine/questions.js';
import {beforeEnter} from './before-enter.js';
import {theme} from '../theme.js';

type Props = {
	readonly question: QuestionOf<'approve'>;
	/** Who runs the run (falls back to the question's operator). */
	readonly operator: string | null;
	/** The run's id: the approver can also answer from their own terminal with `belay approve`. */
	readonly runId?: string;
	readonly onAnswer: (value: unknown, by: string | null) => void;
};

/**
 * Says who must approve; the approver types their own name. When the pair must approve, the
 * operator's own name is refused here, before it reaches the engine. The answer is given by the
 * approver.
 */
export function ApprovePrompt({question, operator, runId, onAnswer}: Props) {
	const [typed, setTyped] = useState('');
	const [tried, setTried] = useState(false);
	const runner = operator ?? question.operator;
	const reason = refusal(question, runner, typed);
	const submit = (text: string): void => {
		const name = text.trim();
		if (refusal(question, runner, text) !== undefined) setTried(true);
		else onAnswer({approver: name}, name);
	};
	return (
		<Box flexDirection="column">
			<Text>{question.prompt}</Text>
			<Text color={theme.accent}>{approvers(question)}</Text>
			{runId ? <Text color={theme.muted}>{`Or from their own terminal: belay approve ${runId} ${question.key}`}</Text> : null}
			<Text>Approver, type your own name and press Enter:</Text>
			<Box>
				<Text color={theme.accent}>› </Text>
				<TextInput
					onChange={text => {
						const entered = beforeEnter(text);
						setTyped(entered ?? text);
						setTried(false);
						if (entered !== undefined) submit(entered);
					}}
					onSubmit={submit}
				/>
			</Box>
			{reason !== undefined && (tried || typed.trim() !== '') ? <Text color={theme.danger}>{reason}</Text> : null}
		</Box>
	);
}

function approvers(question: QuestionOf<'approve'>): string {
	const {by} = question;
	if (by === 'pair') return `Approval by the pair: ${question.pair ?? '(no pair is set; resume with --pair NAME)'}`;
	if (by === 'any') return 'Approval by anyone';
	return `Approval by one of: ${by.join(', ')}`;
}

/** Why this name may not approve, checked before it is sent; undefined when it may be sent. */
function refusal(question: QuestionOf<'approve'>, runner: string | null, typed: string): string | undefined {
	const name = typed.trim();
	if (name === '') return 'type the approver’s name';
	if (question.by === 'pair' && runner !== null && name.toLowerCase() === runner.trim().toLowerCase()) {
		return `${question.pair ?? 'the pair'} must approve, not the operator (${runner})`;
	}
	return undefined;
}
