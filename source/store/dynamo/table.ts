import type * as Dynamo from '@aws-sdk/client-dynamodb';
import {importPackage} from '../../import-package.js';
import type {StateUrl} from '../state-url.js';
import {isFence, key, type Item} from './item-codec.js';
import {SignedPut, type ClientConfig} from './signed-put.js';

type Sdk = typeof Dynamo;

/**
 * The state table as the store uses it: the SDK loaded on first use, items put and read with the
 * conditions belay needs. Throttling and dropped connections are retried by the SDK (8 attempts,
 * backing off); what a retry could write twice is made safe by the callers (a writer mark, a
 * transaction token).
 */
export class StateTable {
	/** False once the table answered that it has no transactions (dynalite): sequential writes then. */
	transactions = true;

	/** The common conditional put without the SDK's middleware (see signed-put.ts). */
	private readonly signed: SignedPut;

	private constructor(
		readonly sdk: Sdk,
		readonly client: Dynamo.DynamoDBClient,
		readonly name: string,
	) {
		this.signed = new SignedPut(client.config as unknown as ClientConfig);
	}

	static async connect(url: StateUrl): Promise<StateTable> {
		const sdk = await importPackage<Sdk>('@aws-sdk/client-dynamodb');
		const client = new sdk.DynamoDBClient({
			...(url.region ? {region: url.region} : {}),
			...(url.endpoint ? {endpoint: url.endpoint} : {}),
			maxAttempts: 8,
			logger: {debug() {}, info() {}, warn() {}, error() {}},
			// One client and one keep-alive connection pool for the store's life; the middleware stack
			// resolved once per kind of command, not for every request (it halves the SDK's CPU per put).
			cacheMiddleware: true,
			requestHandler: {httpAgent: {keepAlive: true, maxSockets: 50}, httpsAgent: {keepAlive: true, maxSockets: 50}},
		});
		return new StateTable(sdk, client, url.table);
	}

	/** Sends a command; what the operator must fix (no table, no region, no credentials, no permission) becomes a StateTableError. */
	async send<Output>(command: {readonly input: unknown}): Promise<Output> {
		try {
			return (await this.client.send(command as never)) as Output;
		} catch (error) {
			throw stateTableError(error, this.name) ?? error;
		}
	}

	get where(): string {
		return `dynamodb://${this.name}`;
	}

	async get(runId: string, seq: number): Promise<Item | undefined> {
		const out: Dynamo.GetItemCommandOutput = await this.send(new this.sdk.GetItemCommand({TableName: this.name, Key: key(runId, seq), ConsistentRead: true}));
		return out.Item as Item | undefined;
	}

	/** Items of a run from `from` on (to `to` when given), in order, every page. */
	async query(runId: string, from: number, to?: number): Promise<Item[]> {
		const items: Item[] = [];
		let start: Record<string, Dynamo.AttributeValue> | undefined;
		do {
			const out: Dynamo.QueryCommandOutput = await this.send(
				new this.sdk.QueryCommand({
					TableName: this.name,
					KeyConditionExpression: to === undefined ? '#r = :r AND #s >= :from' : '#r = :r AND #s BETWEEN :from AND :to',
					ExpressionAttributeNames: {'#r': 'run', '#s': 'seq'},
					ExpressionAttributeValues: {':r': {S: runId}, ':from': {N: String(from)}, ...(to === undefined ? {} : {':to': {N: String(to)}})},
					ConsistentRead: true,
					...(start ? {ExclusiveStartKey: start} : {}),
				}),
			);
			items.push(...((out.Items ?? []) as Item[]));
			start = out.LastEvaluatedKey;
		} while (start);
		return items;
	}

	/** The number of events a run holds: its last sequence number plus one, or the position of the fence after them. */
	async eventCount(runId: string): Promise<number> {
		const out: Dynamo.QueryCommandOutput = await this.send(
			new this.sdk.QueryCommand({
				TableName: this.name,
				KeyConditionExpression: '#r = :r AND #s >= :zero',
				ExpressionAttributeNames: {'#r': 'run', '#s': 'seq', '#f': 'f'},
				ExpressionAttributeValues: {':r': {S: runId}, ':zero': {N: '0'}},
				ScanIndexForward: false,
				Limit: 1,
				ConsistentRead: true,
				ProjectionExpression: '#s, #f',
			}),
		);
		const last = out.Items?.[0] as Item | undefined;
		if (!last) return 0;
		return Number((last['seq'] as {N: string}).N) + (isFence(last) ? 0 : 1);
	}

