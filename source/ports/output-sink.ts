/**
 * A run's output log: every line a step printed, masked, with a time stamp. Writes are batched
 * (one open file, buffered) and `flush` makes them durable.
 */
export interface OutputSink {
	/** Lines as they came, already masked, each written as `TIME PREFIXline`. */
	write(lines: readonly string[], at: Date, prefix?: string): void;
	flush(): void;
	close(): void;
}
