import {createHash} from 'node:crypto';
import {mkdir, readFile, rename, writeFile} from 'node:fs/promises';
import {homedir} from 'node:os';
import {dirname, join} from 'node:path';
import type {Problem} from './types.js';

/** What a list of runbooks shows of one: its name, title and environments, or its problems. */
export type RunbookSummary =
	| {readonly ok: true; readonly name: string; readonly title: string; readonly environments: readonly string[]}
	| {readonly ok: false; readonly problems: readonly Problem[]};

type Entry = {readonly sha256: string; readonly summary: RunbookSummary};
type Stored = {readonly build: string; readonly entries: Record<string, Entry>};

/** The most runbooks the file remembers; the ones seen longest ago go first. */
const maxEntries = 500;

/** A file's text as the cache knows it: its SHA-256. */
export const textHash = (text: string): string => createHash('sha256').update(text).digest('hex');

/**
 * What listing runbooks found of each file, kept between runs so that a list does not parse and
 * check every runbook again: an entry counts only for the same path, the same text (SHA-256) and
 * the same build of belay (whose checks made it). One JSON file; an unreadable or damaged one is an
 * empty cache, and a file that cannot be written is simply not kept.
 */
export class SummaryCache {
	private changed = false;

	private constructor(
		private readonly file: string | undefined,
		private readonly build: string,
		private readonly entries: Map<string, Entry>,
	) {}

	/** The cache in `file` for `build`; no file: nothing is read or kept. */
	static async open(file: string | undefined, build: string): Promise<SummaryCache> {
		const entries = new Map<string, Entry>();
		if (file) {
			try {
				const stored = JSON.parse(await readFile(file, 'utf8')) as Stored;
				if (stored.build === build && stored.entries && typeof stored.entries === 'object') {
					for (const [path, entry] of Object.entries(stored.entries)) {
						if (typeof entry?.sha256 === 'string' && typeof entry.summary?.ok === 'boolean') entries.set(path, entry);
					}
				}
			} catch {}
		}
		return new SummaryCache(file, build, entries);
	}

	/** The summary of the file at `path` when its text has this hash, if known. */
	get(path: string, sha256: string): RunbookSummary | undefined {
		const entry = this.entries.get(path);
		return entry?.sha256 === sha256 ? entry.summary : undefined;
	}

	set(path: string, sha256: string, summary: RunbookSummary): void {
		this.entries.delete(path);
		this.entries.set(path, {sha256, summary});
		this.changed = true;
	}

	/** Writes what changed (to a temporary file renamed into place); failing to is not an error. */
	async save(): Promise<void> {
		if (!this.file || !this.changed) return;
		const kept = [...this.entries].slice(-maxEntries);
		const stored: Stored = {build: this.build, entries: Object.fromEntries(kept)};
		const temporary = `${this.file}.${process.pid}.tmp`;
		try {
			await mkdir(dirname(this.file), {recursive: true, mode: 0o700});
			await writeFile(temporary, JSON.stringify(stored), {mode: 0o600});
			await rename(temporary, this.file);
			this.changed = false;
		} catch {}
	}
}

/**
 * Where the list cache is kept: the user's cache directory (XDG_CACHE_HOME or ~/.cache, then
 * belay/), keyed by the build the launcher names. From the source tree (no build), or with
 * BELAY_NO_LIST_CACHE set, there is none.
 */
export function summaryCacheLocation(): {file: string; build: string} | undefined {
	const build = (globalThis as {__belayBuildId?: string}).__belayBuildId;
	if (!build || process.env['BELAY_NO_LIST_CACHE']) return undefined;
	const base = process.env['XDG_CACHE_HOME'] || join(homedir(), '.cache');
	return {file: join(base, 'belay', 'runbook-list.json'), build};
}
