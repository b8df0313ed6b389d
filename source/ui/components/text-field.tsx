import {PasswordInput, TextInput} from '@inkjs/ui';
import {Box, Text} from 'ink';
import {useState} from 'react';
import {beforeEnter} from '../prompts/before-enter.js';
import {theme} from '../theme.js';

type Props = {
	readonly label: string;
	readonly description?: string | undefined;
	readonly defaultValue?: string | undefined;
	readonly secret?: boolean;
	/** Why the value is not acceptable yet (shown as you type), or undefined. */
	readonly check: (value: string) => string | undefined;
	readonly onSubmit: (value: string) => void;
};

/**
 * A typed value with its description, its default, and what is wrong with it as you type; Enter
 * submits only an acceptable value (an empty one takes the default). A secret is masked as typed.
 */
export function TextField({label, description, defaultValue, secret = false, check, onSubmit}: Props) {
	const [value, setValue] = useState('');
	const [tried, setTried] = useState(false);
	const effective = value === '' && defaultValue !== undefined ? defaultValue : value;
	const problem = check(effective);
	const submit = (typed: string): void => {
		setValue(typed);
		setTried(true);
		const chosen = typed === '' && defaultValue !== undefined ? defaultValue : typed;
		if (check(chosen) === undefined) onSubmit(chosen);
	};
	const change = (typed: string): void => {
		const entered = beforeEnter(typed);
		if (entered === undefined) setValue(typed);
		else submit(entered);
	};
	return (
		<Box flexDirection="column">
			<Text bold>
				{label}
				{defaultValue !== undefined && !secret ? <Text color={theme.muted}> [{defaultValue}]</Text> : null}
			</Text>
			{description ? <Text color={theme.muted}>{description}</Text> : null}
			<Box>
				<Text color={theme.accent}>› </Text>
				{secret ? <PasswordInput onChange={change} onSubmit={submit} /> : <TextInput onChange={change} onSubmit={submit} />}
			</Box>
			{problem && (tried || value !== '') ? <Text color={theme.danger}>{problem}</Text> : null}
		</Box>
	);
}
