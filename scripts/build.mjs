// Bundles the CLI with esbuild so `belay` starts fast. AWS clients, zx and Ink stay external: they
// are loaded with import() only on the paths that need them (test/cli/no-heavy-imports.test.ts
// holds `belay validate` and `belay docs` to that). `node scripts/build.mjs` writes dist/;
// buildCli(outdir) is the same build anywhere else.
//
// Start-up (bench/startup.mjs, docs/BENCHMARKS.md) is mostly parsing and compiling JavaScript, so
// the build keeps the validate path small: whitespace and syntax are minified (names are kept, so
// stack traces stay readable; dist/*.map maps them back), zod's 40 translations of its error
// messages are left out (belay uses the English ones), and the AWS command catalog is embedded as a
// JSON string, which V8 parses faster than the same data written as an object literal.
import {build} from 'esbuild';
import {createHash} from 'node:crypto';
import {realpathSync} from 'node:fs';
import {chmod, cp, readFile, readdir, rm, unlink, writeFile} from 'node:fs/promises';
import {dirname, join, relative, resolve} from 'node:path';
import {fileURLToPath, pathToFileURL} from 'node:url';
import {inkReplacedSpecifiers, inkReplacementFor, inkReplacementsMissing} from './ink-replacements.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** zod's `locales` namespace with English only: `z.locales.en` works, the other languages are not bundled. */
const zodEnglishOnly = {
	name: 'zod-english-only',
	setup(build) {
		build.onLoad({filter: /[\\/]zod[\\/]v4[\\/]locales[\\/]index\.js$/}, () => ({
			contents: 'export {default as en} from "./en.js";\n',
			loader: 'js',
		}));
	},
};

/** Ink loads React's devtools only with DEV=true; operators never do, so nothing is bundled for it. */
const noDevtools = {
	name: 'no-devtools',
	setup(build) {
		build.onResolve({filter: /^react-devtools-core$/}, () => ({path: 'react-devtools-core', namespace: 'no-devtools'}));
		build.onLoad({filter: /.*/, namespace: 'no-devtools'}, () => ({
			contents: 'export default {initialize() {}, connectToDevTools() {}};\n',
			loader: 'js',
		}));
	},
};

/**
 * belay's own Output and widest-line (measured without segmenting graphemes where it can) in place
 * of Ink's (scripts/ink-replacements.mjs says which).
 * `missing()` names a replacement that found no importer: an Ink upgrade, to be checked against
 * the new modules.
 */
function inkReplacements() {
	const used = new Set();
	const plugin = {
		name: 'ink-replacements',
		setup(build) {
			build.onResolve({filter: inkReplacedSpecifiers}, args => {
				const replacement = inkReplacementFor(args.path, args.importer);
				if (!replacement) return undefined;
				used.add(replacement);
				return {path: replacement.path};
			});
		},
	};
	return {plugin, missing: () => inkReplacementsMissing(used)};
}

/**
 * belay's string-width (source/ui/ink/string-width.ts: string-width 8's widths, its Unicode
 * machinery built only when a text needs it) for the interface's modules that import string-width 8
 * (cli-truncate, under Ink); older copies nested under other packages stay theirs. `routed()` is
 * false when no module imported it: a dependency upgrade, to be checked.
 */
function ourStringWidth() {
	const ours = join(root, 'source', 'ui', 'ink', 'string-width.ts');
	const theirs = realpathSync(join(root, 'node_modules', 'string-width', 'index.js'));
	let routed = false;
	const plugin = {
		name: 'our-string-width',
		setup(build) {
			build.onResolve({filter: /^string-width$/}, async args => {
				if (args.pluginData?.ourStringWidth) return undefined;
				const found = await build.resolve(args.path, {kind: args.kind, resolveDir: args.resolveDir, importer: args.importer, pluginData: {ourStringWidth: true}});
				if (found.errors.length > 0 || found.path !== theirs) return undefined;
				routed = true;
				return {path: ours};
			});
		},
	};
	return {plugin, routed: () => routed};
}

/** JSON imported by belay's own source becomes `JSON.parse("...")`. */
const jsonAsString = {
	name: 'json-as-string',
	setup(build) {
		build.onLoad({filter: /[\\/]source[\\/].*\.json$/}, async args => {
			const data = JSON.parse(await readFile(args.path, 'utf8'));
			return {contents: `export default JSON.parse(${JSON.stringify(JSON.stringify(data))});\n`, loader: 'js'};
		});
	},
};

/**
 * Bundles source/cli.ts into `outdir`/belay-core.cjs and writes the launcher `outdir`/belay.js, which
 * loads the bundle with a V8 code cache (scripts/launcher.mjs); removes files of earlier builds.
 */
