// Runs one of the benchmarks that drive the built CLI from outside (bench/output.ts, bench/foreach.ts,
// bench/tui.ts, bench/bulk.ts):
// builds belay (so the numbers are the current source's), bundles the benchmark with esbuild and runs
// it; the benchmark writes its section of docs/BENCHMARKS.md.
//
//   npm run bench:output        node bench/run.mjs output [OPTIONS]
//   npm run bench:foreach       node bench/run.mjs foreach [OPTIONS]
//   npm run bench:tui           node bench/run.mjs tui [OPTIONS]
//   npm run bench:bulk          node bench/run.mjs bulk [OPTIONS]
//   npm run bench:wait-idle     node bench/run.mjs wait-idle [OPTIONS]
//   (every benchmark of bench/benchmarks.mjs whose runner is run.mjs; `npm run bench` runs them all)
//
// --no-build measures the dist/ that exists (built first only when it is missing); --belay PATH
// measures another build's belay.js and builds nothing. Other options: see the benchmark's header.
import {build} from 'esbuild';
import {spawn, spawnSync} from 'node:child_process';
import {existsSync, mkdirSync} from 'node:fs';
import {dirname, join} from 'node:path';
import {fileURLToPath} from 'node:url';
import {benchmarks as registry} from './benchmarks.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
// The TypeScript benchmarks listed in bench/benchmarks.mjs.
const benchmarks = registry.filter(each => each.runner === 'run.mjs').map(each => each.name);
const [name, ...args] = process.argv.slice(2);
if (!benchmarks.includes(name ?? '')) {
	process.stderr.write(`usage: node bench/run.mjs ${benchmarks.join('|')} [OPTIONS]\n`);
	process.exit(2);
}

const otherBuild = args.includes('--belay') || args.some(arg => arg.startsWith('--belay='));
const dist = join(root, 'dist', 'belay.js');
if (!otherBuild && (!args.includes('--no-build') || !existsSync(dist))) {
	process.stderr.write('bench: building belay (npm run build)\n');
	const built = spawnSync(process.execPath, [join(root, 'scripts', 'build.mjs')], {cwd: root, stdio: 'inherit'});
	if (built.status !== 0) {
		process.stderr.write(
			`bench: the build failed${existsSync(dist) ? '; to measure the dist/ that exists, pass --no-build' : ''}\n`,
		);
		process.exit(1);
	}
}

// Inside node_modules, as bench/engine.mjs does; the benchmarks import only node: modules.
const out = join(root, 'node_modules', '.cache', 'belay-bench');
mkdirSync(out, {recursive: true});
await build({
	entryPoints: [join(root, 'bench', `${name}.ts`)],
	outfile: join(out, `${name}.mjs`),
	bundle: true,
	format: 'esm',
	platform: 'node',
	target: 'node20',
	packages: 'external',
	logLevel: 'warning',
});
const child = spawn(process.execPath, [join(out, `${name}.mjs`), ...args], {
	cwd: root,
	stdio: ['ignore', 'inherit', 'inherit'],
	env: {...process.env, BENCH_ROOT: root},
});
// Ctrl-C reaches the benchmark too; it stops the belay it runs, cleans up and exits.
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 130 : 1)));
