/**
 * A run's output log: every line a step printed, masked, with a time stamp. Writes are batched
 * (one open file, buffered) and `flush` makes them durable.
 */
export interface OutputSink {
	/** Lines read together, already masked: `TIME PREFIXline`, then `PREFIXline` for the rest. */
	write(lines: readonly string[], at: Date, prefix?: string): void;
	flush(): void;
	close(): void;
}