export async function buildCli(outdir = join(root, 'dist')) {
	const result = await build({
		absWorkingDir: root,
		entryPoints: {'belay-core': 'source/cli.ts'},
		outdir,
		outExtension: {'.js': '.cjs'},
		bundle: true,
		format: 'cjs',
		platform: 'node',
		target: 'node20',
		sourcemap: 'linked',
		minifyWhitespace: true,
		minifySyntax: true,
		plugins: [zodEnglishOnly, jsonAsString],
		metafile: true,
		logLevel: 'warning',
		external: ['@aws-sdk/*', 'zx', 'ink', 'react', 'ink-*', 'dynalite'],
		// import.meta is empty in CommonJS; source/runbook/discover.ts reads the launcher's global first.
		logOverride: {'empty-import-meta': 'silent'},
	});
	// The Ink interface: an ES module of its own (Ink is ESM-only, and yoga-layout, under Ink, awaits at
	// its top level; the core is CommonJS), imported by source/commands/interface.ts only when a
	// terminal runs belay. Ink, React and the rest are bundled in: loading Ink's hundred-odd files one
	// by one took 0.7 s, most of it in Node's module loader.
	const ink = inkReplacements();
	const widths = ourStringWidth();
	const ui = await build({
		absWorkingDir: root,
		entryPoints: {'belay-ui': 'source/ui/main.tsx'},
		outdir,
		outExtension: {'.js': '.mjs'},
		// What the first frame does not need (the Markdown renderer and its syntax highlighter) is a chunk
		// of its own, loaded when a step's text is first shown.
		splitting: true,
		chunkNames: 'ui-[name]-[hash]',
		bundle: true,
		format: 'esm',
		platform: 'node',
		target: 'node20',
		sourcemap: 'linked',
		minifyWhitespace: true,
		minifySyntax: true,
		jsx: 'automatic',
		// React's development build and the devtools are not for operators.
		define: {'process.env.NODE_ENV': '"production"'},
		plugins: [noDevtools, ink.plugin, widths.plugin],
		// CommonJS packages inside an ES module still call require() for Node's own modules.
		banner: {js: "import {createRequire as __belayCreateRequire} from 'node:module'; const require = __belayCreateRequire(import.meta.url);"},
		metafile: true,
		logLevel: 'warning',
	});
	const missing = ink.missing();
	if (missing.length > 0) throw new Error(`Ink has changed: no ${missing.join(', no ')}. Check source/ui/ink/ against this Ink's modules, then scripts/ink-replacements.mjs`);
	if (!widths.routed()) throw new Error('no module of the interface imports string-width 8 now: check source/ui/ink/string-width.ts against the string-width the interface uses, then ourStringWidth in scripts/build.mjs');
	const written = new Set([...Object.keys(result.metafile.outputs), ...Object.keys(ui.metafile.outputs)].map(file => resolve(root, file)));
	const core = await readFile(join(outdir, 'belay-core.cjs'));
	// One character beyond ASCII makes V8 read the whole 1 MB bundle as UTF-16 at every start (about
	// 20 ms more). esbuild escapes them everywhere but in tagged templates: write \u2013 there.
	const wide = core.findIndex(byte => byte > 0x7f);
	if (wide >= 0) {
		const line = core.subarray(0, wide).toString('latin1').split('\n').length;
		throw new Error(`dist/belay-core.cjs line ${line} has a character beyond ASCII (in a tagged template?): escape it (\\u....) in the source`);
	}
	const buildId = createHash('sha256').update(core).digest('hex').slice(0, 16);
	const launcher = (await readFile(join(root, 'scripts', 'launcher.mjs'), 'utf8')).replaceAll('__BUILD_ID__', buildId);
	await writeFile(join(outdir, 'belay.js'), launcher);
	written.add(join(outdir, 'belay.js'));
	for (const name of await readdir(outdir)) {
		const file = join(outdir, name);
		if (/\.([cm]?js)(\.map)?$/.test(name) && !written.has(file)) await unlink(file);
	}
	await rm(join(outdir, '.cache'), {recursive: true, force: true});
	await chmod(join(outdir, 'belay.js'), 0o755);
	// The stand-in repoman-cli, which `belay sandbox` offers for the SimpleDB runbooks: beside the
	// bundle (source/sandbox/repoman-stand-in.ts finds it there), as it is, since it runs on its own.
	await rm(join(outdir, 'repoman'), {recursive: true, force: true});
	await cp(join(root, 'source', 'sandbox', 'repoman'), join(outdir, 'repoman'), {recursive: true});
	await chmod(join(outdir, 'repoman', 'repoman-cli'), 0o755);
	return {outdir, files: [...written].map(file => relative(outdir, file))};
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) await buildCli();
