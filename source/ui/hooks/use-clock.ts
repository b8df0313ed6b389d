import {useEffect, useReducer, useRef} from 'react';
import {nextTickMs} from '../clock.js';

/**
 * The time now, for the durations a screen shows: read at every redraw, whatever caused it (a poll,
 * a line of output, a key), and ticking on its own only when nothing else redraws the screen: once a
 * second, every 5 s once `scene` (what the screen shows, apart from the time) has stayed the same
 * for a minute; never while `active` is false. `redrawDueAt` is when something will redraw the
 * screen anyway (a wait's next poll): the clock does not tick just before it.
 */
export function useClock(scene: string, active: boolean, redrawDueAt?: number): number {
	const [, tick] = useReducer((count: number) => count + 1, 0);
	const now = Date.now();
	const since = useRef({scene, at: now});
	if (since.current.scene !== scene) since.current = {scene, at: now};
	const delay = nextTickMs(now - since.current.at, redrawDueAt === undefined ? undefined : redrawDueAt - now);
	// Armed again after every redraw: the clock ticks `delay` after the screen last changed, never on top of a redraw.
	useEffect(() => {
		if (!active) return;
		const timer = setTimeout(tick, delay);
		return () => clearTimeout(timer);
	});
	return now;
}
