import type {Benchmark} from './benchmarks.mjs';
import type {Result} from './results.d.mts';

export type Ran = {readonly name: string; readonly code: number | null; readonly signal: string | null; readonly seconds: number};

export function summary(facts: {
	readonly started: Date;
	readonly machine: string;
	readonly command: string;
	readonly quick: boolean;
	readonly results: readonly {readonly benchmark: Benchmark; readonly result: Result | undefined}[];
	readonly ran: readonly Ran[];
	readonly present: readonly string[];
}): string;
