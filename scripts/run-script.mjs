// Runs a TypeScript script of the repository (one that drives the built CLI from outside, such as the
// torture test's driver or the report screenshot): bundles it with esbuild into node_modules/.cache
// and runs it with the remaining arguments, from the repository's root.
//
//   node scripts/run-script.mjs test/torture/main.ts --kills 300 --seed 42
//   node scripts/run-script.mjs test/report/screenshot.ts
//
// Build belay first (npm run build): the scripts run dist/belay.js.
import {build} from 'esbuild';
import {spawn} from 'node:child_process';
import {existsSync, mkdirSync, rmSync} from 'node:fs';
import {basename, dirname, join, resolve} from 'node:path';
import {fileURLToPath} from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const [script, ...args] = process.argv.slice(2);
if (!script || !existsSync(resolve(root, script))) {
	process.stderr.write(`usage: node scripts/run-script.mjs PATH.ts [ARGS...] (${script ? `no file ${script}` : 'no script named'})\n`);
	process.exit(2);
}
const dist = join(root, 'dist', 'belay.js');
if (!existsSync(dist)) {
	process.stderr.write('no dist/belay.js: run npm run build first\n');
	process.exit(2);
}
const out = join(root, 'node_modules', '.cache', 'belay-scripts');
mkdirSync(out, {recursive: true});
const outfile = join(out, `${basename(script, '.ts')}-${process.pid}.mjs`);
await build({
	entryPoints: [resolve(root, script)],
	outfile,
	bundle: true,
	format: 'esm',
	platform: 'node',
	target: 'node20',
	packages: 'external',
	logLevel: 'warning',
});
const child = spawn(process.execPath, [outfile, ...args], {
	cwd: root,
	stdio: ['ignore', 'inherit', 'inherit'],
	env: {...process.env, BELAY_ROOT: root, BELAY_TEST_BIN: dist},
});
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => {
	rmSync(outfile, {force: true});
	process.exit(code ?? (signal ? 130 : 1));
});
