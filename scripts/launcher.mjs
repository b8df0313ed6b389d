#!/usr/bin/env node
// belay's launcher (copied to dist/belay.js by scripts/build.mjs). It runs the CommonJS bundle
// dist/belay-core.cjs through vm.Script with a V8 code cache, so a second start skips compiling
// what the first one compiled: Node 20 has no module.enableCompileCache(). The cache lives beside
// the bundle (dist/.cache) or in the user's cache directory, never in a shared temporary folder (a
// code cache is code); it is keyed by the build, Node's version and the architecture, and V8 itself
// rejects a cache that does not fit the source. BELAY_NO_CODE_CACHE=1 turns it off.
import {mkdirSync, readFileSync, renameSync, writeFileSync} from 'node:fs';
import {createRequire} from 'node:module';
import {homedir} from 'node:os';
import {dirname, join} from 'node:path';
import {fileURLToPath} from 'node:url';
import vm from 'node:vm';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
// zod compiles each object schema with `new Function` on first use; belay parses a runbook once per
// process, so that costs more than it saves. zod reads this when it loads.
globalThis.__zod_globalConfig ??= {jitless: true};
const dir = dirname(fileURLToPath(import.meta.url));
globalThis.__belayBundleDir = dir;
// Caches of what this build computed (the runbook list's) are keyed by it.
const build = '__BUILD_ID__';
globalThis.__belayBuildId = build;

const file = join(dir, 'belay-core.cjs');
// The bundle is ASCII (scripts/build.mjs sees to it), so Latin-1 reads it unchanged, faster than UTF-8,
// and as a string outside V8's heap.
const source = readFileSync(file, 'latin1');
const name = `belay-${build}-${process.version}-${process.arch}.v8cache`;
const places = process.env.BELAY_NO_CODE_CACHE
	? []
	: [join(dir, '.cache'), join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'belay')];
let cached;
for (const place of places) {
	try {
		cached = readFileSync(join(place, name));
		break;
	} catch {}
}
// Packages loaded on demand (AWS clients, zx, the interface) are imported from here: import() does
// not work inside vm.Script on Node 20 (source/import-package.ts).
globalThis.__belayImport = specifier => import(specifier);
const script = new vm.Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, {
	filename: file,
	...(cached ? {cachedData: cached} : {}),
});
if (places.length > 0 && (!cached || script.cachedDataRejected)) {
	// Written at exit, so it holds every function this run compiled.
	process.once('exit', () => {
		const data = script.createCachedData();
		for (const place of places) {
			try {
				mkdirSync(place, {recursive: true, mode: 0o700});
				const temporary = join(place, `${name}.${process.pid}.tmp`);
				writeFileSync(temporary, data, {mode: 0o600});
				renameSync(temporary, join(place, name));
				return;
			} catch {}
		}
	});
}
const module = {exports: {}};
script.runInThisContext()(module.exports, createRequire(file), module, file, dir);