	/** Puts an item unless its position is taken (or `condition` fails); false when refused. */
	async putNew(item: Item, condition = 'attribute_not_exists(#s)', names: Record<string, string> = {'#s': 'seq'}, values?: Record<string, Dynamo.AttributeValue>): Promise<boolean> {
		// Items of text and numbers go the short way (binary values would need base64: the SDK does that).
		if (!('z' in item)) {
			const input = {TableName: this.name, Item: item, ConditionExpression: condition, ExpressionAttributeNames: names, ...(values ? {ExpressionAttributeValues: values} : {})};
			const written = await this.signed.put(input);
			if (written !== undefined) return written;
		}
		try {
			await this.send(
				new this.sdk.PutItemCommand({
					TableName: this.name,
					Item: item,
					ConditionExpression: condition,
					ExpressionAttributeNames: names,
					...(values ? {ExpressionAttributeValues: values} : {}),
				}),
			);
			return true;
		} catch (error) {
			if (isConditionFailed(error)) return false;
			throw error;
		}
	}

	/** Updates an item when `condition` holds; false when it does not. */
	async update(runId: string, seq: number, expression: string, names: Record<string, string>, values: Record<string, Dynamo.AttributeValue>, condition?: string): Promise<boolean> {
		try {
			await this.send(
				new this.sdk.UpdateItemCommand({
					TableName: this.name,
					Key: key(runId, seq),
					UpdateExpression: expression,
					ExpressionAttributeNames: names,
					ExpressionAttributeValues: values,
					...(condition ? {ConditionExpression: condition} : {}),
				}),
			);
			return true;
		} catch (error) {
			if (isConditionFailed(error)) return false;
			throw error;
		}
	}

	async delete(runId: string, seq: number, condition?: string, names?: Record<string, string>, values?: Record<string, Dynamo.AttributeValue>): Promise<boolean> {
		try {
			await this.send(
				new this.sdk.DeleteItemCommand({
					TableName: this.name,
					Key: key(runId, seq),
					...(condition ? {ConditionExpression: condition} : {}),
					...(names ? {ExpressionAttributeNames: names} : {}),
					...(values ? {ExpressionAttributeValues: values} : {}),
				}),
			);
			return true;
		} catch (error) {
			if (isConditionFailed(error)) return false;
			throw error;
		}
	}

	/** The ids of every run (the events at position 0), by scanning the table. */
	async runIds(): Promise<string[]> {
		const ids: string[] = [];
		let start: Record<string, Dynamo.AttributeValue> | undefined;
		do {
			const out: Dynamo.ScanCommandOutput = await this.send(
				new this.sdk.ScanCommand({
					TableName: this.name,
					FilterExpression: '#s = :zero AND attribute_not_exists(#f)',
					ProjectionExpression: '#r',
					ExpressionAttributeNames: {'#r': 'run', '#s': 'seq', '#f': 'f'},
					ExpressionAttributeValues: {':zero': {N: '0'}},
					...(start ? {ExclusiveStartKey: start} : {}),
				}),
			);
			for (const item of out.Items ?? []) if (item['run']?.S) ids.push(item['run'].S);
			start = out.LastEvaluatedKey;
		} while (start);
		return ids;
	}

	close(): void {
		this.signed.close();
		this.client.destroy();
	}
}

export function errorName(error: unknown): string {
	return (error as {name?: string}).name ?? '';
}

export function isConditionFailed(error: unknown): boolean {
	return errorName(error) === 'ConditionalCheckFailedException';
}

/** The table does not know the operation (dynalite has no transactions and no backups: UnknownOperationException). */
export function isNoTransactions(error: unknown): boolean {
	const name = errorName(error);
	return name === 'UnknownOperationException' || name === 'UnknownOperation' || /not (yet )?(supported|implemented)/i.test(String((error as Error).message));
}

/** A shared state table belay cannot use: what is wrong and what to do. */
export class StateTableError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'StateTableError';
	}
}

function stateTableError(error: unknown, table: string): StateTableError | undefined {
	const name = errorName(error);
	const message = String((error as Error).message ?? error);
	const where = `the state table dynamodb://${table}`;
	if (name === 'ResourceNotFoundException') return new StateTableError(`${where} does not exist (in this account and region): create it with: belay state init --state dynamodb://${table}`);
	if (/region is missing/i.test(message)) return new StateTableError(`${where} has no region: add one, as in dynamodb://${table}?region=eu-west-1, or set AWS_REGION`);
	if (name === 'CredentialsProviderError' || /could not load credentials/i.test(message)) return new StateTableError(`${where} cannot be reached: no AWS credentials (${message.split('\n')[0]}); sign in (aws sso login, or AWS_PROFILE) and try again`);
	if (name === 'AccessDeniedException' || name === 'UnrecognizedClientException') return new StateTableError(`${where} refused access (${name}: ${message.split('\n')[0]}); the policy belay needs is printed by: belay state init --state dynamodb://${table} --policy-only`);
	return undefined;
}
