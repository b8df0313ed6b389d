/** One line of a step's output as a front end shows it. */
export type OutputLine = {readonly stream: 'stdout' | 'stderr'; readonly text: string};

/** The last lines a step printed (a bounded window) and how many it printed in all. */
export type OutputWindow = {
	readonly lines: readonly OutputLine[];
	readonly lineCount: number;
	readonly stderrCount: number;
};

/**
 * Keeps a step's recent output in a ring of fixed size: adding a line costs the same after a million
 * lines as after ten, and memory stays bounded. `view` copies the window out only when it changed.
 */
export class OutputRing {
	private readonly ring: OutputLine[] = [];
	private start = 0;
	private count = 0;
	private stderr = 0;
	private cached: OutputWindow | undefined;

	constructor(private readonly capacity: number) {}

	push(stream: 'stdout' | 'stderr', lines: readonly string[]): void {
		this.cached = undefined;
		this.count += lines.length;
		if (stream === 'stderr') this.stderr += lines.length;
		const from = Math.max(0, lines.length - this.capacity);
		for (let index = from; index < lines.length; index++) {
			const line = {stream, text: lines[index]!};
			if (this.ring.length < this.capacity) this.ring.push(line);
			else {
				this.ring[this.start] = line;
				this.start = (this.start + 1) % this.capacity;
			}
		}
	}

	view(): OutputWindow {
		this.cached ??= {
			lines: [...this.ring.slice(this.start), ...this.ring.slice(0, this.start)],
			lineCount: this.count,
			stderrCount: this.stderr,
		};
		return this.cached;
	}
}
