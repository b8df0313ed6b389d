import {Box, Text} from 'ink';
import {rowsOf} from '../format.js';
import {packEntries, type Room} from '../layout.js';
import {theme} from '../theme.js';

type Props = {
	readonly full: boolean;
	readonly typing: boolean;
	/** The rows and columns the full list may take: where its box does not fit, the keys are packed. */
	readonly room?: Room;
};

/** Each key, what it does, and that said short (for a small terminal). */
const keys: readonly [string, string, string][] = [
	['Enter', 'answer or choose', 'answer'],
	['↑ ↓', 'move in a list', 'move'],
	['Space', 'tick a checklist item', 'tick'],
	['PgUp PgDn', 'scroll the output back and forth', 'scroll'],
	['Home End', 'the oldest output kept, the newest', 'oldest, newest'],
	['q', 'quit: the checkpoint is kept; belay resume goes on (not while typing)', 'quit, kept'],
	['Ctrl-C', 'quit, also while typing', 'quit'],
	['?', 'show or hide these keys', 'hide keys'],
];

/** How many rows the keys' box takes at `width` columns: its two borders, its title and each key's line as it wraps inside. */
export function keyHelpRows(width: number): number {
	return 3 + keys.reduce((sum, [key, what]) => sum + rowsOf(`${key.padEnd(10)} ${what}`, width - 4), 0);
}

/** The keys: one line at the foot of the screen, or all of them with `?`. */
export function KeyHelp({full, typing, room}: Props) {
	if (!full) {
		return <Text color={theme.muted} wrap="truncate-end">{typing ? 'Enter answer · Ctrl-C quit (nothing is lost) · ? keys' : 'q quit (nothing is lost) · ? keys · PgUp/PgDn output'}</Text>;
	}
	// Where the box does not fit, the keys said short, several a line.
	if (room && room.rows < keyHelpRows(room.width)) {
		return (
			<Box flexDirection="column">
				{packEntries(
					keys.map(([key, , short]) => `${key} ${short}`),
					room.width,
					room.rows,
				).map((line, index) => (
					<Text key={index}>{line}</Text>
				))}
			</Box>
		);
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
