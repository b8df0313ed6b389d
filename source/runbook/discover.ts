import {existsSync} from 'node:fs';
import {readdir, stat} from 'node:fs/promises';
import {dirname, join, resolve} from 'node:path';
import {fileURLToPath} from 'node:url';
import {readText} from './read-text.js';
import {SummaryCache, summaryCacheLocation, textHash, type RunbookSummary} from './summary-cache.js';

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

export type FoundRunbook = {readonly path: string; readonly summary: RunbookSummary; readonly dir: string};

/**
 * Every runbook file in the directories, summarised (valid or not). A file whose text this build
 * has checked before is not parsed again (SummaryCache); the others are loaded in full.
 */
export async function listRunbooks(dirs: readonly string[]): Promise<FoundRunbook[]> {
	const location = summaryCacheLocation();
	const cache = await SummaryCache.open(location?.file, location?.build ?? '');
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
			found.push({path, dir, summary: await summarise(path, cache)});
		}
	}
	await cache.save();
	return found;
}

async function summarise(path: string, cache: SummaryCache): Promise<RunbookSummary> {
	const read = await readText(path);
	if (!read.ok) return {ok: false, problems: [{file: path, line: 1, column: 1, message: `cannot read the runbook: ${read.reason}`}]};
	const sha256 = textHash(read.text);
	const known = cache.get(path, sha256);
	if (known) return known;
	// The loader (YAML, zod, the expression checks) is loaded only when a runbook must be checked.
	const {loadRunbookText} = await import('./load.js');
	const result = loadRunbookText(read.text, path);
	const summary: RunbookSummary = result.ok
		? {ok: true, name: result.loaded.runbook.name, title: result.loaded.runbook.title, environments: Object.keys(result.loaded.runbook.environments)}
		: {ok: false, problems: result.problems};
	cache.set(path, sha256, summary);
	return summary;
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
		if (found.summary.ok && found.summary.name === fileOrName) return found.path;
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
