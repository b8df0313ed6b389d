import {Box, Text} from 'ink';
import {theme} from '../theme.js';

/** A clock's hand a quarter turn on each second. */
const frames = ['◴', '◷', '◶', '◵'] as const;

/** The glyph for the second `now` falls in. */
export function beatFrame(now: number): string {
	return frames[Math.floor(now / 1000) % frames.length]!;
}

type Props = {
	/** The screen's clock (useClock): the glyph moves when it ticks, with no timer of its own. */
	readonly now: number;
	readonly label: string;
};

/**
 * What a running step shows in place of a spinner: a clock hand that moves when the screen's clock
 * ticks (each second, every 5 s on a screen that has stayed the same for a minute), so it says the
 * run is alive without a timer of its own. A spinner of 12 frames a second redrew the whole screen
 * 12 times a second.
 */
export function Beat({now, label}: Props) {
	return (
		<Box gap={1}>
			<Text color={theme.accent}>{beatFrame(now)}</Text>
			<Text>{label}</Text>
		</Box>
	);
}
