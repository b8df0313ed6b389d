/**
 * Time, as the engine and commands see it: every time stamp, wait interval, jitter and retry delay
 * comes from here, so a test can run hours of waits and retries in a moment with `SimulatedClock`.
 */
export interface Clock {
	now(): Date;
	/** Resolves after `ms`, or at once when the signal is aborted. */
	sleep(ms: number, signal: AbortSignal): Promise<void>;
	/** A number in [0, 1) for jitter. */
	random(): number;
}

/** The real clock. */
export const systemClock: Clock = {
	now: () => new Date(),
	random: () => Math.random(),
	sleep: (ms, signal) =>
		new Promise(resolve => {
			if (ms <= 0 || signal.aborted) return resolve();
			const timer = setTimeout(done, ms);
			function done(): void {
				clearTimeout(timer);
				signal.removeEventListener('abort', done);
				resolve();
			}
			signal.addEventListener('abort', done, {once: true});
		}),
};

type Sleeper = {readonly until: number; readonly resolve: () => void};

/**
 * A clock that moves only when told. With `autoAdvance` (the default), a sleep jumps the clock to its
 * end at once, so a wait of an hour takes no real time and time stamps still show the hour.
 */
export class SimulatedClock implements Clock {
	private time: number;
	private readonly sleepers: Sleeper[] = [];
	/** Every sleep asked for, in ms, in order. */
	readonly slept: number[] = [];

	constructor(
		start: Date | number = Date.UTC(2026, 0, 1),
		private readonly options: {readonly autoAdvance?: boolean; readonly random?: () => number} = {},
	) {
		this.time = typeof start === 'number' ? start : start.getTime();
	}

	now(): Date {
		return new Date(this.time);
	}

	random(): number {
		return this.options.random ? this.options.random() : 0.5;
	}

	sleep(ms: number, signal: AbortSignal): Promise<void> {
		this.slept.push(ms);
		if (ms <= 0 || signal.aborted) return Promise.resolve();
		if (this.options.autoAdvance ?? true) {
			this.time += ms;
			// Yield to the event loop, as a real sleep would.
			return new Promise(resolve => setImmediate(resolve));
		}
		return new Promise(resolve => {
			const sleeper = {until: this.time + ms, resolve};
			this.sleepers.push(sleeper);
			signal.addEventListener('abort', () => resolve(), {once: true});
		});
	}

	/** Moves time on, waking every sleep that ends by then. */
	advance(ms: number): void {
		this.time += ms;
		for (let index = this.sleepers.length - 1; index >= 0; index--) {
			const sleeper = this.sleepers[index]!;
			if (sleeper.until <= this.time) {
				this.sleepers.splice(index, 1);
				sleeper.resolve();
			}
		}
	}
}
