// Records every module a Node process loads: `node --import ./test/helpers/record-imports.mjs ...`
// with BELAY_RECORD_IMPORTS=FILE appends one line per resolution to FILE:
//   esm <TAB> specifier <TAB> resolved URL   (import, import(), the main entry; via module.register)
//   cjs <TAB> specifier <TAB> resolved path  (require(), including the bundle's createRequire)
// A specifier that fails to resolve is recorded too, with an empty URL, so a heavy import that is
// attempted but missing still shows. The same file is the --import entry (main thread) and the
// hooks module (the loader thread module.register starts).
import {appendFileSync} from 'node:fs';
import Module, {register} from 'node:module';
import {isMainThread} from 'node:worker_threads';

const file = process.env.BELAY_RECORD_IMPORTS;

function record(kind, specifier, resolved) {
	if (file) appendFileSync(file, `${kind}\t${specifier}\t${resolved}\n`);
}

/** The resolve hook (runs in the loader thread). */
export async function resolve(specifier, context, nextResolve) {
	try {
		const result = await nextResolve(specifier, context);
		record('esm', specifier, result.url);
		return result;
	} catch (error) {
		record('esm', specifier, '');
		throw error;
	}
}

if (isMainThread && file) {
	register(import.meta.url);
	const original = Module._resolveFilename;
	Module._resolveFilename = function (request, ...rest) {
		try {
			const resolved = original.call(this, request, ...rest);
			record('cjs', request, resolved);
			return resolved;
		} catch (error) {
			record('cjs', request, '');
			throw error;
		}
	};
}
