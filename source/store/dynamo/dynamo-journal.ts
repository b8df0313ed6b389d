import {randomBytes} from 'node:crypto';
import type * as Dynamo from '@aws-sdk/client-dynamodb';
import type {RunEvent} from '../../engine/events.js';
import {JournalConflict, type RunJournal} from '../../ports/run-journal.js';
import {LeaseLost, holderOf, type DynamoLease} from './dynamo-lease.js';
import {eventItem, key, leaseSeq, text, type Item} from './item-codec.js';
import {errorName, isNoTransactions, type StateTable} from './table.js';

/** A transaction holds at most 100 actions: the lease check and 99 events. */
const perTransaction = 99;

/**
 * A run's journal in the shared table: event `n` is the item (run, n), put only where no item is
 * (`attribute_not_exists`), so two writers can never both write one position. A group of events is
 * one transaction with a check that the lease is still this driver's (the fence); a table without
 * transactions (dynalite) gets the events one by one, after a consistent read of the lease item. A write retried after a dropped answer finds its own item (the writer mark) and goes on.
 */
export class DynamoRunJournal implements RunJournal {
	private readonly writer = randomBytes(8).toString('hex');
	/** A write is under way: a second one now would race it for the same positions. */
	private writing = false;

	constructor(
		private readonly table: StateTable,
		private readonly runId: string,
		private count: number,
		private readonly lease: DynamoLease | undefined,
	) {}

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
			for (let start = 0; start < items.length; start += perTransaction) {
				await this.write(items.slice(start, start + perTransaction), expectedSequence + start);
			}
			this.count = expectedSequence + events.length;
		} finally {
			this.writing = false;
		}
	}

	async close(): Promise<void> {}

	private async write(items: Item[], first: number): Promise<void> {
		if (this.table.transactions && (items.length > 1 || this.lease)) {
			try {
				await this.transact(items, first);
				return;
			} catch (error) {
				if (!isNoTransactions(error)) throw error;
				this.table.transactions = false;
			}
		}
		if (this.lease) await this.fence();
		for (const [index, item] of items.entries()) {
			if (await this.table.putNew(item)) continue;
			await this.conflictUnlessOurs(first + index);
		}
	}

	private async transact(items: Item[], first: number): Promise<void> {
		const {sdk, name} = this.table;
		const check = this.lease
			? [{ConditionCheck: {TableName: name, Key: key(this.runId, leaseSeq), ConditionExpression: '#i = :id', ExpressionAttributeNames: {'#i': 'id'}, ExpressionAttributeValues: {':id': {S: this.lease.id}}}}]
			: [];
		const puts = items.map(item => ({Put: {TableName: name, Item: item as Record<string, Dynamo.AttributeValue>, ConditionExpression: 'attribute_not_exists(#s)', ExpressionAttributeNames: {'#s': 'seq'}}}));
		try {
			// The SDK gives the transaction a token its retries share, so a retried one is not applied twice.
			await this.table.send(new sdk.TransactWriteItemsCommand({TransactItems: [...check, ...puts]}));
		} catch (error) {
			if (errorName(error) !== 'TransactionCanceledException') throw error;
			const reasons = ((error as {CancellationReasons?: {Code?: string}[]}).CancellationReasons ?? []).map(reason => reason.Code ?? 'None');
			if (this.lease && reasons[0] === 'ConditionalCheckFailed') throw await this.lost();
			const failed = reasons.slice(check.length).findIndex(code => code === 'ConditionalCheckFailed');
			if (failed < 0) throw error;
			// A retry of a transaction that was applied finds every item its own.
			for (let index = 0; index < items.length; index++) await this.conflictUnlessOurs(first + index);
		}
	}

	/**
	 * The lease is still ours: the fence on a table without transactions, a strongly consistent read
	 * of the lease item before the events are put (a read, so a run's writes stay one per event).
	 */
	private async fence(): Promise<void> {
		const lease = await this.table.get(this.runId, leaseSeq);
		if (text(lease, 'id') !== this.lease!.id) throw await this.lost();
	}

	/** The position was taken: by this journal's own earlier try (fine), or by another writer (a conflict). */
	private async conflictUnlessOurs(seq: number): Promise<void> {
		const found = await this.table.get(this.runId, seq);
		if (found && text(found, 'w') === this.writer) return;
		throw new JournalConflict(seq, await this.table.eventCount(this.runId));
	}

	private async lost(): Promise<LeaseLost> {
		this.lease?.lose();
		const holder = holderOf(await this.table.get(this.runId, leaseSeq).catch(() => undefined));
		return new LeaseLost(this.runId, holder);
	}
}
