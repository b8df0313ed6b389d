import {ProgressBar} from '@inkjs/ui';
import {Box, Text} from 'ink';
import type {WaitProgress} from '../../session/run-session.js';
import {fit, shortDuration} from '../format.js';
import {Beat} from './beat.js';
import {theme} from '../theme.js';

type Props = {
	readonly poll: WaitProgress | undefined;
	readonly startedAt: string | undefined;
	/** How long this step took in earlier runs (median), if any. */
	readonly estimateMs: number | undefined;
	readonly now: number;
	readonly width: number;
};

/** The time left, and where it comes from: the progress reported so far, else earlier runs of the runbook. */
export function timeLeft(elapsedMs: number, progress: number | undefined, estimateMs: number | undefined): {ms: number; from: 'progress' | 'earlier runs'} | undefined {
	if (progress !== undefined && progress > 0 && progress < 100) return {ms: (elapsedMs * (100 - progress)) / progress, from: 'progress'};
	if (estimateMs !== undefined) return {ms: estimateMs - elapsedMs, from: 'earlier runs'};
	return undefined;
}

/** What the screen says of the time left: nothing, "about 3m left", or that it runs longer than before. */
export function timeLeftText(left: ReturnType<typeof timeLeft>): string | undefined {
	if (!left) return undefined;
	if (left.from === 'earlier runs' && left.ms <= 0) return 'longer than in earlier runs';
	return `about ${shortDuration(Math.max(0, left.ms))} left${left.from === 'earlier runs' ? ' (from earlier runs)' : ''}`;
}

/** A wait in progress: a beat, elapsed time, progress bar and message, the next poll, the time left. */
export function WaitView({poll, startedAt, estimateMs, now, width}: Props) {
	const elapsed = startedAt ? now - Date.parse(startedAt) : 0;
	const left = timeLeft(elapsed, poll?.progress, estimateMs);
	const next = poll ? Math.max(0, Date.parse(poll.nextPollAt) - now) : undefined;
	const facts = [
		`waiting ${shortDuration(elapsed)}`,
		poll ? `poll ${poll.attempt}` : 'first poll',
		next !== undefined ? `next in ${shortDuration(next)}` : undefined,
		timeLeftText(left),
	].filter(Boolean);
	return (
		<Box flexDirection="column">
			<Beat now={now} label={fit(facts.join(' · '), width - 2)} />
			{poll?.progress !== undefined ? (
				<Box width={width}>
					<Box flexGrow={1}>
						<ProgressBar value={poll.progress} />
					</Box>
					<Text> {poll.progress}%</Text>
				</Box>
			) : null}
			{poll?.message ? <Text color={theme.muted}>{fit(poll.message, width)}</Text> : null}
		</Box>
	);
}
