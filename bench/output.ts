// Output throughput, measured from outside: the built CLI runs, headless, a runbook whose one shell
// step prints 1,000,000 lines, with belay's standard output redirected to a file; against the same
// runbook printing one line. Reports the wall time each takes (median of interleaved runs), what the
// million lines add, and belay's peak memory; checks that the run's output.log and standard output
// hold every line, in order, and that a secret input printed in one line of 1,000 is masked
// everywhere (no clear value in standard output or error, output.log or the journal).
//
//   npm run bench:output                      (builds, then 3 runs of each; writes docs/BENCHMARKS.md)
//   node bench/run.mjs output --runs 5 --lines 200000 --timeout 60 --no-docs
//   node bench/run.mjs output --belay /elsewhere/dist/belay.js --label "Before the change"
import {randomBytes} from 'node:crypto';
import {createReadStream, existsSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import {join, resolve} from 'node:path';
import {createInterface} from 'node:readline';
import {benchOptions, measuredOn, describeCpu, describeEnd, describeRss, filesUnder, loadAverage, median, megabytes, onExit, root, rssMethod, runBelay, seconds, setting, tail, writeSection, type BelayRun, count, usageChecks} from './cli-process.js';
import {ratioOf, writeResult} from './results.mjs';

const usage = 'usage: node bench/run.mjs output [--runs N] [--lines N] [--timeout SECONDS] [--belay PATH] [--label TEXT] [--no-docs] [--no-build]';
const flags = benchOptions(
	usage,
	{
		runs: {type: 'string', default: '3'},
		lines: {type: 'string', default: '1000000'},
	},
	'120',
);

const {positive} = usageChecks(usage);


const runs = positive('runs', flags.runs);
const lines = positive('lines', flags.lines);
if (lines < 2) {
	process.stderr.write(`--lines takes 2 or more (the one-line runbook is always run)\n${usage}\n`);
	process.exit(2);
}
const timeoutMs = positive('timeout', flags.timeout) * 1000;
const belay = resolve(root, flags.belay ?? join('dist', 'belay.js'));
if (!existsSync(belay)) {
	process.stderr.write(`${belay} is missing: run \`npm run build\` (npm run bench:output builds first)\n`);
	process.exit(2);
}

/** One line in this many carries the secret (the first, then every thousandth). */
const secretEvery = 1000;
const secretLines = (count: number): number => Math.ceil(count / secretEvery);

const runbook = `version: 1
name: bench-output
title: Output throughput
pairing: none
inputs:
  lines: {type: number, default: 1}
  token: {secret: true, description: a secret that the command prints}
steps:
  - id: out
    title: Print lines
    shell: >-
      seq \${{ inputs.lines }} | awk -v token=\${{ inputs.token }}
      '{ print "line " $1 " of the benchmark output" (NR % ${secretEvery} == 1 ? " token=" token : "") }'
`;
/** A line of the command's output as belay shows and logs it (any prefix: time stamp, step id). */
const outputLine = /out \| line (\d+) of the benchmark output(?: token=(.*))?$/;

const work = mkdtempSync(join(os.tmpdir(), 'belay-bench-output-'));
onExit(() => rmSync(work, {recursive: true, force: true}));
const file = join(work, 'output.yaml');
writeFileSync(file, runbook);
// Not a real secret: a value to look for in everything the run writes.
const token = `tok-${randomBytes(8).toString('hex')}`;
/** Either half of its random part: a value masked only in part still shows one of them. */
const halves = [token.slice(4, 12), token.slice(12)];
const rss = rssMethod();

type Checked = {
	/** Lines of the command found in output.log and on standard output. */
	readonly logLines: number;
	readonly stdoutLines: number;
	/** Whether they came as 1, 2, 3, ... with nothing lost, repeated, reordered or cut. */
	readonly intact: boolean;
	/** Lines that carried the secret, shown with `***` in its place (output.log and stdout together). */
	readonly masked: number;
	/** Files holding the clear value, or half of it. */
	readonly leaks: string[];
};

/** Reads a file line by line: counts the command's lines and their order, masks, and clear values. */
async function scan(path: string): Promise<{lines: number; intact: boolean; masked: number; leaked: boolean}> {
	let found = 0;
	let intact = true;
	let masked = 0;
	let leaked = false;
	const reader = createInterface({input: createReadStream(path), crlfDelay: Infinity});
	for await (const line of reader) {
		if (halves.some(half => line.includes(half))) leaked = true;
		const match = outputLine.exec(line);
		if (!match) continue;
		found++;
		const number = Number(match[1]);
		if (number !== found) intact = false;
		const carries = number % secretEvery === 1;
		if (carries && match[2] === '***') masked++;
		else if (!carries && match[2] !== undefined) intact = false;
	}
	return {lines: found, intact, masked, leaked};
}

async function check(run: BelayRun, stateDir: string, runId: string): Promise<Checked> {
	const log = join(stateDir, 'runs', runId, 'output.log');
	const leaks: string[] = [];
	const none = {lines: 0, intact: false, masked: 0, leaked: false};
	const logScan = existsSync(log) ? await scan(log) : none;
	const stdoutScan = await scan(run.stdoutFile);
	if (logScan.leaked) leaks.push('output.log');
	if (stdoutScan.leaked) leaks.push('stdout');
	if ((await scan(run.stderrFile)).leaked) leaks.push('stderr');
	for (const path of filesUnder(stateDir)) {
		if (path !== log && (await scan(path)).leaked) leaks.push(path.slice(stateDir.length + 1));
	}
	return {
		logLines: logScan.lines,
		stdoutLines: stdoutScan.lines,
		intact: logScan.intact && stdoutScan.intact,
		masked: logScan.masked + stdoutScan.masked,
		leaks,
	};
}

type Measured = {readonly run: BelayRun; readonly checked: Checked | undefined};
const sizes = [1, lines] as const;
const results = new Map<number, Measured[]>(sizes.map(size => [size, []]));
let sequence = 0;

async function measure(size: number, label: string): Promise<Measured> {
	const id = `bench-${++sequence}`;
	const stateDir = join(work, id);
	const run = await runBelay({
		belay,
		args: ['run', file, '--state-dir', stateDir, '--run-id', id, '--non-interactive', '--input', `lines=${size}`, '--input', `token=${token}`],
		cwd: work,
		stdoutFile: join(work, `${id}.stdout`),
		stderrFile: join(work, `${id}.stderr`),
		timeoutMs,
		rss,
		journal: join(stateDir, 'runs', id, 'journal.jsonl'),
	});
	if (run.code !== 0 && !run.timedOut) {
		process.stderr.write(`${label}: belay ended with ${describeEnd(run, timeoutMs)}; its last output:\n${tail(run.stderrFile)}\n${tail(run.stdoutFile)}\n`);
		process.exit(1);
	}
	const checked = run.timedOut ? undefined : await check(run, stateDir, id);
	process.stderr.write(
		`${label}: ${run.timedOut ? describeEnd(run, timeoutMs) : seconds(run.wallMs)}, peak RSS ${megabytes(run.peakRssBytes)}` +
			(checked ? `, lines in output.log ${count(checked.logLines)}, on stdout ${count(checked.stdoutLines)}, masked ${checked.masked}, ${checked.leaks.length ? `CLEAR SECRET IN ${checked.leaks.join(', ')}` : 'no clear secret'}` : '') +
			'\n',
	);
	rmSync(stateDir, {recursive: true, force: true});
	rmSync(run.stdoutFile, {force: true});
	rmSync(run.stderrFile, {force: true});
	return {run, checked};
}

const loadBefore = loadAverage();
// The first run of a build writes belay's code cache, as an operator's first run would.
await measure(1, 'warm-up, 1 line');
for (let round = 1; round <= runs; round++) {
	for (const size of sizes) results.get(size)!.push(await measure(size, `${count(size)} line${size === 1 ? '' : 's'}, run ${round}/${runs}`));
}
const loadAfter = loadAverage();

// Results.
const small = results.get(1)!;
const large = results.get(lines)!;
const finished = (list: Measured[]): Measured[] => list.filter(item => !item.run.timedOut);
const medianMs = (list: Measured[]): number | undefined => (finished(list).length === list.length ? median(list.map(item => item.run.wallMs)) : undefined);
const peak = (list: Measured[]): number | undefined => {
	const known = list.map(item => item.run.peakRssBytes).filter((value): value is number => value !== undefined);
	return known.length ? Math.max(...known) : undefined;
};
/** Median CPU time, when every run finished and GNU time measured it. */
const medianCpu = (list: Measured[]): number | undefined => {
	const values = list.map(item => item.run.cpuMs);
	return finished(list).length === list.length && values.every((value): value is number => value !== undefined) ? median(values) : undefined;
};
const smallMs = medianMs(small);
const largeMs = medianMs(large);
const addedMs = smallMs !== undefined && largeMs !== undefined ? largeMs - smallMs : undefined;
const largePeak = peak(large);
const smallCpu = medianCpu(small);
const largeCpu = medianCpu(large);
const addedCpu = smallCpu !== undefined && largeCpu !== undefined ? largeCpu - smallCpu : undefined;
const timedOut = large.some(item => item.run.timedOut) || small.some(item => item.run.timedOut);
const checkedOf = (list: Measured[]): number => list.filter(item => item.checked !== undefined).length;

const addedTargetMs = 1000;
/**
 * The same benchmark before the output batching (commit 7007943, built from a clean export of it; the
 * section "Output throughput before the output batching" of docs/BENCHMARKS.md), for comparison when
 * the default 1,000,000 lines are measured.
 */
const before = lines === 1_000_000 ? {commit: '7007943', date: '2026-12-01', addedMs: 23_960, addedCpuMs: 24_540, peakRssBytes: 151e6, largeMs: 24_460, smallMs: 500} : undefined;
const rssTargetBytes = 200e6;
const addedMet = addedMs !== undefined && addedMs <= addedTargetMs;
const largeTimedOut = large.some(item => item.run.timedOut);
/** A run stopped part-way may not have reached its peak: under the target then proves nothing. */
const rssMet = largePeak !== undefined && largePeak < rssTargetBytes && !largeTimedOut;
const rssVerdict = largePeak !== undefined && largePeak < rssTargetBytes && largeTimedOut ? 'Not known (a run was stopped).' : undefined;

const checkedRuns = [...small, ...large].filter(item => item.checked !== undefined);
const allLines = (list: Measured[], size: number): boolean => list.every(item => !item.checked || (item.checked.logLines === size && item.checked.stdoutLines === size && item.checked.intact));
const linesOk = allLines(small, 1) && allLines(large, lines);
const maskOk = [...small.map(item => [item, 1] as const), ...large.map(item => [item, lines] as const)].every(
	([item, size]) => !item.checked || item.checked.masked === 2 * secretLines(size),
);
const leaks = [...new Set(checkedRuns.flatMap(item => item.checked!.leaks))];
const checksOk = linesOk && maskOk && leaks.length === 0;

const verdict = (met: boolean): string => (met ? 'Met.' : '**Missed.**');
const cpu = (value: number | undefined): string => (value === undefined ? '—' : seconds(value));
const timesOf = (list: Measured[]): string => list.map(item => (item.run.timedOut ? 'timed out' : seconds(item.run.wallMs))).join(', ');
const {node, machine, build} = setting(belay);
const largeName = `${count(lines)} lines`;
const section = [
	'## Output throughput',
	'',
	`Measured ${new Date().toISOString().slice(0, 10)} with \`npm run bench:output\` (bench/output.ts). A runbook whose one shell step`,
	`prints ${largeName} (\`seq | awk\`, about 40 bytes a line; one line in ${count(secretEvery)} carries a secret input), run headless`,
	'(`belay run FILE --non-interactive`) with standard output and error redirected to files, against the same runbook printing',
	`one line. One warm-up run, then ${runs} alternating runs of each, wall-clock from spawn to exit; a run is stopped after ${timeoutMs / 1000} s.`,
	'',
	...measuredOn({label: flags.label, node, machine, build, loadBefore, loadAfter, rss}),
	'',
	'| runbook | median | each run | median CPU time | peak RSS (largest run) |',
	'|---|---|---|---|---|',
	`| prints 1 line | ${smallMs === undefined ? 'timed out' : seconds(smallMs)} | ${timesOf(small)} | ${cpu(smallCpu)} | ${megabytes(peak(small))} |`,
	`| prints ${largeName} | ${largeMs === undefined ? `timed out (over ${timeoutMs / 1000} s)` : seconds(largeMs)} | ${timesOf(large)} | ${cpu(largeCpu)} | ${megabytes(largePeak)} |`,
	'',
	`| measure | value |${before ? ` before (commit ${before.commit}) |` : ''} target | |`,
	`|---|---|${before ? '---|' : ''}---|---|`,
	`| time the ${largeName} add (difference of the medians) | ${addedMs === undefined ? 'timed out' : `**${seconds(addedMs)}**`} |${before ? ` ${seconds(before.addedMs)} |` : ''} at most ${seconds(addedTargetMs)} | ${verdict(addedMet)} |`,
	`| CPU time the ${largeName} add (for comparison; no target) | ${cpu(addedCpu)} |${before ? ` ${seconds(before.addedCpuMs)} |` : ''} | |`,
	`| peak RSS of belay, ${largeName} | **${megabytes(largePeak)}**${largeTimedOut ? ' (until stopped)' : ''} |${before ? ` ${megabytes(before.peakRssBytes)} |` : ''} under ${megabytes(rssTargetBytes)} | ${rssVerdict ?? verdict(rssMet)} |`,
	'',
	...(before
		? [
				`Before: commit ${before.commit}, the commit before the output batching, measured ${before.date} on the same machine by this benchmark (median ${seconds(before.largeMs)}`,
				`printing ${largeName} against ${seconds(before.smallMs)} printing one line; every figure in "Output throughput before the output batching" below).`,
				'',
			]
		: []),
	`Checks, on every run that finished (${checkedOf(large)} of ${large.length} printing ${largeName}, ${checkedOf(small)} of ${small.length} printing 1 line):`,
	`- every line of the command in the run's \`output.log\` and on standard output, in order and whole (${largeName} / 1 line): ${linesOk ? 'yes' : '**NO**'}`,
	`- the secret shown as \`***\` in each of the ${count(secretLines(lines))} lines that carry it, in \`output.log\` and on standard output: ${maskOk ? 'yes' : '**NO**'}`,
	`- its clear value (or either half of it) in standard output or error, \`output.log\`, the journal or any other file of the run: ${leaks.length ? `**FOUND** in ${leaks.join(', ')}` : 'none'}`,
	'',
].join('\n');

process.stdout.write(`${section}\n`);
if (!flags['no-docs']) writeSection('Output throughput', section);
if (!flags.belay) {
	writeResult('output', 'Output throughput', [
		{
			figure: `a shell step printing ${largeName} (headless)`,
			measured: largeMs === undefined ? 'timed out' : seconds(largeMs),
			comparison: smallMs === undefined ? 'timed out' : `printing 1 line ${seconds(smallMs)}`,
			ratio: largeMs !== undefined && smallMs !== undefined ? ratioOf(largeMs, smallMs) : null,
			target: `the lines add at most ${seconds(addedTargetMs)} (added: ${addedMs === undefined ? 'timed out' : seconds(addedMs)})`,
			met: addedMet && checksOk,
		},
		{
			figure: `peak RSS printing ${largeName}`,
			measured: megabytes(largePeak),
			comparison: `printing 1 line ${megabytes(peak(small))}`,
			ratio: largePeak !== undefined && peak(small) !== undefined ? ratioOf(largePeak, peak(small)!) : null,
			target: `under ${megabytes(rssTargetBytes)}`,
			met: rssVerdict ? null : rssMet,
		},
	]);
}
process.stderr.write(
	`bench:output: the ${largeName} add ${addedMs === undefined ? 'more than the timeout' : seconds(addedMs)} (target ${seconds(addedTargetMs)}): ${addedMet ? 'met' : 'MISSED'}; ` +
		`peak RSS ${megabytes(largePeak)} (target under ${megabytes(rssTargetBytes)}): ${rssMet ? 'met' : 'MISSED'}; ` +
		`checks ${checksOk ? 'passed' : 'FAILED'} on the ${checkedRuns.length} run(s) that finished${timedOut ? ' (some timed out)' : ''}\n`,
);
// A missed target is a result; lost lines or a leaked secret are a failure.
process.exit(checksOk ? 0 : 1);
