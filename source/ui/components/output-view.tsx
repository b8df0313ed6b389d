import {Box, Text} from 'ink';
import type {OutputWindow} from '../../session/output-window.js';
import {theme} from '../theme.js';

type Props = {
	readonly window: OutputWindow | undefined;
	readonly rows: number;
	readonly width: number;
	/** Lines scrolled back from the newest. */
	readonly scroll: number;
};

/** A step's latest output lines (the whole of it is in the run's log), scrolled back with PgUp/PgDn. */
export function OutputView({window, rows, width, scroll}: Props) {
	if (!window || window.lineCount === 0 || rows <= 0) return null;
	const lines = window.lines;
	const back = Math.min(scroll, Math.max(0, lines.length - rows));
	const shown = lines.slice(Math.max(0, lines.length - rows - back), lines.length - back);
	const hidden = window.lineCount - shown.length;
	return (
		<Box flexDirection="column">
			<Text color={theme.muted} wrap="truncate-end">
				{`output · ${window.lineCount} line${window.lineCount === 1 ? '' : 's'}${hidden > 0 ? ` (${back > 0 ? `${back} back from the newest; ` : ''}all in the run's log)` : ''}`}
			</Text>
			{shown.map((line, index) => (
				<Text key={index} color={line.stream === 'stderr' ? theme.warning : undefined} wrap="truncate-end">
					{line.text.length > width ? line.text.slice(0, width) : line.text || ' '}
				</Text>
			))}
		</Box>
	);
}
