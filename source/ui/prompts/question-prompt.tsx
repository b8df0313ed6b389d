import {useRef, type ReactNode} from 'react';
import {Box, Text} from 'ink';
import {assertNever} from '../../assert-never.js';
import type {OpenQuestion} from '../../engine/questions.js';
import {theme} from '../theme.js';
import {ApprovePrompt} from './approve-prompt.js';
import {rowsOf} from '../format.js';
import type {Room} from '../layout.js';
import {ChecklistPrompt} from './checklist-prompt.js';
import {ConfirmPrompt} from './confirm-prompt.js';
import {ConfirmTextPrompt} from './confirm-text-prompt.js';
import {CredentialsPrompt} from './credentials-prompt.js';
import {FailurePrompt} from './failure-prompt.js';
import {InputPrompt} from './input-prompt.js';
import {ResumePrompt} from './resume-prompt.js';
import {SelectPrompt} from './select-prompt.js';

type Props = {
	readonly question: OpenQuestion;
	/** Who runs the run: the `by` of every answer but an approval (given by the approver). */
	readonly operator: string | null;
	/** The run's id, for the command that answers an approval from another terminal. */
	readonly runId?: string;
	/**
	 * The operator's answer, given once per question asked (a second y or Enter before the question
	 * goes away is dropped); the engine checks it, and asks again with `refused` set if it refuses it.
	 */
	readonly onAnswer: (value: unknown, by: string | null) => void;
	/** Quit, keeping the checkpoint: `q` in the prompts without a text field, or failure's Quit. */
	readonly onQuit: () => void;
	/** Renders a checklist's Markdown text; printed as it is without it. */
	readonly renderText?: (text: string) => ReactNode;
	/** The rows and columns the prompt may take (checklists and selects fit them); all it needs without. */
	readonly room?: Room;
};

/**
 * The prompt for an open question, by its type, with why the last answer was refused above it. A
 * new question (or the same one asked again) starts a fresh prompt: nothing typed is carried over.
 * Components only call onAnswer/onQuit; nothing runs here.
 */
export function QuestionPrompt({question, operator, runId, onAnswer, onQuit, renderText, room}: Props) {
	const asked = `${question.id}\u0000${question.refused ?? ''}`;
	const answered = useRef<string | undefined>(undefined);
	const answer = (value: unknown, by: string | null) => {
		if (answered.current === asked) return;
		answered.current = asked;
		onAnswer(value, by);
	};
	const refusedRows = question.refused && room ? rowsOf(`Refused: ${question.refused}`, room.width) : 0;
	const left = room ? {room: {rows: room.rows - refusedRows, width: room.width}} : {};
	return (
		<Box flexDirection="column">
			{question.refused ? <Text color={theme.danger}>Refused: {question.refused}</Text> : null}
			<Box key={asked} flexDirection="column">
				{prompt(question, {operator, ...(runId ? {runId} : {}), onAnswer: answer, onQuit, renderText, ...left})}
			</Box>
		</Box>
	);
}

type Handlers = Omit<Props, 'question'>;

function prompt(question: OpenQuestion, {operator, runId, onAnswer, onQuit, renderText, room}: Handlers): ReactNode {
	switch (question.type) {
		case 'confirm':
			return <ConfirmPrompt question={question} operator={operator} onAnswer={onAnswer} onQuit={onQuit} />;
		case 'confirmText':
			return <ConfirmTextPrompt question={question} operator={operator} onAnswer={onAnswer} />;
		case 'checklist':
			return <ChecklistPrompt question={question} operator={operator} onAnswer={onAnswer} onQuit={onQuit} renderText={renderText} {...(room ? {room} : {})} />;
		case 'input':
			return <InputPrompt question={question} operator={operator} onAnswer={onAnswer} />;
		case 'select':
			return <SelectPrompt question={question} operator={operator} onAnswer={onAnswer} onQuit={onQuit} {...(room ? {room} : {})} />;
		case 'approve':
			return <ApprovePrompt question={question} operator={operator} {...(runId ? {runId} : {})} onAnswer={onAnswer} {...(room ? {room} : {})} />;
		case 'resume':
			return <ResumePrompt question={question} operator={operator} onAnswer={onAnswer} onQuit={onQuit} {...(room ? {room} : {})} />;
		case 'failure':
			return <FailurePrompt question={question} operator={operator} onAnswer={onAnswer} onQuit={onQuit} {...(room ? {room} : {})} />;
		case 'credentials':
			return <CredentialsPrompt question={question} operator={operator} onAnswer={onAnswer} onQuit={onQuit} {...(room ? {room} : {})} />;
		default:
			return assertNever(question);
	}
}
