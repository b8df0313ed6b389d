import {randomBytes} from 'node:crypto';
import type * as Dynamo from '@aws-sdk/client-dynamodb';
import type {RunEvent} from '../../engine/events.js';
import {JournalConflict, type RunJournal} from '../../ports/run-journal.js';
import {LeaseLost, holderOf, type DynamoLease} from './dynamo-lease.js';
import {eventItem, fenceItem, isFence, leaseSeq, text, type Item} from './item-codec.js';
import {errorName, isNoTransactions, type StateTable} from './table.js';

/** A transaction holds at most 100 actions. */
const perTransaction = 100;
/** How often a position is fenced again for this holding (a stale fence found there) before giving up. */
const refenceTries = 3;

/** A put's condition: the position is free, or holds this holding's own fence. */
type Condition = {readonly expression: string; readonly names: Record<string, string>; readonly values?: Record<string, Dynamo.AttributeValue>};

/**
 * A run's journal in the shared table: event `n` is the item (run, n), one conditional put per event,
 * put only where no item is or where this driver's lease put its fence (see fence.ts), so two writers
 * can never both write one position and a driver whose lease was taken finds its next position taken
 * by the new holder's fence: it stops, naming that holder. A group of events queued together is one
 * transaction where the table has them (dynalite has not: one by one). A write retried after a
 * dropped answer finds its own item (the writer mark) and goes on.
 */
export class DynamoRunJournal implements RunJournal {
	private readonly writer = randomBytes(8).toString('hex');
	private readonly condition: Condition;
	/** A write is under way: a second one now would race it for the same positions. */
	private writing = false;

	constructor(
		private readonly table: StateTable,
		private readonly runId: string,
		private count: number,
		private readonly lease: DynamoLease | undefined,
	) {
		this.condition = lease
			? {expression: 'attribute_not_exists(#s) OR #f = :f', names: {'#s': 'seq', '#f': 'f'}, values: {':f': {S: lease.id}}}
			: {expression: 'attribute_not_exists(#s)', names: {'#s': 'seq'}};
	}

	get sequence(): number {
		return this.count;
	}

	async append(event: RunEvent, expectedSequence: number): Promise<void> {
		await this.appendAll([event], expectedSequence);
	}

	async appendAll(events: readonly RunEvent[], expectedSequence: number): Promise<void> {
		// A position this journal knows is taken conflicts at once; any other is settled by the table.
		if (expectedSequence < this.count || this.writing) throw new JournalConflict(expectedSequence, this.count);
		if (this.lease?.lost.aborted) throw await this.lost();
		const items = events.map((event, index) => eventItem(this.runId, expectedSequence + index, event, this.writer));
		this.writing = true;
		try {
			const transacted = items.length > 1 && this.table.transactions && (await this.transactAll(items, expectedSequence));
			if (!transacted) for (const [index, item] of items.entries()) await this.put(item, expectedSequence + index);
			this.count = expectedSequence + events.length;
		} finally {
			this.writing = false;
		}
	}

	async close(): Promise<void> {}

	/** One event, one conditional put (retried by the SDK on throttling and dropped connections). */
	private async put(item: Item, seq: number): Promise<void> {
		const {expression, names, values} = this.condition;
		for (let tries = 0; tries <= refenceTries; tries++) {
			if (await this.table.putNew(item, expression, names, values)) return;
			if ((await this.settle(seq)) === 'ours') return;
		}
		throw await this.lost();
	}

	/** Events queued together, in transactions of up to 100; false when the table has none (nothing written then). */
	private async transactAll(items: Item[], first: number): Promise<boolean> {
		for (let start = 0; start < items.length; start += perTransaction) {
			const group = items.slice(start, start + perTransaction);
			for (let tries = 0; ; tries++) {
				let failed: number;
				try {
					failed = await this.transact(group);
				} catch (error) {
					if (!isNoTransactions(error)) throw error;
					this.table.transactions = false;
					return false;
				}
				// A transaction applied whole: a retried one finds its first item its own.
				if (failed < 0 || (await this.settle(first + start + failed)) === 'ours') break;
				if (tries >= refenceTries) throw await this.lost();
			}
		}
		return true;
	}

	/** -1 when written; else the index of the first item whose position was taken. */
	private async transact(items: Item[]): Promise<number> {
		const {sdk, name} = this.table;
		const {expression, names, values} = this.condition;
		const puts = items.map(item => ({
			Put: {TableName: name, Item: item as Record<string, Dynamo.AttributeValue>, ConditionExpression: expression, ExpressionAttributeNames: names, ...(values ? {ExpressionAttributeValues: values} : {})},
		}));
		try {
			// The SDK gives the transaction a token its retries share, so a retried one is not applied twice.
			await this.table.send(new sdk.TransactWriteItemsCommand({TransactItems: puts}));
			return -1;
		} catch (error) {
			if (errorName(error) !== 'TransactionCanceledException') throw error;
			const reasons = ((error as {CancellationReasons?: {Code?: string}[]}).CancellationReasons ?? []).map(reason => reason.Code ?? 'None');
			const failed = reasons.findIndex(code => code === 'ConditionalCheckFailed');
			if (failed < 0) throw error;
			return failed;
		}
	}

	/**
	 * The position was taken. By this journal's own earlier try (a retry after a dropped answer):
	 * 'ours'. By the fence of another holding: this driver lost the run (LeaseLost, naming the new
	 * holder), unless the lease is still its own (a fence left by a taker that lost the lease again):
	 * its own fence goes there, and 'again'. By another writer's event: a conflict.
	 */
	private async settle(seq: number): Promise<'ours' | 'again'> {
		const found = await this.table.get(this.runId, seq);
		if (!found) return 'again';
		if (!isFence(found)) {
			if (text(found, 'w') === this.writer) return 'ours';
			throw new JournalConflict(seq, await this.table.eventCount(this.runId));
		}
		// A writer without a lease meets the position a lease holder took: the run is that holder's.
		if (!this.lease) throw new LeaseLost(this.runId, holderOf(found));
		const lease = await this.table.get(this.runId, leaseSeq);
		if (text(lease, 'id') !== this.lease.id) {
			this.lease.lose();
			return Promise.reject(new LeaseLost(this.runId, holderOf(lease) ?? holderOf(found)));
		}
		await this.table.putNew(fenceItem(this.runId, seq, this.lease.id, this.lease.holder), 'attribute_exists(#f)', {'#f': 'f'});
		return 'again';
	}

	private async lost(): Promise<LeaseLost> {
		this.lease?.lose();
		const holder = holderOf(await this.table.get(this.runId, leaseSeq).catch(() => undefined));
		return new LeaseLost(this.runId, holder);
	}
}
