// Start-up benchmark: how much slower `belay validate` starts than a bare `node -e 0`.
//
//   npm run bench:startup            (builds first, then 30 runs of each)
//   node bench/startup.mjs 100       (N runs of each, on the current dist/)
//   node bench/startup.mjs 5 --no-docs  (the figures to standard output and bench/results/ only)
//
// Runs are alternated (node, belay, node, belay, ...) after a warm-up, so both see the same machine
// state; each is timed wall-clock with process.hrtime.bigint() around spawnSync. The result goes to
// stdout and into the "Start-up" section of docs/BENCHMARKS.md (the rest of that file is kept).
import {spawnSync} from 'node:child_process';
import {existsSync, readFileSync, writeFileSync, mkdirSync} from 'node:fs';
import os from 'node:os';
import {dirname, join} from 'node:path';
import {fileURLToPath} from 'node:url';
import {writeResult} from './results.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const runbook = 'runbooks/restore-dynamodb-table.yaml';
const target = 2.5;
const warmups = 5;

const runs = Number.parseInt(process.argv.slice(2).find(arg => !arg.startsWith('--')) ?? '30', 10);
if (!Number.isInteger(runs) || runs < 1) {
	process.stderr.write(`usage: node bench/startup.mjs [RUNS] [--no-docs]  (RUNS is a positive integer, default 30; got '${process.argv[2]}')\n`);
	process.exit(2);
}
if (!existsSync(join(root, 'dist', 'belay.js'))) {
	process.stderr.write('dist/belay.js is missing: run `npm run build` (or `npm run bench:startup`, which builds)\n');
	process.exit(2);
}

const commands = {
	'node -e 0': ['-e', '0'],
	[`belay validate ${runbook}`]: ['dist/belay.js', 'validate', runbook],
};
const [baselineName, validateName] = Object.keys(commands);

/** One run, in milliseconds. A failing command stops the benchmark: its time would mean nothing. */
function time(name) {
	const start = process.hrtime.bigint();
	const result = spawnSync(process.execPath, commands[name], {cwd: root, encoding: 'utf8'});
	const elapsed = Number(process.hrtime.bigint() - start) / 1e6;
	if (result.status !== 0) {
		process.stderr.write(`'${name}' exited with ${result.status ?? result.signal}:\n${result.stderr}`);
		process.exit(1);
	}
	return elapsed;
}

const loadBefore = os.loadavg()[0];
const samples = {[baselineName]: [], [validateName]: []};
for (let i = 0; i < warmups; i++) for (const name of Object.keys(commands)) time(name);
for (let i = 0; i < runs; i++) for (const name of Object.keys(commands)) samples[name].push(time(name));

/** The q-quantile (0..1) by the nearest-rank method. */
function quantile(values, q) {
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
}
const stats = name => ({
	median: quantile(samples[name], 0.5),
	p90: quantile(samples[name], 0.9),
	min: Math.min(...samples[name]),
});
const baseline = stats(baselineName);
const validate = stats(validateName);
const ratio = validate.median / baseline.median;
const met = ratio < target;

const ms = value => `${value.toFixed(1)} ms`;
const cpus = os.cpus();
const machine = `${cpus[0]?.model.trim() ?? 'unknown CPU'}, ${cpus.length} cores, ${os.platform()} ${os.release()}`;
const date = new Date().toISOString().slice(0, 10);

const section = [
	'## Start-up',
	'',
	`Measured ${date} with \`npm run bench:startup\` (bench/startup.mjs): ${warmups} warm-up runs, then ${runs} alternating`,
	'runs of each command, wall-clock around `spawnSync`.',
	'',
	`- Node ${process.version}`,
	`- Machine: ${machine}`,
	`- Load average (1 min) before / after: ${loadBefore.toFixed(2)} / ${os.loadavg()[0].toFixed(2)} (other work on the machine inflates both commands, unevenly)`,
	'',
	'| command | median | p90 | min |',
	'|---|---|---|---|',
	`| \`${baselineName}\` | ${ms(baseline.median)} | ${ms(baseline.p90)} | ${ms(baseline.min)} |`,
	`| \`${validateName}\` | ${ms(validate.median)} | ${ms(validate.p90)} | ${ms(validate.min)} |`,
	'',
	`Ratio of the medians: **${ratio.toFixed(2)} ×** \`node -e 0\`. Target: under ${target} ×. ${met ? 'Met.' : '**Missed.**'}`,
	'',
].join('\n');

process.stdout.write(`${section}\n`);
writeResult('startup', 'Start-up', [
	{
		figure: 'start-up: `belay validate` (the bundled runbook)',
		measured: ms(validate.median),
		comparison: `\`node -e 0\` ${ms(baseline.median)}`,
		ratio,
		target: `under ${target} ×`,
		met,
	},
]);
if (process.argv.includes('--no-docs')) process.exit(0);

const file = join(root, 'docs', 'BENCHMARKS.md');
mkdirSync(dirname(file), {recursive: true});
const existing = existsSync(file) ? readFileSync(file, 'utf8') : '# Benchmarks\n\n';
// Replace the section up to the next `## ` heading (or the end), keeping every other section.
const pattern = /^## Start-up\n[\s\S]*?(?=^## |(?![\s\S]))/m;
const updated = pattern.test(existing)
	? existing.replace(pattern, `${section}\n`)
	: `${existing.trimEnd()}\n\n${section}`;
writeFileSync(file, `${updated.trimEnd()}\n`);
process.stderr.write(`wrote the Start-up section of ${join('docs', 'BENCHMARKS.md')}\n`);
