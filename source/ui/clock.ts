/** The screen's clock while what it shows is new: the durations on it count every second. */
export const quickTickMs = 1000;
/** The clock once the screen has shown the same thing for `calmAfterMs`: a long wait, a quiet command, a question left open. */
export const calmTickMs = 5000;
export const calmAfterMs = 60_000;

/**
 * How long until the screen's clock next ticks (each tick redraws the whole screen), `sinceChangeMs`
 * after what the screen shows last changed (the step, its status, the question; not the time):
 * every second for a minute, then every 5 s, so an idle screen costs next to nothing. A redraw due
 * within a period and a half anyway (`redrawInMs`: a wait's next poll redraws the screen) puts the
 * tick off until a period after it, so the clock never redraws the screen just before the poll does:
 * a wait's polls are jittered by up to 10 % of their interval, so a 5 s poll is often due 5.3 s after
 * the last, and a tick at 5 s would double the redraws (each costs 20-40 ms of CPU on an idle
 * screen). The durations shown are then at most a period and a half old.
 */
export function nextTickMs(sinceChangeMs: number, redrawInMs?: number): number {
	const every = sinceChangeMs < calmAfterMs ? quickTickMs : calmTickMs;
	return redrawInMs !== undefined && redrawInMs >= 0 && redrawInMs <= every * redrawSlack ? redrawInMs + every : every;
}

/** How much later than its period the clock lets a redraw due anyway stand in for its tick. */
export const redrawSlack = 1.5;
