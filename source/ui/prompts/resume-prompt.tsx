import {Box, Text} from 'ink';
import type {QuestionOf} from '../../engine/questions.js';
import {describeRequest} from '../../headless/printer.js';
import {clipLines, rowsOf} from '../format.js';
import {theme} from '../theme.js';
import type {Room} from '../layout.js';
import {Choices, type Choice} from './choices.js';
import {useQuitKey} from './use-quit-key.js';

type Props = {
	readonly question: QuestionOf<'resume'>;
	readonly operator: string | null;
	readonly onAnswer: (value: unknown, by: string | null) => void;
	readonly onQuit: () => void;
	/** The rows and columns the prompt may take: the attempts and process lines go, the choices scroll. */
	readonly room?: Room;
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
export function ResumePrompt({question, operator, onAnswer, onQuit, room}: Props) {
	useQuitKey(onQuit);
	const what = describeRequest(question.request) ?? question.title;
	const warning = question.mutating ? '⚠ This step changes things, so it may have acted already: check before retrying.' : 'It only reads: retrying is safe.';
	const ended = question.endedProcess !== undefined ? `Its command (process group ${question.endedProcess}) is no longer running.` : undefined;
	// With a room: one row each for the title and the keys, the warning wrapped, the command whole
	// (its lines cut at the width, three at most, fewer to leave one choice); then the choices, the
	// process line and the attempts while they fit.
	const warningRows = room ? rowsOf(warning, room.width) : 0;
	const whatLines = room ? clipLines(what, room.width, Math.max(1, Math.min(3, room.rows - 3 - warningRows))) : [what];
	const free = room ? room.rows - 2 - warningRows - whatLines.length : Number.POSITIVE_INFINITY;
	const visible = Math.max(1, Math.min(choices.length, free));
	const showEnded = ended !== undefined && free - visible >= 1;
	const showAttempts = free - visible - (showEnded ? 1 : 0) >= 1;
	const cut = room ? 'truncate-end' : 'wrap';
	return (
		<Box flexDirection="column">
			<Text wrap={cut}>
				<Text bold>{question.title}</Text> ({question.key}) was interrupted when belay stopped.
			</Text>
			{whatLines.map((line, index) => (
				<Text key={index} color={theme.muted} wrap={cut}>
					{line}
				</Text>
			))}
			<Text color={question.mutating ? theme.warning : theme.muted}>{warning}</Text>
			{showEnded ? (
				<Text color={theme.muted} wrap={cut}>
					{ended}
				</Text>
			) : null}
			{showAttempts ? <Text>Attempts so far: {question.attempts}</Text> : null}
			<Choices choices={choices} onChoose={value => onAnswer(value, operator)} visible={visible} {...(room ? {width: room.width} : {})} />
			<Text color={theme.muted} wrap={cut}>
				↑/↓ move, Enter chooses{visible < choices.length ? ` (${choices.length} choices, the list scrolls)` : ''}; q quits
			</Text>
		</Box>
	);
}
