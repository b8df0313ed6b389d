import {Text} from 'ink';
import {afterEach, beforeEach, describe, expect, it, vi} from 'vitest';
import {useClock} from '../../../source/ui/hooks/use-clock.js';
import {mountSized, tick, unmountAll} from '../screens/helpers.js';

/** A screen that shows the clock and nothing else: each frame Ink writes is one redraw. */
function Clock({scene, active = true, redrawDueAt}: {scene: string; active?: boolean; redrawDueAt?: number}) {
	return <Text>{new Date(useClock(scene, active, redrawDueAt)).toISOString()}</Text>;
}

/** Moves the (fake) clock on a second at a time, letting React redraw; gives the redraws it saw. */
async function redrawsOver(view: ReturnType<typeof mountSized>, seconds: number): Promise<string[]> {
	const before = view.frames().length;
	for (let second = 0; second < seconds; second++) {
		vi.advanceTimersByTime(1000);
		await tick(0);
	}
	return view.frames().slice(before);
}

beforeEach(() => {
	vi.useFakeTimers({toFake: ['setTimeout', 'clearTimeout', 'Date'], now: Date.parse('2026-01-01T00:00:00.000Z')});
});
afterEach(() => {
	unmountAll();
	vi.useRealTimers();
});

describe('useClock', () => {
	it('redraws once a second while the screen is new, then every 5 s once it has stayed the same for a minute', async () => {
		const view = mountSized(<Clock scene="wait running" />);
		await tick(0);
		const first = await redrawsOver(view, 10);
		expect(first).toHaveLength(10);
		expect(first.at(-1)).toContain('00:00:10');
		await redrawsOver(view, 60);
		const calm = await redrawsOver(view, 30);
		expect(calm).toHaveLength(6);
	});

	it('counts every second again when what the screen shows changes', async () => {
		const view = mountSized(<Clock scene="wait running" />);
		await tick(0);
		await redrawsOver(view, 90);
		view.rerender(<Clock scene="next step running" />);
		await tick(0);
		expect(await redrawsOver(view, 10)).toHaveLength(10);
	});

	it('does not tick in the second before a redraw due anyway (the next poll), nor at all once inactive', async () => {
		const due = Date.now() + 3000;
		const view = mountSized(<Clock scene="wait running" redrawDueAt={due} />);
		await tick(0);
		// The poll due at 3 s redraws the screen: no tick on top of it; had it not come, the clock ticks a second later.
		const redraws = await redrawsOver(view, 4);
		expect(redraws.map(frame => frame.match(/00:00:\d\d/)?.[0])).toEqual(['00:00:01', '00:00:02', '00:00:04']);
		const ended = mountSized(<Clock scene="run ended" active={false} />);
		await tick(0);
		expect(await redrawsOver(ended, 10)).toHaveLength(0);
	});
});
