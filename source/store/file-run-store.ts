import {appendFileSync, closeSync, existsSync, lstatSync, openSync, readFileSync, readSync, statSync, unlinkSync, writeFileSync} from 'node:fs';
import {hostname} from 'node:os';
import {dirname, join} from 'node:path';
import {isProcessAlive} from '../ports/process-probe.js';
import {makeDirs} from './make-dirs.js';
import {unusableStateDir} from './state-dir-error.js';
import {trustedDir, trustedStateRoot, UntrustedStateDir} from './trusted-dir.js';
import type {RunEvent, RunStarted} from '../engine/events.js';
import type {Lease} from '../ports/lease.js';
import type {OutputSink} from '../ports/output-sink.js';
import type {RunJournal} from '../ports/run-journal.js';
import type {RemoteApproval, RunStore, StoredRun} from '../ports/run-store.js';
import {FileLease} from './file-lease.js';
import {FileOutputSink} from './file-output-sink.js';
import {FileRunJournal} from './file-journal.js';
import {hasEvents, readJournal, repairTornTail} from './journal.js';
import {runPaths, runsDir} from './paths.js';
import {HolderAlive, readHolder} from './lock.js';
import {readRun, scanRuns, type DamagedRun, type RunSummary} from './runs.js';

const tailLines = 200;
const approvalsFile = (dir: string): string => join(dir, 'approvals.jsonl');

/** Runs kept as folders under a state dir: journal.jsonl, output.log and lock, 0600 in 0700 folders. */
export class FileRunStore implements RunStore {
	constructor(
		readonly root: string,
		private readonly pollMs = 200,
	) {}

	get where(): string {
		return this.root;
	}

	async exists(runId: string): Promise<boolean> {
		return hasEvents(runPaths(this.root, runId).journal);
	}

	async lease(runId: string): Promise<Lease> {
		const paths = this.prepare(runId);
		try {
			return new FileLease(paths.lock, runId);
		} catch (error) {
			throw unusableStateDir(error, paths.lock);
		}
	}

	async create(first: RunStarted): Promise<RunJournal> {
		const paths = this.prepare(first.runId);
		let journal: RunJournal;
		try {
			// A run killed before its first event was durable left an empty journal: it never started.
			if (existsSync(paths.journal) && !hasEvents(paths.journal)) unlinkSync(paths.journal);
			journal = FileRunJournal.open(paths.journal, true, 0);
		} catch (error) {
			throw unusableStateDir(error, paths.journal);
		}
		await journal.append(first, 0);
		return journal;
	}

	async read(runId: string, options: {readonly repair?: boolean} = {}): Promise<StoredRun | undefined> {
		const {journal, dir} = runPaths(this.root, runId);
		if (!existsSync(journal)) return undefined;
		if (lstatSync(dir).isSymbolicLink() || lstatSync(journal).isSymbolicLink()) {
			throw new UntrustedStateDir(`${dir} holds a symbolic link; belay does not follow links in the state dir: move the run's files there, or start again`);
		}
		if (options.repair) repairTornTail(journal);
		return readJournal(journal);
	}

	async open(runId: string): Promise<RunJournal> {
		const {journal} = runPaths(this.root, runId);
		return FileRunJournal.open(journal, false, readJournal(journal).events.length);
	}

	async summary(runId: string): Promise<RunSummary | undefined> {
		return readRun(this.root, runId);
	}

	async scan(): Promise<{runs: RunSummary[]; damaged: DamagedRun[]}> {
		return scanRuns(this.root);
	}

	async outputTail(runId: string): Promise<readonly string[]> {
		const {log} = runPaths(this.root, runId);
		if (!existsSync(log)) return [];
		return readFileSync(log, 'utf8').split('\n').filter(line => line !== '').slice(-tailLines);
	}

	async approve(runId: string, approval: RemoteApproval): Promise<void> {
		appendFileSync(approvalsFile(this.prepare(runId).dir), `${JSON.stringify(approval)}\n`, {mode: 0o600});
	}

	async approvals(runId: string): Promise<readonly RemoteApproval[]> {
		const file = approvalsFile(runPaths(this.root, runId).dir);
		if (!existsSync(file)) return [];
		const out: RemoteApproval[] = [];
		for (const line of readFileSync(file, 'utf8').split('\n')) {
			try {
				if (line) out.push(JSON.parse(line) as RemoteApproval);
			} catch {}
		}
		return out;
	}

	/** Removes the run's lock, unless its holder is a process of this host that still runs (a lock has no expiry: a live holder keeps it). */
	async unlock(runId: string): Promise<string | undefined> {
		const {lock} = runPaths(this.root, runId);
		const holder = readHolder(lock);
		if (!existsSync(lock)) return undefined;
		if (holder && holder.host === hostname() && isProcessAlive(holder.pid)) throw new HolderAlive(runId, holder);
		unlinkSync(lock);
		return holder ? `pid ${holder.pid} on ${holder.host} since ${holder.startedAt}` : 'an unreadable lock';
	}

	close(): void {}

	output(runId: string): OutputSink {
		return new FileOutputSink(this.prepare(runId).log);
	}

	describe(runId: string): {journal: string; log: string} {
		const paths = runPaths(this.root, runId);
		return {journal: paths.journal, log: paths.log};
	}

	async watch(runId: string, fromSequence: number, onEvents: (events: readonly RunEvent[]) => void, signal: AbortSignal): Promise<void> {
		const {journal} = runPaths(this.root, runId);
		let offset = 0;
		let seen = 0;
		let partial = '';
		while (!signal.aborted) {
			if (existsSync(journal) && statSync(journal).size > offset) {
				const fd = openSync(journal, 'r');
				try {
					const size = statSync(journal).size;
					const buffer = Buffer.alloc(size - offset);
					readSync(fd, buffer, 0, buffer.length, offset);
					offset = size;
					const lines = (partial + buffer.toString('utf8')).split('\n');
					partial = lines.pop() ?? '';
					const events: RunEvent[] = [];
					for (const line of lines) {
						if (line === '') continue;
						if (seen++ >= fromSequence) events.push(JSON.parse(line) as RunEvent);
					}
					if (events.length > 0) onEvents(events);
				} finally {
					closeSync(fd);
				}
			}
			await new Promise<void>(resolve => {
				const done = (): void => {
					clearTimeout(timer);
					signal.removeEventListener('abort', done);
					resolve();
				};
				const timer = setTimeout(done, this.pollMs);
				signal.addEventListener('abort', done, {once: true});
			});
		}
	}

	/**
	 * The run's folder (0700) and empty log (0600), and the state dir closed to others. Throws
	 * UntrustedStateDir or UnusableStateDir (naming the place and the cause) before anything is run.
	 */
	private prepare(runId: string): ReturnType<typeof runPaths> {
		const paths = runPaths(this.root, runId);
		// The folders above the state dir are the user's; the state dir and what is in it must be belay's.
		makeDirs(dirname(this.root), this.root);
		try {
			trustedStateRoot(this.root);
			for (const dir of [runsDir(this.root), paths.dir]) trustedDir(dir);
			if (!existsSync(paths.log)) writeFileSync(paths.log, '', {mode: 0o600});
		} catch (error) {
			throw unusableStateDir(error, paths.dir);
		}
		return paths;
	}
}
