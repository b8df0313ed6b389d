import {randomBytes} from 'node:crypto';
import {hostname, userInfo} from 'node:os';
import type {RunEvent, RunStarted} from '../../engine/events.js';
import {holderGone, replay} from '../../engine/reduce.js';
import type {Lease} from '../../ports/lease.js';
import type {OutputSink} from '../../ports/output-sink.js';
import type {RunJournal} from '../../ports/run-journal.js';
import type {RemoteApproval, RunStore, StoredRun} from '../../ports/run-store.js';
import {FileRunStore} from '../file-run-store.js';
import {JournalDamaged} from '../journal-damaged.js';
import {isValidRunId} from '../paths.js';
import type {DamagedRun, RunSummary} from '../runs.js';
import type {StateUrl} from '../state-url.js';
import {DynamoRunJournal} from './dynamo-journal.js';
import {DynamoLease, holderLives, holderOf} from './dynamo-lease.js';
import {placeFence} from './fence.js';
import {approvalsSeq, isFence, itemEvent, leaseSeq, seqOf, tailSeq, text} from './item-codec.js';
import {StateTable} from './table.js';
import {TailOutputSink} from './tail-output-sink.js';

/** How long a lease lasts without a heartbeat (renewed every third of it). */
const defaultLeaseMs = 30_000;

/**
 * Runs kept in a shared DynamoDB table (`--state dynamodb://TABLE`): each event an item keyed by run
 * id and sequence number, a lease item per run, the output's tail and the approvals given from other
 * terminals. The output log itself stays in the local state dir.
 */
export class DynamoRunStore implements RunStore {
	private readonly leases = new Map<string, DynamoLease>();

	private constructor(
		readonly table: StateTable,
		private readonly local: FileRunStore,
		private readonly options: {readonly leaseMs: number; readonly pollMs: number},
	) {}

	static async connect(url: StateUrl, root: string, options: {leaseMs?: number; pollMs?: number} = {}): Promise<DynamoRunStore> {
		const fromEnv = Number(process.env['BELAY_LEASE_MS']);
		const leaseMs = options.leaseMs ?? (fromEnv > 0 ? fromEnv : defaultLeaseMs);
		return new DynamoRunStore(await StateTable.connect(url), new FileRunStore(root), {leaseMs, pollMs: options.pollMs ?? 1_000});
	}

	get where(): string {
		return this.table.where;
	}

	async exists(runId: string): Promise<boolean> {
		const first = await this.table.get(runId, 0);
		return first !== undefined && !isFence(first);
	}

	async lease(runId: string, named?: string | null): Promise<Lease> {
		const operator = named ?? process.env['BELAY_OPERATOR'] ?? userName();
		const lease = await DynamoLease.take(this.table, runId, operator, this.options.leaseMs, await this.table.eventCount(runId));
		this.leases.set(runId, lease);
		return lease;
	}

	async create(first: RunStarted): Promise<RunJournal> {
		const journal = new DynamoRunJournal(this.table, first.runId, 0, this.leases.get(first.runId));
		await journal.append(first, 0);
		return journal;
	}

	async read(runId: string): Promise<StoredRun | undefined> {
		if (!isValidRunId(runId)) return undefined;
		const items = await this.table.query(runId, 0);
		// The fence of the lease after the last event is not an event.
		if (isFence(items.at(-1))) items.pop();
		if (items.length === 0) return undefined;
		const events: RunEvent[] = [];
		for (const [index, item] of items.entries()) {
			const seq = seqOf(item);
			const event = seq === index ? itemEvent(item) : `event ${index} is missing`;
			if (typeof event === 'string') throw new JournalDamaged(`${this.where} run ${runId}`, index + 1, event);
			events.push(event);
		}
		return {events, tornTail: false};
	}

	async open(runId: string): Promise<RunJournal> {
		return new DynamoRunJournal(this.table, runId, await this.table.eventCount(runId), this.leases.get(runId));
	}

	async summary(runId: string): Promise<RunSummary | undefined> {
		const stored = await this.read(runId);
		if (!stored) return undefined;
		const replayed = replay(stored.events);
		if (replayed.status !== 'running') return {state: replayed, status: replayed.status, tornTail: false};
		const holder = holderOf(await this.table.get(runId, leaseSeq));
		if (holder && holderLives(holder)) return {state: replayed, status: replayed.status, tornTail: false};
		// Its driver is gone (no lease, or one that expired): what it had started is interrupted.
		const state = holderGone(replayed);
		return {state, status: state.status, tornTail: false};
	}

