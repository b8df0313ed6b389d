import {useMemo} from 'react';
import {Box, Text} from 'ink';
import type {QuestionOf} from '../../engine/questions.js';
import {rowsOf} from '../format.js';
import {theme} from '../theme.js';
import type {Room} from '../layout.js';
import {Choices, choicesFit} from './choices.js';
import {useQuitKey} from './use-quit-key.js';

type Props = {
	readonly question: QuestionOf<'select'>;
	readonly operator: string | null;
	readonly onAnswer: (value: unknown, by: string | null) => void;
	readonly onQuit: () => void;
	/** The rows and columns the prompt may take: the list scrolls to fit them. */
	readonly room?: Room;
};

/** One of the step's options, chosen with ↑/↓ and Enter; the answer is the option's value. */
export function SelectPrompt({question, operator, onAnswer, onQuit, room}: Props) {
	useQuitKey(onQuit);
	const choices = useMemo(() => defaultFirst(question.options, question.default), [question.options, question.default]);
	const rows = shownCount(room, question.prompt);
	const shown = room ? choicesFit(choices.map(choice => choice.label), room.width, rows).visible : rows;
	return (
		<Box flexDirection="column">
			<Text>{question.prompt.trimEnd()}</Text>
			{choices.length === 0 ? (
				<Text color={theme.danger}>There is nothing to choose from. Press q to quit and resume later.</Text>
			) : (
				<Choices choices={choices} onChoose={value => onAnswer(value, operator)} visible={rows} {...(room ? {width: room.width} : {})} />
			)}
			<Text color={theme.muted} wrap={room ? 'truncate-end' : 'wrap'}>
				↑/↓ move, Enter chooses{choices.length > shown ? ` (${choices.length} options, the list scrolls)` : ''}; q quits
			</Text>
		</Box>
	);
}

/** How many options show at once: ten, or what fits the room beside the prompt and the keys line. */
function shownCount(room: Room | undefined, prompt: string): number {
	return room ? Math.max(1, Math.min(10, room.rows - 1 - rowsOf(prompt.trimEnd(), room.width))) : 10;
}

/**
 * The options as choices, the one the runbook's `default` names first (where the cursor starts,
 * marked "default"), the others in their order.
 */
function defaultFirst(options: QuestionOf<'select'>['options'], chosen: unknown): {label: string; value: unknown}[] {
	const choices = options.map(option => ({label: option.label, value: option.value}));
	if (chosen === undefined) return choices;
	const at = choices.findIndex(choice => JSON.stringify(choice.value) === JSON.stringify(chosen));
	if (at < 0) return choices;
	const [first] = choices.splice(at, 1);
	return [{label: `${first!.label} (default)`, value: first!.value}, ...choices];
}
