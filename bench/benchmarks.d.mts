/** One benchmark of `npm run bench` (bench/benchmarks.mjs says what each field is for). */
export type Benchmark = {
	readonly name: string;
	readonly file: string;
	readonly runner: 'run.mjs' | 'script';
	readonly args: readonly string[];
	readonly quick: readonly string[];
	readonly what: string;
	readonly section?: string;
};

export const benchmarks: readonly Benchmark[];
