import {randomBytes} from 'node:crypto';
import {hostname} from 'node:os';
import type {Lease} from '../../ports/lease.js';
import {isProcessAlive} from '../../ports/process-probe.js';
import {leaseSeq, key, number, text, type Item} from './item-codec.js';
import {placeFence} from './fence.js';
import type {StateTable} from './table.js';

/** Who holds a run's lease in the shared table. */
export type LeaseHolder = {readonly operator: string; readonly host: string; readonly pid: number; readonly since: string; readonly expires: number; readonly token: number};

/** The run's lease is held by another live driver (exit 4): names the holder and what to do. */
export class LeaseHeld extends Error {
	readonly exitCode = 4;
	constructor(
		readonly runId: string,
		readonly holder: LeaseHolder,
	) {
		super(
			`run ${runId} is being driven by ${holder.operator} (pid ${holder.pid} on ${holder.host}) since ${holder.since}; ` +
				`its lease runs until ${new Date(holder.expires).toISOString()} and is renewed while that process lives. ` +
				`Wait for it to finish or hand over, or when that process is gone: belay unlock ${runId}`,
		);
		// The CLI maps this name to exit code 4, as for a local lock.
		this.name = 'RunLockedError';
	}
}

/** This process's lease was taken over (it expired, or someone ran `belay unlock`): it must not write again. */
export class LeaseLost extends Error {
	readonly exitCode = 4;
	constructor(runId: string, by?: LeaseHolder) {
		super(
			`the lease of run ${runId} was lost${by ? ` to ${by.operator} (pid ${by.pid} on ${by.host})` : ''}; this process stopped writing to it. ` +
				`The run goes on where its holder drives it; see it with: belay watch ${runId}`,
		);
		this.name = 'RunLockedError';
	}
}

export function holderOf(item: Item | undefined): LeaseHolder | undefined {
	const holder = text(item, 'holder');
	if (!holder) return undefined;
	try {
		const parsed = JSON.parse(holder) as {operator: string; host: string; pid: number; since: string};
		return {...parsed, expires: number(item, 'expires') ?? 0, token: number(item, 'token') ?? 0};
	} catch {
		return undefined;
	}
}

/** Whether a holder still drives: its lease has not expired, and on this host its process runs. */
export function holderLives(holder: LeaseHolder, now = Date.now()): boolean {
	if (holder.expires <= now) return false;
	return holder.host !== hostname() || isProcessAlive(holder.pid);
}

/**
 * A run's lease in the shared table: one item holding the holder, an expiry, a heartbeat time and a
 * fencing token (the run's sequence number when it was taken). Taking it also takes the run's next
 * position (a fence item there, see fence.ts): a driver of an earlier holding finds that position
 * taken at its next write and stops, so each event is one conditional put, with no read of the lease.
 * The lease renews itself on a timer, every third of its time, so a long step keeps it; a renewal
 * that finds another holder aborts `lost`.
 */
export class DynamoLease implements Lease {
	private readonly controller = new AbortController();
	private readonly timer: NodeJS.Timeout;
	private released = false;
	/** When the lease was last known to be ours until (a renewal that cannot reach the table past it loses the lease). */
	private ourUntil: number;

	private constructor(
		private readonly table: StateTable,
		readonly runId: string,
		/** This holding's own id: the condition of every write made under it. */
		readonly id: string,
		/** Who holds it (JSON: operator, host, pid, since), as its fences name it. */
		readonly holder: string,
		private readonly ttlMs: number,
	) {
		this.ourUntil = Date.now() + ttlMs;
		this.timer = setInterval(() => void this.renew().catch(() => this.unreachable()), Math.max(50, Math.floor(ttlMs / 3)));
		this.timer.unref();
	}

	static async take(table: StateTable, runId: string, operator: string, ttlMs: number, token: number): Promise<DynamoLease> {
		const id = randomBytes(12).toString('hex');
		for (let tries = 0; tries < 3; tries++) {
			const now = Date.now();
			const holder = JSON.stringify({operator, host: hostname(), pid: process.pid, since: new Date(now).toISOString()});
			const item: Item = {
				...key(runId, leaseSeq),
				id: {S: id},
				holder: {S: holder},
				expires: {N: String(now + ttlMs)},
				heartbeat: {S: new Date(now).toISOString()},
				token: {N: String(token)},
			};
			let taken = await table.putNew(item, 'attribute_not_exists(#s) OR #x < :now', {'#s': 'seq', '#x': 'expires'}, {':now': {N: String(now)}});
			if (!taken) {
				const current = await table.get(runId, leaseSeq);
				const found = holderOf(current);
				if (found && holderLives(found, now)) throw new LeaseHeld(runId, found);
				// Its holder is gone (on this host) or it is unreadable: take it, unless another took it first.
				taken = await table.putNew(item, '#i = :old', {'#i': 'id'}, {':old': current?.['id'] ?? {S: ''}});
			}
			if (!taken) continue;
			const lease = new DynamoLease(table, runId, id, holder, ttlMs);
			try {
				await placeFence(table, runId, id, holder, token);
			} catch (error) {
				await lease.release();
				throw error;
			}
			// Still ours after the fence (a slow taker whose lease expired meanwhile must not drive).
			if (text(await table.get(runId, leaseSeq), 'id') === id) return lease;
			lease.lose();
			break;
		}
		const holder = holderOf(await table.get(runId, leaseSeq));
		throw new LeaseHeld(runId, holder ?? {operator: 'unknown', host: 'unknown', pid: 0, since: 'unknown', expires: 0, token: 0});
	}

	get lost(): AbortSignal {
		return this.controller.signal;
	}

	/** Extends the expiry while the lease is ours; aborts `lost` when another holds it. */
	async renew(): Promise<void> {
		if (this.released || this.lost.aborted) return;
		const now = Date.now();
		const ours = await this.table.update(
			this.runId,
			leaseSeq,
			'SET #x = :x, #h = :h',
			{'#x': 'expires', '#h': 'heartbeat', '#i': 'id'},
			{':x': {N: String(now + this.ttlMs)}, ':h': {S: new Date(now).toISOString()}, ':id': {S: this.id}},
			'#i = :id',
		);
		if (!ours) this.lose();
		else this.ourUntil = now + this.ttlMs;
	}

	/** A heartbeat could not reach the table: once the lease may have expired, another may hold it, so this driver stops. */
	private unreachable(): void {
		if (Date.now() >= this.ourUntil) this.lose();
	}

	/** Marks the lease lost (a write found it taken). */
	lose(): void {
		clearInterval(this.timer);
		if (!this.controller.signal.aborted) this.controller.abort(new Error(`the lease of run ${this.runId} was taken by another process`));
	}

	async release(): Promise<void> {
		if (this.released) return;
		this.released = true;
		clearInterval(this.timer);
		if (this.lost.aborted) return;
		try {
			await this.table.delete(this.runId, leaseSeq, '#i = :id', {'#i': 'id'}, {':id': {S: this.id}});
		} catch {
			// Unreachable table: the lease expires by itself.
		}
	}
}