	async scan(): Promise<{runs: RunSummary[]; damaged: DamagedRun[]}> {
		const runs: RunSummary[] = [];
		const damaged: DamagedRun[] = [];
		for (const id of (await this.table.runIds()).sort()) {
			try {
				const run = await this.summary(id);
				if (run) runs.push(run);
			} catch (error) {
				const line = error instanceof JournalDamaged ? error.line : undefined;
				damaged.push({id, journal: `${this.where} run ${id}`, ...(line !== undefined ? {line} : {}), message: (error as Error).message});
			}
		}
		return {runs: runs.sort((a, b) => b.state.updatedAt.localeCompare(a.state.updatedAt)), damaged};
	}

	output(runId: string): OutputSink {
		return new TailOutputSink(this.local.output(runId), this.table, runId);
	}

	async outputTail(runId: string): Promise<readonly string[]> {
		const lines = text(await this.table.get(runId, tailSeq), 'tail');
		return lines ? lines.split('\n') : [];
	}

	async watch(runId: string, fromSequence: number, onEvents: (events: readonly RunEvent[]) => void, signal: AbortSignal): Promise<void> {
		let next = fromSequence;
		while (!signal.aborted) {
			try {
				const events: RunEvent[] = [];
				for (const item of await this.table.query(runId, next)) {
					const event = itemEvent(item);
					if (seqOf(item) !== next || typeof event === 'string') break;
					events.push(event);
					next++;
				}
				if (events.length > 0) onEvents(events);
			} catch {
				// A dropped connection or throttling: the next poll tries again.
			}
			await pause(this.options.pollMs, signal);
		}
	}

	async approve(runId: string, approval: RemoteApproval): Promise<void> {
		await this.table.update(
			runId,
			approvalsSeq,
			'SET #a = list_append(if_not_exists(#a, :none), :one)',
			{'#a': 'approvals'},
			{':none': {L: []}, ':one': {L: [{S: JSON.stringify(approval)}]}},
		);
	}

	async approvals(runId: string): Promise<readonly RemoteApproval[]> {
		const item = await this.table.get(runId, approvalsSeq);
		const list = item?.['approvals'];
		if (!list || !('L' in list)) return [];
		const out: RemoteApproval[] = [];
		for (const entry of list.L) {
			try {
				if ('S' in entry) out.push(JSON.parse(entry.S) as RemoteApproval);
			} catch {}
		}
		return out;
	}

	/** Removes the lease and fences its holder off: should it still run, its next write is refused, naming who unlocked. */
	async unlock(runId: string): Promise<string | undefined> {
		const item = await this.table.get(runId, leaseSeq);
		if (!item) return undefined;
		const holder = holderOf(item);
		await this.table.delete(runId, leaseSeq, '#i = :id', {'#i': 'id'}, {':id': item['id'] ?? {S: ''}});
		const unlocker = JSON.stringify({operator: `${process.env['BELAY_OPERATOR'] ?? userName()} (belay unlock)`, host: hostname(), pid: process.pid, since: new Date().toISOString()});
		await placeFence(this.table, runId, `unlock-${randomBytes(12).toString('hex')}`, unlocker, await this.table.eventCount(runId));
		return holder ? `${holder.operator} (pid ${holder.pid} on ${holder.host}, since ${holder.since})` : 'an unreadable lease';
	}

	describe(runId: string): {journal: string; log: string} {
		return {journal: `${this.where} (run ${runId})`, log: this.local.describe(runId).log};
	}

	close(): void {
		this.table.close();
	}
}


function userName(): string {
	try {
		return userInfo().username;
	} catch {
		return 'unknown';
	}
}

function pause(ms: number, signal: AbortSignal): Promise<void> {
	return new Promise(resolve => {
		if (signal.aborted) return resolve();
		const timer = setTimeout(done, ms);
		function done(): void {
			clearTimeout(timer);
			signal.removeEventListener('abort', done);
			resolve();
		}
		signal.addEventListener('abort', done, {once: true});
	});
}
