import {useState} from 'react';
import {Box, Text} from 'ink';
import {TextInput} from '@inkjs/ui';
import type {QuestionOf} from '../../engine/questions.js';
import {beforeEnter} from './before-enter.js';
import {keepLines, rowsOf, wrapWords} from '../format.js';
import {theme} from '../theme.js';
import type {Room} from '../layout.js';

type Props = {
	readonly question: QuestionOf<'approve'>;
	/** Who runs the run (falls back to the question's operator). */
	readonly operator: string | null;
	/** The run's id: the approver can also answer from their own terminal with `belay approve`. */
	readonly runId?: string;
	readonly onAnswer: (value: unknown, by: string | null) => void;
	/** The rows and columns the prompt may take: its text is cut, the other terminal's command left out. */
	readonly room?: Room;
};

/**
 * Says who must approve; the approver types their own name. When the pair must approve, the
 * operator's own name is refused here, before it reaches the engine. The answer is given by the
 * approver.
 */
export function ApprovePrompt({question, operator, runId, onAnswer, room}: Props) {
	const [typed, setTyped] = useState('');
	const [tried, setTried] = useState(false);
	const runner = operator ?? question.operator;
	const reason = refusal(question, runner, typed);
	const submit = (text: string): void => {
		const name = text.trim();
		if (refusal(question, runner, text) !== undefined) setTried(true);
		else onAnswer({approver: name}, name);
	};
	const refused = reason !== undefined && (tried || typed.trim() !== '');
	const elsewhere = runId ? `Or from their own terminal: belay approve ${runId} ${question.key}` : undefined;
	const fitted = room ? fitApproval(question.prompt, elsewhere, refused, room) : undefined;
	const cut = room ? 'truncate-end' : 'wrap';
	return (
		<Box flexDirection="column">
			{fitted ? fitted.prompt.map((line, index) => <Text key={index}>{line}</Text>) : <Text>{question.prompt}</Text>}
			<Text color={theme.accent} wrap={cut}>
				{approvers(question)}
			</Text>
			{elsewhere && (!fitted || fitted.elsewhere) ? <Text color={theme.muted}>{elsewhere}</Text> : null}
			<Text wrap={cut}>Approver, type your own name and press Enter:</Text>
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
			{refused ? (
				<Text color={theme.danger} wrap={cut}>
					{reason}
				</Text>
			) : null}
		</Box>
	);
}

/**
 * What of an approval fits its room: one row each for who approves, the label, the name typed and
 * a refusal; the prompt's lines (its first at least, cut with …); the other terminal's command if
 * there is still room.
 */
function fitApproval(prompt: string, elsewhere: string | undefined, refused: boolean, {rows, width}: Room): {prompt: string[]; elsewhere: boolean} {
	const free = rows - 3 - (refused ? 1 : 0);
	const lines = wrapWords(prompt, width);
	const shown = keepLines(lines, Math.max(1, free), width);
	return {prompt: shown, elsewhere: elsewhere !== undefined && free - shown.length >= rowsOf(elsewhere, width)};
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
