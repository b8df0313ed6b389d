// Bundles the CLI with esbuild so `belay` starts fast. AWS clients, zx and (later) Ink stay
// external or split out: they are loaded with import() only on the paths that need them.
import {build} from 'esbuild';
import {chmod} from 'node:fs/promises';

await build({
	entryPoints: {belay: 'source/cli.ts'},
	outdir: 'dist',
	bundle: true,
	splitting: true,
	format: 'esm',
	platform: 'node',
	target: 'node20',
	sourcemap: 'linked',
	logLevel: 'warning',
	external: ['@aws-sdk/*', 'zx', 'ink', 'react', 'ink-*', 'dynalite'],
	banner: {
		js: "import {createRequire as __belayCreateRequire} from 'node:module'; const require = __belayCreateRequire(import.meta.url);",
	},
});
await chmod('dist/belay.js', 0o755);
