import {existsSync} from 'node:fs';
import {readdir, stat} from 'node:fs/promises';
import {dirname, join, resolve} from 'node:path';
import {fileURLToPath} from 'node:url';
import {loadRunbookFile, type LoadResult} from './load.js';

/** The runbooks shipped with belay: `runbooks/` beside the bundle (dist/) or the source tree. */
export function bundledRunbooksDir(): string {
	// The launcher says where the bundle is (import.meta is empty in the CommonJS bundle).
	const bundleDir = (globalThis as {__belayBundleDir?: string}).__belayBundleDir;
	const here = bundleDir ?? dirname(fileURLToPath(import.meta.url));
	for (const candidate of [join(here, '..', 'runbooks'), join(here, '..', '..', 'runbooks')]) {
		if (existsSync(candidate)) return candidate;
	}
	return join(here, '..', 'runbooks');
}

/** Where runbooks are looked for, in order: ./runbooks, --runbooks DIR, the bundled ones. */
export function runbookDirs(extra?: string): string[] {
	const dirs = [resolve('runbooks'), ...(extra ? [resolve(extra)] : []), bundledRunbooksDir()];
	return [...new Set(dirs)];
}

export type FoundRunbook = {readonly path: string; readonly result: LoadResult; readonly dir: string};

/** Every runbook file in the directories, loaded (valid or not). */
export async function listRunbooks(dirs: readonly string[]): Promise<FoundRunbook[]> {
	const found: FoundRunbook[] = [];
	const seen = new Set<string>();
	for (const dir of dirs) {
		let entries: string[];
		try {
			entries = (await readdir(dir)).filter(name => /\.ya?ml$/.test(name)).sort();
		} catch {
			continue;
		}
		for (const entry of entries) {
			const path = join(dir, entry);
			if (seen.has(path)) continue;
			seen.add(path);
			found.push({path, dir, result: await loadRunbookFile(path)});
		}
	}
	return found;
}

/**
 * A FILE-OR-NAME argument: an existing file, else a runbook whose `name` (or file name) matches in
 * the runbook directories. Undefined when nothing matches.
 */
export async function resolveRunbook(fileOrName: string, dirs: readonly string[]): Promise<string | undefined> {
	if (await isFile(fileOrName)) return resolve(fileOrName);
	for (const dir of dirs) {
		for (const extension of ['.yaml', '.yml']) {
			const path = join(dir, `${fileOrName}${extension}`);
			if (await isFile(path)) return path;
		}
	}
	for (const found of await listRunbooks(dirs)) {
		if (found.result.ok && found.result.loaded.runbook.name === fileOrName) return found.path;
	}
	return undefined;
}

async function isFile(path: string): Promise<boolean> {
	try {
		return (await stat(path)).isFile();
	} catch {
		return false;
	}
}
