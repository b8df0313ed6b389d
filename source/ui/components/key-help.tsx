import {Box, Text} from 'ink';
import {theme} from '../theme.js';

type Props = {readonly full: boolean; readonly typing: boolean};

const keys: readonly [string, string][] = [
	['Enter', 'answer or choose'],
	['↑ ↓', 'move in a list'],
	['Space', 'tick a checklist item'],
	['PgUp PgDn', 'scroll the output back and forth'],
	['Home End', 'the oldest output kept, the newest'],
	['q', 'quit: the checkpoint is kept; belay resume goes on (not while typing)'],
	['Ctrl-C', 'quit, also while typing'],
	['?', 'show or hide these keys'],
];

/** The keys: one line at the foot of the screen, or all of them with `?`. */
export function KeyHelp({full, typing}: Props) {
	if (!full) {
		return <Text color={theme.muted} wrap="truncate-end">{typing ? 'Enter answer · Ctrl-C quit (nothing is lost) · ? keys' : 'q quit (nothing is lost) · ? keys · PgUp/PgDn output'}</Text>;
	}
	return (
		<Box flexDirection="column" borderStyle="round" paddingX={1}>
			<Text bold>Keys</Text>
			{keys.map(([key, what]) => (
				<Text key={key}>
					<Text color={theme.accent}>{key.padEnd(10)}</Text> {what}
				</Text>
			))}
		</Box>
	);
}
