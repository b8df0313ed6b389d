import {afterEach, describe, expect, it} from 'vitest';
import type {WaitProgress} from '../../../source/session/run-session.js';
import {beatFrame} from '../../../source/ui/components/beat.js';
import {timeLeft, timeLeftText, WaitView} from '../../../source/ui/components/wait-view.js';
import {mountSized, oneLine, tick, unmountAll} from '../screens/helpers.js';

afterEach(unmountAll);

const now = Date.parse('2025-03-04T03:00:00.000Z');
const ago = (ms: number) => new Date(now - ms).toISOString();
const poll = (extra: Partial<WaitProgress> = {}): WaitProgress => ({attempt: 3, nextPollAt: new Date(now + 20_000).toISOString(), polledAt: ago(10_000), ...extra});

describe('timeLeft', () => {
	it('computes from the progress so far: 40% in a minute leaves a minute and a half', () => {
		expect(timeLeft(60_000, 40, undefined)?.ms).toBe(90_000);
		expect(timeLeft(60_000, 50, undefined)?.ms).toBe(60_000);
		expect(timeLeft(30_000, 75, undefined)?.ms).toBe(10_000);
	});

	it('prefers the progress to earlier runs', () => {
		expect(timeLeft(60_000, 50, 3_600_000)).toEqual({ms: 60_000, from: 'progress'});
	});

	it('falls back on earlier runs without progress, or at 0% or 100%', () => {
		expect(timeLeft(60_000, undefined, 300_000)?.ms).toBe(240_000);
		expect(timeLeft(60_000, 0, 300_000)?.ms).toBe(240_000);
		expect(timeLeft(60_000, 100, 300_000)?.ms).toBe(240_000);
	});

	it('says the wait runs longer than in earlier runs, instead of a time left below zero', () => {
		expect(timeLeft(400_000, undefined, 300_000)).toEqual({ms: -100_000, from: 'earlier runs'});
		expect(timeLeftText(timeLeft(400_000, undefined, 300_000))).toBe('longer than in earlier runs');
	});

	it('cannot tell without progress or earlier runs', () => {
		expect(timeLeft(60_000, undefined, undefined)).toBeUndefined();
		expect(timeLeft(60_000, 0, undefined)).toBeUndefined();
		expect(timeLeft(60_000, 100, undefined)).toBeUndefined();
	});
});

describe('wait view', () => {
	const show = (props: {poll: WaitProgress | undefined; startedAt: string | undefined; estimateMs: number | undefined}) =>
		oneLine(mountSized(<WaitView {...props} now={now} width={80} />).frame());

	it('shows the elapsed time, the poll, the next poll, the progress and its message, and the time left', () => {
		const frame = show({poll: poll({progress: 40, message: 'Restore is RUNNING'}), startedAt: ago(60_000), estimateMs: undefined});
		expect(frame).toContain('waiting 1m 00s · poll 3 · next in 20s · about 1m 30s left');
		expect(frame).not.toContain('earlier runs');
		expect(frame).toContain('40%');
		expect(frame).toContain('Restore is RUNNING');
	});

	it('says the time left comes from earlier runs when the wait reports no progress', () => {
		const frame = show({poll: undefined, startedAt: ago(60_000), estimateMs: 300_000});
		expect(frame).toContain('waiting 1m 00s · first poll · about 4m 00s left (from earlier runs)');
		expect(frame).not.toContain('%');
	});

	it('says nothing of the time left when it cannot tell', () => {
		const frame = show({poll: poll(), startedAt: ago(5_000), estimateMs: undefined});
		expect(frame).toContain('waiting 5s · poll 3 · next in 20s');
		expect(frame).not.toContain('left');
	});

	// Once a bug: at 0% the time left comes from earlier runs (timeLeft falls back on the
	// estimate), but the label leaves out "(from earlier runs)", as if the progress had said so.
	it('says the time left comes from earlier runs at 0% too', () => {
		const frame = show({poll: poll({progress: 0}), startedAt: ago(60_000), estimateMs: 300_000});
		expect(frame).toContain('about 4m 00s left (from earlier runs)');
	});

	// Once a bug: once a wait runs longer than earlier runs took, the screen says "about 0s
	// left (from earlier runs)" for as long as the wait goes on, however long that is.
	it('does not say "about 0s left" when the wait runs longer than earlier runs', () => {
		const frame = show({poll: poll(), startedAt: ago(20 * 60_000), estimateMs: 5 * 60_000});
		expect(frame).toContain('waiting 20m 00s');
		expect(frame).not.toContain('about 0s left');
	});

	// Once a cost: a spinner of 12 frames a second redrew the whole screen 12 times a second while a
	// wait idled (9 % of a core on tmux). The hand moves with the screen's clock, and nothing else.
	it('shows a clock hand that moves with the screen clock, and redraws nothing on its own', async () => {
		const props = {poll: poll(), startedAt: ago(5_000), estimateMs: undefined, width: 80};
		const view = mountSized(<WaitView {...props} now={now} />);
		await tick(50);
		expect(view.frame()).toContain(`${beatFrame(now)} waiting 5s · poll 3`);
		const drawn = view.frames().length;
		await tick(400);
		expect(view.frames()).toHaveLength(drawn);
		view.rerender(<WaitView {...props} now={now + 1000} />);
		await tick(20);
		expect(beatFrame(now + 1000)).not.toBe(beatFrame(now));
		expect(view.frame()).toContain(`${beatFrame(now + 1000)} waiting 6s · poll 3`);
	});
});
