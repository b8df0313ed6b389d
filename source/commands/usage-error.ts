/** A usage mistake: the CLI prints the message and exits 2 without running anything. */
export class UsageError extends Error {
	readonly exitCode = 2;
	constructor(message: string) {
		super(message);
		this.name = 'UsageError';
	}
}
