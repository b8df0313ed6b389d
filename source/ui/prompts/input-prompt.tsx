import {useState} from 'react';
import {Box, Text} from 'ink';
import {PasswordInput, TextInput} from '@inkjs/ui';
import {coerceInput} from '../../engine/answers.js';
import type {QuestionOf} from '../../engine/questions.js';
import {beforeEnter} from './before-enter.js';
import {theme} from '../theme.js';

type Props = {
	readonly question: QuestionOf<'input'>;
	readonly operator: string | null;
	readonly onAnswer: (value: unknown, by: string | null) => void;
};

/**
 * A value typed by the operator, checked as it is typed (type, pattern, enum, required). Enter with
 * an invalid value does nothing; Enter on an empty field takes the default. A secret is masked as it
 * is typed and never shown, not even in a reason.
 */
export function InputPrompt({question, operator, onAnswer}: Props) {
	const [value, setValue] = useState('');
	const [tried, setTried] = useState(false);
	const reason = problem(question, value);
	const submit = (typed: string) => {
		if (problem(question, typed) !== undefined) {
			setTried(true);
			return;
		}
		onAnswer(typed === '' && question.default !== undefined ? question.default : typed, operator);
	};
	const change = (typed: string): void => {
		const entered = beforeEnter(typed);
		setValue(entered ?? typed);
		if (entered !== undefined) submit(entered);
	};
	const field = question.secret ? <PasswordInput onChange={change} onSubmit={submit} /> : <TextInput onChange={change} onSubmit={submit} />;
	return (
		<Box flexDirection="column">
			<Text>
				{question.prompt}
				{defaultHint(question)}
			</Text>
			<Box>
				<Text color={theme.accent}>› </Text>
				{field}
			</Box>
			{/* One row each (cut, not wrapped): the run screen counts on them on a small terminal. */}
			{reason !== undefined && (value !== '' || tried) ? (
				<Text color={theme.danger} wrap="truncate-end">
					{reason}
				</Text>
			) : null}
			{expects(question) ? (
				<Text color={theme.muted} wrap="truncate-end">
					{expects(question)}
				</Text>
			) : null}
		</Box>
	);
}

function defaultHint(question: QuestionOf<'input'>): string {
	if (question.default === undefined) return '';
	return question.secret ? ' (Enter keeps the default)' : ` [${String(question.default)}]`;
}

/** What the value must look like, when the prompt does not say it. */
function expects(question: QuestionOf<'input'>): string | undefined {
	if (question.enum) return `one of: ${question.enum.map(String).join(', ')}`;
	if (question.valueType === 'boolean') return 'yes or no';
	if (question.valueType === 'number') return 'a number';
	return undefined;
}

/** Why the typed text would be refused, or undefined when it is acceptable. */
function problem(question: QuestionOf<'input'>, typed: string): string | undefined {
	const raw = typed === '' && question.default !== undefined ? question.default : typed;
	let checked;
	try {
		checked = coerceInput(raw, {
			name: 'the value',
			type: question.valueType,
			pattern: question.pattern,
			enum: question.enum,
			required: question.required,
			secret: question.secret,
		});
	} catch {
		// A pattern that is not a regular expression: the engine refuses the answer with the reason.
		return undefined;
	}
	if (checked.ok) return undefined;
	// The reason quotes what was typed ("..., got \"hunter2\""): never for a secret.
	return question.secret ? checked.reason.replace(/, got .*$/s, '') : checked.reason;
}
