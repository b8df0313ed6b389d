// Bundles the CLI with esbuild so `belay` starts fast. AWS clients, zx and Ink stay external: they
// are loaded with import() only on the paths that need them (test/cli/no-heavy-imports.test.ts
// holds `belay validate` and `belay docs` to that). `node scripts/build.mjs` writes dist/;
// buildCli(outdir) is the same build anywhere else.
import {build} from 'esbuild';
import {chmod, readdir, unlink} from 'node:fs/promises';
import {dirname, join, relative, resolve} from 'node:path';
import {fileURLToPath, pathToFileURL} from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** Bundles source/cli.ts into `outdir`/belay.js (+ chunks); removes stale chunks of earlier builds. */
export async function buildCli(outdir = join(root, 'dist')) {
	const result = await build({
		absWorkingDir: root,
		entryPoints: {belay: 'source/cli.ts'},
		outdir,
		bundle: true,
		splitting: true,
		format: 'esm',
		platform: 'node',
		target: 'node20',
		sourcemap: 'linked',
		metafile: true,
		logLevel: 'warning',
		external: ['@aws-sdk/*', 'zx', 'ink', 'react', 'ink-*', 'dynalite'],
		banner: {
			js: "import {createRequire as __belayCreateRequire} from 'node:module'; const require = __belayCreateRequire(import.meta.url);",
		},
	});
	const written = new Set(Object.keys(result.metafile.outputs).map(file => resolve(root, file)));
	for (const name of await readdir(outdir)) {
		const file = join(outdir, name);
		if (/\.js(\.map)?$/.test(name) && !written.has(file)) await unlink(file);
	}
	await chmod(join(outdir, 'belay.js'), 0o755);
	return {outdir, files: [...written].map(file => relative(outdir, file))};
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) await buildCli();
