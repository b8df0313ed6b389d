/**
 * The right to drive one run: one holder at a time. `lost` aborts when another process took the
 * lease over (found on `renew`), and the driver stops at once.
 */
export interface Lease {
	readonly lost: AbortSignal;
	/** Checks the lease is still ours (a shared store extends its expiry); aborts `lost` when not. */
	renew(): Promise<void>;
	release(): Promise<void>;
}
