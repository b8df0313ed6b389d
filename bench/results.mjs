// The figures a benchmark hands to the summary at the top of docs/BENCHMARKS.md (bench/all.mjs).
// Each benchmark calls writeResult() once at its end; the file goes to the folder in BENCH_RESULTS
// (bench/all.mjs sets it), or bench/results/ (gitignored) when the benchmark is run on its own.
// JavaScript with JSDoc types, so that bench/startup.mjs and bench/engine.mjs use it as they are and
// the TypeScript benchmarks (bundled by bench/run.mjs) import it with its types (bench/results.d.mts).
import {mkdirSync, readFileSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import {dirname, join} from 'node:path';
import {fileURLToPath} from 'node:url';

const root = process.env.BENCH_ROOT ?? join(dirname(fileURLToPath(import.meta.url)), '..');

/** Where result files go. */
export function resultsDir() {
	return process.env.BENCH_RESULTS ?? join(root, 'bench', 'results');
}

/** The machine, as the summary prints it. */
export function machine() {
	const cpus = os.cpus();
	return `${cpus[0]?.model.trim() ?? 'unknown CPU'}, ${cpus.length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GiB, ${os.platform()} ${os.release()}, Node ${process.version}`;
}

/**
 * Writes `RESULTS/NAME.json`: {benchmark, section, measuredAt, machine, load, figures}. Each figure:
 * {figure, measured, comparison, ratio, target, met}; `measured` and `comparison` are formatted
 * ("1.05 s"), `ratio` a number (measured over comparison) or null, `target` words ("under 2.5 ×"),
 * `met` true, false or null (no target).
 * @param {string} name
 * @param {string} section  the title of the benchmark's section of docs/BENCHMARKS.md
 * @param {import('./results.d.mts').Figure[]} figures
 */
export function writeResult(name, section, figures) {
	const dir = resultsDir();
	mkdirSync(dir, {recursive: true});
	const file = join(dir, `${name}.json`);
	const result = {
		benchmark: name,
		section,
		measuredAt: new Date().toISOString(),
		machine: machine(),
		load: os.loadavg().map(value => Number(value.toFixed(2))),
		figures,
	};
	writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
	process.stderr.write(`wrote ${file}\n`);
}

/**
 * Reads a result file; undefined when it is missing or not a result.
 * @param {string} file
 * @returns {import('./results.d.mts').Result | undefined}
 */
export function readResult(file) {
	try {
		const result = JSON.parse(readFileSync(file, 'utf8'));
		return Array.isArray(result?.figures) ? result : undefined;
	} catch {
		return undefined;
	}
}

/** `a` over `b`, or null when either is not a positive number. */
export function ratioOf(a, b) {
	return Number.isFinite(a) && Number.isFinite(b) && b > 0 ? a / b : null;
}
