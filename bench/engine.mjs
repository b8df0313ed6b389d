// Bundles bench/engine.ts with esbuild, runs it, and writes the "Engine" section of docs/BENCHMARKS.md.
//   npm run bench:engine
//   node bench/engine.mjs --steps 200 --events 20000 --no-docs   (smaller; figures to bench/results/ only)
import {build} from 'esbuild';
import {spawnSync} from 'node:child_process';
import {existsSync, mkdirSync, readFileSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import {dirname, join} from 'node:path';
import {fileURLToPath} from 'node:url';
import {writeResult} from './results.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
// Inside node_modules so the bundle's imports of dependencies resolve.
const out = join(root, 'node_modules', '.cache', 'belay-bench');
mkdirSync(out, {recursive: true});
await build({
	entryPoints: [join(root, 'bench', 'engine.ts')],
	outfile: join(out, 'engine.mjs'),
	bundle: true,
	format: 'esm',
	platform: 'node',
	target: 'node20',
	packages: 'external',
	logLevel: 'warning',
});
const resultFile = join(out, 'result.json');
/** --steps N and --events N (the journal replayed) override the defaults of bench/engine.ts. */
function sizes() {
	const env = {};
	for (const [flag, name] of [['--steps', 'BENCH_STEPS'], ['--events', 'BENCH_EVENTS']]) {
		const at = process.argv.indexOf(flag);
		if (at < 0) continue;
		const value = Number(process.argv[at + 1]);
		if (!Number.isInteger(value) || value < 1) {
			process.stderr.write(`${flag} takes a positive integer\nusage: node bench/engine.mjs [--steps N] [--events N] [--no-docs]\n`);
			process.exit(2);
		}
		env[name] = String(value);
	}
	return env;
}
const run = spawnSync(process.execPath, [join(out, 'engine.mjs')], {
	cwd: root,
	stdio: ['ignore', 'inherit', 'inherit'],
	env: {...process.env, BENCH_OUT: resultFile, ...sizes()},
});
if (run.status !== 0) process.exit(run.status ?? 1);
const r = JSON.parse(readFileSync(resultFile, 'utf8'));
const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
const section = `## Engine

Measured ${new Date().toISOString().slice(0, 10)} with \`npm run bench:engine\` (bench/engine.ts), Node ${process.version}, ${cpu}, ${os.cpus().length} cores.

**Driving ${r.steps} trivial steps** (approval steps answered at once by an in-process front end; no process spawned):
the real Driver, \`next\`/\`reduce\`, expression evaluation of each title and output, and the journal's group
commits (each one write and one fdatasync; every event durable before the next step acts).

| measure | value | target |
|---|---|---|
| events journaled | ${r.events} | |
| journal flushes (group commits) | ${r.flushes} (${(r.flushes / r.steps).toFixed(2)} a step) | |
| total | ${r.driveMs} ms | |
| per step, everything | ${r.perStepMs} ms | under 5 ms |
| CPU time per step (the process, all threads) | ${r.cpuPerStepMs} ms | |
| the same groups of events written and fdatasynced alone | ${r.fsyncMs} ms | |
| per step, without the flushes | ${r.overheadPerStepWithoutFsyncMs} ms | |

**Replaying a ${r.replayEvents.toLocaleString('en')}-event journal** (${r.journalMiB} MiB, 2,500 foreach items each started and finished many times), median of 3:
read and parse ${r.replayReadParseMs} ms, read + parse + replay **${r.replayMs} ms** (target under 1,000 ms).
`;
const fsyncPerStep = r.fsyncMs / r.steps;
writeResult('engine', 'Engine', [
	{
		figure: `engine overhead per step (${r.steps} trivial steps, journal fsynced)`,
		measured: `${r.perStepMs} ms`,
		comparison: `the journal's flushes alone ${fsyncPerStep.toFixed(3)} ms`,
		ratio: fsyncPerStep > 0 ? r.perStepMs / fsyncPerStep : null,
		target: 'under 5 ms',
		met: r.perStepMs < 5,
	},
	{
		figure: `journal replay (${r.replayEvents.toLocaleString('en')} events, ${r.journalMiB} MiB)`,
		measured: `${r.replayMs} ms`,
		comparison: `read and parse alone ${r.replayReadParseMs} ms`,
		ratio: r.replayReadParseMs > 0 ? r.replayMs / r.replayReadParseMs : null,
		target: 'under 1,000 ms',
		met: r.replayMs < 1000,
	},
]);
if (process.argv.includes('--no-docs')) process.exit(0);
const docs = join(root, 'docs', 'BENCHMARKS.md');
let text = existsSync(docs) ? readFileSync(docs, 'utf8') : '# Benchmarks\n';
text = /## Engine\n[\s\S]*?(?=\n## |$)/.test(text) ? text.replace(/## Engine\n[\s\S]*?(?=\n## |$)/, section) : `${text.trimEnd()}\n\n${section}`;
writeFileSync(docs, text);
process.stdout.write(`wrote the Engine section of docs/BENCHMARKS.md\n`);
