// belay's own versions of some of Ink's modules, for the Ink modules that import them: its Output
// (source/ui/ink/output.ts) and a widest-line that keeps what it measured
// (source/ui/ink/widest-line.ts), for drawing and for the layout's measuring (the same results, a
// fraction of the CPU and garbage at each redraw); and an is-in-ci that says no
// (source/ui/ink/is-in-ci.ts), so CI=true in an operator's shell does not blank the screen. Said
// once, here, for the two places that put them in: the bundle (scripts/build.mjs, an esbuild plugin)
// and the tests (vitest.config.ts, a Vite plugin), so the UI tests draw their screens as
// dist/belay.js does.
import {dirname, join} from 'node:path';
import {fileURLToPath} from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** Each replacement: the Ink module (in ink/build/) that imports `specifier`, and the file put in its place. */
export const inkReplacements = [
	{importer: 'renderer.js', specifier: './output.js', path: join(root, 'source', 'ui', 'ink', 'output.ts')},
	{importer: 'render-node-to-output.js', specifier: 'widest-line', path: join(root, 'source', 'ui', 'ink', 'widest-line.ts')},
	{importer: 'measure-text.js', specifier: 'widest-line', path: join(root, 'source', 'ui', 'ink', 'widest-line.ts')},
	{importer: 'ink.js', specifier: 'is-in-ci', path: join(root, 'source', 'ui', 'ink', 'is-in-ci.ts')},
	{importer: 'write-synchronized.js', specifier: 'is-in-ci', path: join(root, 'source', 'ui', 'ink', 'is-in-ci.ts')},
];

/** Matches every specifier some replacement is for (a cheap first test for a bundler's resolve hook). */
export const inkReplacedSpecifiers = /^(\.\/output\.js|widest-line|is-in-ci)$/;

/** The replacement for `specifier` imported by the file `importer` (a path, or a file: URL), if there is one. */
export function inkReplacementFor(specifier, importer) {
	if (!importer || !inkReplacedSpecifiers.test(specifier)) return undefined;
	const from = importer.replaceAll('\\', '/').replace(/[?#].*$/, '');
	return inkReplacements.find(replacement => replacement.specifier === specifier && from.endsWith(`/ink/build/${replacement.importer}`));
}

/** What no Ink module imported in a build: an Ink upgrade, to be checked against source/ui/ink/. */
export function inkReplacementsMissing(used) {
	return inkReplacements.filter(replacement => !used.has(replacement)).map(({importer, specifier}) => `ink/build/${importer} importing '${specifier}'`);
}
