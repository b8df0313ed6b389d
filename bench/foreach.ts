// Foreach cost per item, measured from outside: the built CLI runs, headless, a runbook whose one
// `foreach` goes over N items, each item one manual step answered by `--yes` (the cheapest operator
// step: no process is spawned, no answers file is read). N = 500 and 4,000 by default, and N = 1 as
// the fixed cost (start-up, loading, finishing) that is taken off. Reports the milliseconds per item
// at each size and their ratio: a loop whose per-item cost grows with the number of items done so far
// shows up as a ratio above 1. The same ratio in CPU time (GNU time) must agree before the target
// counts as met, as other work on a shared machine bends wall times.
//
//   npm run bench:foreach                     (builds, then 3 runs of each size; writes docs/BENCHMARKS.md)
//   node bench/run.mjs foreach --runs 5 --sizes 250,2000 --timeout 60 --no-docs
//   node bench/run.mjs foreach --belay /elsewhere/dist/belay.js --label "Before the change"
import {existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import {join, resolve} from 'node:path';
import {benchOptions, measuredOn, describeCpu, describeEnd, describeRss, loadAverage, median, megabytes, onExit, root, rssMethod, runBelay, seconds, setting, tail, writeSection, type BelayRun, count, usageChecks} from './cli-process.js';
import {writeResult} from './results.mjs';

const usage = 'usage: node bench/run.mjs foreach [--runs N] [--sizes N,N,...] [--timeout SECONDS] [--belay PATH] [--label TEXT] [--no-docs] [--no-build]';
const flags = benchOptions(
	usage,
	{
		runs: {type: 'string', default: '3'},
		sizes: {type: 'string', default: '500,4000'},
	},
	'120',
);

const {fail, positive} = usageChecks(usage);


const runs = positive('runs', flags.runs);
const timeoutMs = positive('timeout', flags.timeout) * 1000;
const sizes = [...new Set(flags.sizes.split(',').map(text => positive('sizes', text.trim())))].sort((a, b) => a - b);
if (sizes.length < 2 || sizes[0]! < 2) fail('--sizes takes at least two sizes, each 2 or more (1 item is always run, as the fixed cost)');
const belay = resolve(root, flags.belay ?? join('dist', 'belay.js'));
if (!existsSync(belay)) {
	process.stderr.write(`${belay} is missing: run \`npm run build\` (npm run bench:foreach builds first)\n`);
	process.exit(2);
}

const runbook = `version: 1
name: bench-foreach
title: Foreach cost per item
pairing: none
inputs:
  items: {type: number, default: 1}
steps:
  - id: each
    title: Each item
    foreach:
      items: \${{ [1..inputs.items] }}
      steps:
        - {id: tick, title: "Item \${{ item }}", manual: Nothing to do.}
`;

const work = mkdtempSync(join(os.tmpdir(), 'belay-bench-foreach-'));
onExit(() => rmSync(work, {recursive: true, force: true}));
const file = join(work, 'foreach.yaml');
writeFileSync(file, runbook);
const rss = rssMethod();

type Measured = {
	readonly run: BelayRun;
	/** Items whose step the journal records as succeeded. */
	readonly done: number;
	/** From `foreach-expanded` to the foreach's `step-succeeded`, by the journal's time stamps. */
	readonly loopMs: number | undefined;
};

/** What the run's journal says: items done, and how long the loop took by its own clock. */
function readJournal(path: string): {done: number; loopMs: number | undefined} {
	let done = 0;
	let expanded: number | undefined;
	let finished: number | undefined;
	try {
		for (const line of readFileSync(path, 'utf8').split('\n')) {
			if (line.trim() === '') continue;
			const event = JSON.parse(line) as {type?: string; key?: string; at?: string};
			if (event.type === 'step-succeeded' && event.key !== undefined && /^each\[\d+\]\.tick$/.test(event.key)) done++;
			if (event.key === 'each' && event.at) {
				if (event.type === 'foreach-expanded') expanded = Date.parse(event.at);
				if (event.type === 'step-succeeded') finished = Date.parse(event.at);
			}
		}
	} catch {}
	return {done, loopMs: expanded !== undefined && finished !== undefined ? finished - expanded : undefined};
}

const results = new Map<number, Measured[]>([1, ...sizes].map(size => [size, []]));
let sequence = 0;

async function measure(size: number, label: string): Promise<Measured> {
	const id = `bench-${++sequence}`;
	const stateDir = join(work, id);
	const journal = join(stateDir, 'runs', id, 'journal.jsonl');
	const run = await runBelay({
		belay,
		args: ['run', file, '--state-dir', stateDir, '--run-id', id, '--non-interactive', '--yes', '--input', `items=${size}`],
		cwd: work,
		stdoutFile: join(work, `${id}.stdout`),
		stderrFile: join(work, `${id}.stderr`),
		timeoutMs,
		rss,
		journal,
	});
	if (run.code !== 0 && !run.timedOut) {
		process.stderr.write(`${label}: belay ended with ${describeEnd(run, timeoutMs)}; its last output:\n${tail(run.stderrFile)}\n${tail(run.stdoutFile)}\n`);
		process.exit(1);
	}
	const {done, loopMs} = readJournal(journal);
	process.stderr.write(
		`${label}: ${run.timedOut ? describeEnd(run, timeoutMs) : seconds(run.wallMs)}, ${count(done)} item(s) done, ` +
			`loop ${loopMs === undefined ? '?' : `${(loopMs / size).toFixed(2)} ms/item`}, peak RSS ${megabytes(run.peakRssBytes)}\n`,
	);
	rmSync(stateDir, {recursive: true, force: true});
	rmSync(run.stdoutFile, {force: true});
	rmSync(run.stderrFile, {force: true});
	return {run, done, loopMs};
}

const loadBefore = loadAverage();
// The first run of a build writes belay's code cache, as an operator's first run would.
await measure(1, 'warm-up, 1 item');
for (let round = 1; round <= runs; round++) {
	for (const size of [1, ...sizes]) results.get(size)!.push(await measure(size, `${count(size)} item${size === 1 ? '' : 's'}, run ${round}/${runs}`));
}
const loadAfter = loadAverage();

const listOf = (size: number): Measured[] => results.get(size)!;
const complete = (size: number): boolean => listOf(size).every(item => !item.run.timedOut);
const medianMs = (size: number): number | undefined => (complete(size) ? median(listOf(size).map(item => item.run.wallMs)) : undefined);
const fixedMs = medianMs(1);
/** Milliseconds per item beyond the fixed cost: (median(N) - median(1)) / (N - 1). */
const perItem = (size: number): number | undefined => {
	const total = medianMs(size);
	return total === undefined || fixedMs === undefined ? undefined : (total - fixedMs) / (size - 1);
};
const medianCpu = (size: number): number | undefined => {
	const values = listOf(size).map(item => item.run.cpuMs);
	return complete(size) && values.every((value): value is number => value !== undefined) ? median(values) : undefined;
};
/** CPU milliseconds per item beyond the fixed cost, as `perItem`. */
const cpuPerItem = (size: number): number | undefined => {
	const total = medianCpu(size);
	const fixed = medianCpu(1);
	return total === undefined || fixed === undefined ? undefined : (total - fixed) / (size - 1);
};
const loopPerItem = (size: number): number | undefined => {
	const values = listOf(size).map(item => item.loopMs);
	return values.every((value): value is number => value !== undefined) ? median(values) / size : undefined;
};
const peak = (size: number): number | undefined => {
	const known = listOf(size)
		.map(item => item.run.peakRssBytes)
		.filter((value): value is number => value !== undefined);
	return known.length ? Math.max(...known) : undefined;
};
const smallest = sizes[0]!;
const largest = sizes[sizes.length - 1]!;
const perSmall = perItem(smallest);
const perLarge = perItem(largest);
/** Below zero, or zero, the items cost less than the noise in the fixed cost: no ratio can be made. */
const lost = (value: number | undefined): boolean => value !== undefined && value <= 0;
const ratio = perSmall !== undefined && perLarge !== undefined && !lost(perSmall) && !lost(perLarge) ? perLarge / perSmall : undefined;
const noRatio = lost(perSmall) || lost(perLarge) ? 'not known (the items cost less than the noise; try more items or --runs)' : 'not known (timed out)';
const loopSmall = loopPerItem(smallest);
const loopLarge = loopPerItem(largest);
const loopRatio = loopSmall !== undefined && loopLarge !== undefined ? loopLarge / loopSmall : undefined;
const cpuSmall = cpuPerItem(smallest);
const cpuLarge = cpuPerItem(largest);
const cpuRatio = cpuSmall !== undefined && cpuLarge !== undefined && !lost(cpuSmall) && !lost(cpuLarge) ? cpuLarge / cpuSmall : undefined;
const ratioTarget = 1.25;
/**
 * The same benchmark before the output batching (commit 7007943, built from a clean export of it; the
 * section "Foreach before the output batching" of docs/BENCHMARKS.md), for comparison: shown when one
 * of its sizes (500, 4,000) is measured.
 */
const measuredBefore = {
	commit: '7007943',
	date: '2026-12-01',
	fixedMs: 230,
	perItem: {500: {wall: 1.74, cpu: 1.52}, 4000: {wall: 5.68, cpu: 4.96}} as Record<number, {wall: number; cpu: number}>,
	ratio: 3.27,
	cpuRatio: 3.26,
};
const before = sizes.some(size => measuredBefore.perItem[size] !== undefined) ? measuredBefore : undefined;
const wallMet = ratio !== undefined && ratio <= ratioTarget;
/**
 * On a shared machine, other work slows some runs (disk contention stretches the fsyncs), and a slow
 * run at the smaller size pulls the wall-time ratio down. The CPU time of the same runs hardly moves,
 * so the target counts as met only when the CPU-time ratio, where measured, agrees.
 */
const cpuMet = cpuRatio === undefined ? cpuSmall === undefined || cpuLarge === undefined : cpuRatio <= ratioTarget;
const met = wallMet && cpuMet;
const disagree = ratio !== undefined && cpuRatio !== undefined && wallMet !== cpuMet;
const missing = [1, ...sizes].flatMap(size => listOf(size).filter(item => !item.run.timedOut && item.done !== size).map(item => `${count(item.done)} of ${count(size)}`));

const ms = (value: number | undefined, digits = 2): string => (value === undefined ? 'timed out' : `${value.toFixed(digits)} ms`);
const cpuFixed = ((value: number | undefined): string => (value === undefined ? '—' : `${seconds(value)} in all`))(medianCpu(1));
const timesOf = (size: number): string => listOf(size)
	.map(item => (item.run.timedOut ? 'timed out' : seconds(item.run.wallMs)))
	.join(', ');
const {node, machine, build} = setting(belay);
const section = [
	'## Foreach',
	'',
	`Measured ${new Date().toISOString().slice(0, 10)} with \`npm run bench:foreach\` (bench/foreach.ts). A runbook whose one \`foreach\``,
	'goes over N items, each item one manual step (no process spawned), run headless',
	'(`belay run FILE --non-interactive --yes`, output redirected to files). One warm-up run, then',
	`${runs} rounds of N = 1, ${sizes.map(count).join(', ')}, wall-clock from spawn to exit; a run is stopped after ${timeoutMs / 1000} s.`,
	'Per item: (median at N − median at 1) / (N − 1), so start-up and loading are not counted. Inside the loop:',
	"the journal's time stamps from `foreach-expanded` to the foreach's `step-succeeded`, divided by N (median of the runs).",
	'CPU time per item: as per item, with the CPU time of the runs instead of their wall time.',
	'',
	...measuredOn({label: flags.label, node, machine, build, loadBefore, loadAfter, rss}),
	'',
	`| items | median | each run | per item |${before ? ` per item before (${before.commit}) |` : ''} per item, inside the loop | CPU time per item | peak RSS (largest run) |`,
	`|---|---|---|---|${before ? '---|' : ''}---|---|---|`,
	`| 1 (fixed cost) | ${fixedMs === undefined ? 'timed out' : seconds(fixedMs)} | ${timesOf(1)} | |${before ? ` ${seconds(before.fixedMs)} in all |` : ''} | ${cpuFixed} | ${megabytes(peak(1))} |`,
	...sizes.map(size => {
		const total = medianMs(size);
		const cpuMs = cpuPerItem(size);
		const earlier = before?.perItem[size];
		return `| ${count(size)} | ${total === undefined ? 'timed out' : seconds(total)} | ${timesOf(size)} | **${ms(perItem(size))}** |${before ? ` ${earlier === undefined ? '—' : `${ms(earlier.wall)} (CPU time ${ms(earlier.cpu)})`} |` : ''} ${ms(loopPerItem(size))} | ${cpuMs === undefined ? '—' : ms(cpuMs)} | ${megabytes(peak(size))} |`;
	}),
	'',
	`Per item at ${count(largest)} over per item at ${count(smallest)}: **${ratio === undefined ? noRatio : `${ratio.toFixed(2)} ×`}**` +
		`${loopRatio === undefined ? '' : ` (inside the loop: ${loopRatio.toFixed(2)} ×`}${cpuRatio === undefined ? '' : `${loopRatio === undefined ? ' (' : '; '}CPU time: ${cpuRatio.toFixed(2)} ×`}${loopRatio === undefined && cpuRatio === undefined ? '' : ')'}. Target: at most ${ratioTarget} × (the cost of an item within 25 % whatever the size), in wall time and, where measured, in CPU time. ${met ? 'Met.' : '**Missed.**'}` +
		(disagree ? ' The wall-time and CPU-time ratios disagree: other work on the machine bent the wall times (see each run); re-run when it is quieter, or with more `--runs`.' : ''),
	'',
	...(before
		? [
				`Before: commit ${before.commit}, the commit before the output batching, measured ${before.date} on the same machine by this benchmark: ratio ${before.ratio.toFixed(2)} × (CPU time ${before.cpuRatio.toFixed(2)} ×),`,
				'target missed; every figure in "Foreach before the output batching" below.',
				'',
			]
		: []),
	`Check: every item's step recorded as succeeded in the journal, on every run that finished: ${missing.length ? `**NO** (${missing.join('; ')})` : 'yes'}.`,
	'',
].join('\n');

process.stdout.write(`${section}\n`);
if (!flags['no-docs']) writeSection('Foreach', section);
if (!flags.belay) {
	writeResult('foreach', 'Foreach', [
		{
			figure: `\`foreach\` scaling: cost of an item at ${count(largest)} items${cpuRatio === undefined ? '' : ` (CPU time ratio ${cpuRatio.toFixed(2)} ×)`}`,
			measured: ms(perLarge),
			comparison: `an item at ${count(smallest)} items ${ms(perSmall)}`,
			ratio: ratio ?? null,
			target: `at most ${ratioTarget} ×`,
			met: ratio === undefined ? null : met && missing.length === 0,
		},
	]);
}
process.stderr.write(
	`bench:foreach: ${ms(perSmall)} per item at ${count(smallest)}, ${ms(perLarge)} at ${count(largest)}, ratio ${ratio === undefined ? 'unknown' : ratio.toFixed(2)}${cpuRatio === undefined ? '' : ` (CPU time ${cpuRatio.toFixed(2)})`} ` +
		`(target at most ${ratioTarget}): ${met ? 'met' : 'MISSED'}${missing.length ? '; ITEMS MISSING' : ''}\n`,
);
process.exit(missing.length ? 1 : 0);
