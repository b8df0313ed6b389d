// Every benchmark `npm run bench` (bench/all.mjs) runs, in order. To add one:
//   1. write bench/NAME.ts (see bench/wait-idle.ts: options through benchOptions() of
//      bench/cli-process.ts, its section of docs/BENCHMARKS.md through writeSection(), unless --no-docs);
//   2. at its end call writeResult('NAME', 'Section title', figures) from bench/results.mjs: the lines
//      of the summary table (figure, measured, comparison measured in the same run, ratio, target, met);
//   3. add an entry below: `args` are the sizes of a full run (the whole of `npm run bench` should stay
//      within 15 minutes on 2 cores), `quick` those of a smoke check (`--quick`).
// A TypeScript benchmark is bundled and run by bench/run.mjs (`node bench/run.mjs NAME`), which takes
// its names from the entries whose `runner` is 'run.mjs'. An entry whose file does not exist is
// skipped (benchmarks written on other branches). `section`: for a benchmark that only prints its
// report, the title under which bench/all.mjs puts what it printed into docs/BENCHMARKS.md.

/**
 * @typedef {object} Benchmark
 * @property {string} name
 * @property {string} file          the benchmark's source, from the repository's root
 * @property {'run.mjs' | 'script'} runner  bundled by bench/run.mjs, or a script run as it is (`file`)
 * @property {string[]} args        options of a full run
 * @property {string[]} quick       options of a smoke check
 * @property {string} what          one line, for --list
 * @property {string} [section]     see above
 */

/** @type {Benchmark[]} */
export const benchmarks = [
	{name: 'startup', file: 'bench/startup.mjs', runner: 'script', args: ['30'], quick: ['3'], what: '`belay validate` against `node -e 0`'},
	{name: 'tui', file: 'bench/tui.ts', runner: 'run.mjs', args: ['--runs', '10', '--sessions', '1'], quick: ['--runs', '2', '--warmups', '1', '--sessions', '0'], what: 'the home and run screens against `node -e`, keys during an output flood'},
	{name: 'output', file: 'bench/output.ts', runner: 'run.mjs', args: ['--runs', '3'], quick: ['--runs', '1', '--lines', '20000'], what: 'a shell step printing a million lines'},
	{name: 'foreach', file: 'bench/foreach.ts', runner: 'run.mjs', args: ['--runs', '3'], quick: ['--runs', '1', '--sizes', '20,200'], what: '`foreach` cost per item at two sizes'},
	{name: 'engine', file: 'bench/engine.mjs', runner: 'script', args: [], quick: ['--steps', '100', '--events', '10000'], what: 'engine overhead per step, journal replay'},
	{name: 'bulk', file: 'bench/bulk.ts', runner: 'run.mjs', args: ['--runs', '3', '--items', '80000'], quick: ['--runs', '1', '--items', '500'], what: 'bulk `foreach` copy of 80,000 items (20,000 credentials) against a plain SDK script (dynalite)'},
	{name: 'archive', file: 'bench/archive.ts', runner: 'run.mjs', args: ['--runs', '2', '--credentials', '20000'], quick: ['--runs', '1', '--credentials', '100'], what: 'the archive runbook against a plain SDK script', section: 'archive-credentials against a plain SDK script'},
	{name: 'state', file: 'bench/state.ts', runner: 'run.mjs', args: ['--rounds', '5', '--events', '300'], quick: ['--rounds', '1', '--events', '30'], what: "the shared store's latency per event against the local journal", section: 'Shared store latency'},
	{name: 'wait-idle', file: 'bench/wait-idle.ts', runner: 'run.mjs', args: ['--runs', '2'], quick: ['--seconds', '3', '--interval', '1', '--settle', '1'], what: 'CPU while a `wait` idles, headless and on the run screen'},
];
