/** One line of the summary table of docs/BENCHMARKS.md. */
export type Figure = {
	/** What is measured, in words ("start-up: `belay validate`"). */
	readonly figure: string;
	/** The measured value, formatted ("298.7 ms"). */
	readonly measured: string;
	/** What it is compared with, measured in the same run, formatted ("`node -e 0` 109.8 ms"); '' for none. */
	readonly comparison: string;
	/** measured / comparison, or null when there is no comparison. */
	readonly ratio: number | null;
	/** The target, in words ("under 2.5 ×"); '' for none. */
	readonly target: string;
	/** Whether the target is met; null when there is none or it could not be measured. */
	readonly met: boolean | null;
};

export type Result = {
	readonly benchmark: string;
	readonly section: string;
	readonly measuredAt: string;
	readonly machine: string;
	readonly load: readonly number[];
	readonly figures: readonly Figure[];
};

export function resultsDir(): string;
export function machine(): string;
export function writeResult(name: string, section: string, figures: readonly Figure[]): void;
export function readResult(file: string): Result | undefined;
export function ratioOf(a: number, b: number): number | null;
