import type {Server} from 'node:http';
import type {AddressInfo} from 'node:net';
import {rmSync} from 'node:fs';
import {join} from 'node:path';
import {
	CreateTableCommand,
	DescribeTableCommand,
	DynamoDBClient,
	GetItemCommand,
	PutItemCommand,
	ScanCommand,
	type AttributeValue,
	type CreateTableCommandInput,
} from '@aws-sdk/client-dynamodb';
import dynalite from 'dynalite';
import {afterAll, beforeAll, describe, expect, test} from 'vitest';
import {buildPrivateCli, describeExit, scratch, show, stepOf, writeRunbook, type Cli} from './cli.js';

/**
 * belay against a local DynamoDB (dynalite): the CLI, as a child process, pointed at it with
 * AWS_ENDPOINT_URL_DYNAMODB, creates a table, waits for it, writes and scans it; the test then
 * reads the table itself with the SDK.
 */

let server: Server;
let endpoint = '';
let cli: Cli;
let client: DynamoDBClient;
const dirs: string[] = [];
let tables = 0;

beforeAll(async () => {
	server = dynalite({createTableMs: 200});
	await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
	endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
	client = new DynamoDBClient({endpoint, region: 'eu-west-1', credentials: {accessKeyId: 'x', secretAccessKey: 'y'}});
	cli = await buildPrivateCli();
});

afterAll(async () => {
	client?.destroy();
	server.closeAllConnections();
	await new Promise(resolve => server.close(resolve));
	cli?.dispose();
	for (const dir of dirs) rmSync(dir, {recursive: true, force: true});
});

/** A table name no other test uses. */
function tableName(): string {
	return `belay-test-${process.pid}-${++tables}`;
}

const keySchema: Omit<CreateTableCommandInput, 'TableName'> = {
	AttributeDefinitions: [{AttributeName: 'id', AttributeType: 'S'}],
	KeySchema: [{AttributeName: 'id', KeyType: 'HASH'}],
	BillingMode: 'PAY_PER_REQUEST',
};

/** Creates a table directly (not through belay) with these items, and waits for it to be ACTIVE. */
async function existingTable(items: Record<string, AttributeValue>[]): Promise<string> {
	const name = tableName();
	await client.send(new CreateTableCommand({TableName: name, ...keySchema}));
	for (let tries = 0; ; tries++) {
		const {Table} = await client.send(new DescribeTableCommand({TableName: name}));
		if (Table?.TableStatus === 'ACTIVE') break;
		if (tries > 100) throw new Error(`${name} did not become ACTIVE`);
		await new Promise(resolve => setTimeout(resolve, 50));
	}
	for (const Item of items) await client.send(new PutItemCommand({TableName: name, Item}));
	return name;
}

/** Every item of a table, read directly, sorted by id. */
async function itemsOf(name: string): Promise<Record<string, AttributeValue>[]> {
	const {Items = []} = await client.send(new ScanCommand({TableName: name, ConsistentRead: true}));
	return Items.sort((a, b) => String(a['id']?.S).localeCompare(String(b['id']?.S)));
}

async function runBelay(steps: Record<string, unknown>[], extraArgs: string[] = []): Promise<{exit: Awaited<ReturnType<Cli['run']>>; state: string; runId: string}> {
	const dir = scratch('dynalite');
	dirs.push(dir);
	const path = writeRunbook(dir, 'tables.yaml', {version: 1, name: 'dynalite-tables', title: 'Tables on a local DynamoDB', steps});
	const state = join(dir, 'state');
	const runId = `dynalite-${tables}-${Math.random().toString(36).slice(2, 6)}`;
	const exit = await cli.run(['run', path, '--non-interactive', '--state-dir', state, '--run-id', runId, ...extraArgs], {
		env: {AWS_ENDPOINT_URL_DYNAMODB: endpoint, AWS_ACCESS_KEY_ID: 'x', AWS_SECRET_ACCESS_KEY: 'y', AWS_REGION: 'eu-west-1'},
	});
	return {exit, state, runId};
}

const item = (id: string, name: string, revision: number): Record<string, AttributeValue> => ({id: {S: id}, name: {S: name}, revision: {N: String(revision)}});

describe('belay against dynalite', () => {
	test('CreateTable, wait for ACTIVE, PutItem, BatchWriteItem, document Put, paginated Scan: the table holds what the run wrote', async () => {
		const table = tableName();
		const batch = [2, 3, 4, 5, 6].map(n => ({PutRequest: {Item: item(`lpa-${n}`, `item ${n}`, n)}}));

		const {exit, state, runId} = await runBelay([
			{id: 'create', title: `Create ${table}`, aws: {service: 'dynamodb', command: 'CreateTable', input: {TableName: table, ...keySchema}}},
			{
				id: 'active',
				title: 'Wait for the table to be ACTIVE',
				wait: {
					aws: {service: 'dynamodb', command: 'DescribeTable', input: {TableName: table}},
					until: "result.Table.TableStatus = 'ACTIVE'",
					failWhen: "result.Table.TableStatus in ['DELETING', 'ARCHIVED']",
					interval: '300ms',
					timeout: '30s',
					progress: "result.Table.TableStatus = 'ACTIVE' ? 100 : 50",
					message: '${{ result.Table.TableName & " is " & result.Table.TableStatus }}',
				},
				outputs: {status: 'result.Table.TableStatus'},
			},
			{id: 'put', title: 'Put one item', aws: {service: 'dynamodb', command: 'PutItem', input: {TableName: table, Item: item('lpa-1', 'item 1', 1)}}},
			{
				id: 'batch',
				title: 'Write five items in one batch',
				aws: {service: 'dynamodb', command: 'BatchWriteItem', input: {RequestItems: {[table]: batch}}},
				outputs: {unprocessed: '$count($keys(result.UnprocessedItems))'},
			},
			{
				id: 'document-put',
				title: 'Put one item with the document client',
				aws: {service: 'dynamodb-document', command: 'Put', input: {TableName: table, Item: {id: 'lpa-7', name: 'item 7', revision: 7}}},
			},
			{
				id: 'scan',
				title: 'Scan two items a page',
				aws: {service: 'dynamodb', command: 'Scan', input: {TableName: table, Limit: 2}, paginate: true},
				outputs: {
					count: '$count(result.Items)',
					ids: '$sort(result.Items.id.S)',
					// The merged result keeps the last page's Count: one item, so there was more than one page.
					lastPageCount: 'result.Count',
				},
			},
		]);

		expect(exit.code, describeExit(exit)).toBe(0);
		// The wait reported progress and its message on each poll, ending ACTIVE.
		const polls = exit.stdout.split('\n').filter(line => line.startsWith('… active: poll'));
		expect(polls.length).toBeGreaterThanOrEqual(1);
		expect(polls.at(-1)).toMatch(new RegExp(`^… active: poll \\d+ 100% ${table} is ACTIVE$`));
		for (const line of polls.slice(0, -1)) expect(line).toMatch(new RegExp(`^… active: poll \\d+ 50% ${table} is CREATING$`));

		const document = await show(cli, state, runId);
		expect(document.status).toBe('succeeded');
		expect(document.steps.map(step => [step.id, step.status])).toEqual([
			['create', 'succeeded'],
			['active', 'succeeded'],
			['put', 'succeeded'],
			['batch', 'succeeded'],
			['document-put', 'succeeded'],
			['scan', 'succeeded'],
		]);
		expect(stepOf(document, 'active').outputs).toEqual({status: 'ACTIVE'});
		expect(stepOf(document, 'batch').outputs).toEqual({unprocessed: 0});
		const ids = [1, 2, 3, 4, 5, 6, 7].map(n => `lpa-${n}`);
		expect(stepOf(document, 'scan').outputs).toEqual({count: 7, ids, lastPageCount: 1});

		// The report keeps the scan's request as the step resolved it (no page token) and every item.
		const report = await cli.run(['report', runId, '--format', 'json', '--state-dir', state]);
		const scan = (JSON.parse(report.stdout) as {steps: {id: string; request: {input: unknown}; result: {Items: unknown[]; LastEvaluatedKey?: unknown}}[]}).steps.find(
			step => step.id === 'scan',
		);
		expect(scan?.request.input).toEqual({TableName: table, Limit: 2});
		expect(scan?.result.Items).toHaveLength(7);
		expect(scan?.result.LastEvaluatedKey).toBeUndefined();

		// What dynalite holds.
		const items = await itemsOf(table);
		expect(items.map(entry => entry['id']?.S)).toEqual(ids);
		expect(items[0]).toEqual(item('lpa-1', 'item 1', 1));
		expect(items[4]).toEqual(item('lpa-5', 'item 5', 5));
		const {Item} = await client.send(new GetItemCommand({TableName: table, Key: {id: {S: 'lpa-7'}}}));
		expect(Item).toEqual(item('lpa-7', 'item 7', 7));
	});

	test('a wait whose failWhen becomes true fails the step (exit 1)', async () => {
		const table = await existingTable([item('lpa-1', 'item 1', 1)]);

		const {exit, state, runId} = await runBelay([
			{id: 'delete', title: `Delete ${table}`, aws: {service: 'dynamodb', command: 'DeleteTable', input: {TableName: table}}},
			{
				id: 'still-active',
				title: 'Wait for the table to be ACTIVE',
				wait: {
					aws: {service: 'dynamodb', command: 'DescribeTable', input: {TableName: table}},
					until: "result.Table.TableStatus = 'ACTIVE'",
					failWhen: "result.Table.TableStatus = 'DELETING'",
					interval: '300ms',
					timeout: '30s',
					message: '${{ result.Table.TableName & " is " & result.Table.TableStatus }}',
				},
			},
			{id: 'after', title: 'Never reached', shell: 'echo reached'},
		]);

		expect(exit.code, describeExit(exit)).toBe(1);
		expect(exit.stdout).not.toContain('after | reached');
		const document = await show(cli, state, runId);
		expect(document.status).toBe('failed');
		const step = stepOf(document, 'still-active');
		expect(step.status).toBe('failed');
		expect(step.error?.code).toBe('WaitFailed');
		expect(step.error?.message).toBe(`the wait ended in failure (failWhen is true): ${table} is DELETING`);
		expect(step.error?.details).toMatchObject({result: {Table: {TableName: table, TableStatus: 'DELETING'}}});
		expect(stepOf(document, 'after').status).toBe('pending');
		expect(exit.stderr).toContain(`belay resume ${runId}`);
	});

	test('a wait with a timeout gives up (exit 1)', async () => {
		const table = await existingTable([item('lpa-1', 'item 1', 1)]);

		const began = Date.now();
		const {exit, state, runId} = await runBelay([
			{
				id: 'many-items',
				title: 'Wait for a thousand items',
				wait: {
					aws: {service: 'dynamodb', command: 'DescribeTable', input: {TableName: table}},
					until: 'result.Table.ItemCount > 1000',
					interval: '200ms',
					// Long enough for two polls on a loaded machine (the first loads the SDK).
					timeout: '2s',
					message: '${{ result.Table.TableName & " is " & result.Table.TableStatus }}',
				},
			},
		]);

		expect(exit.code, describeExit(exit)).toBe(1);
		expect(Date.now() - began).toBeLessThan(15_000);
		const step = stepOf(await show(cli, state, runId), 'many-items');
		expect(step.status).toBe('failed');
		expect(step.error?.code).toBe('Timeout');
		expect(step.error?.message).toMatch(new RegExp(`^gave up after 2s \\(\\d+ polls\\) without the condition becoming true; last: ${table} is ACTIVE$`));
		// Polled again and again, but no faster than every 200ms.
		const polls = Number(/\((\d+) polls\)/.exec(step.error?.message ?? '')?.[1]);
		expect(polls).toBeGreaterThanOrEqual(2);
		expect(polls).toBeLessThanOrEqual(11);
	});

	test('a dry run reads (DescribeTable, Scan) but does not write (PutItem): the table is unchanged', async () => {
		const before = [item('lpa-1', 'item 1', 1), item('lpa-2', 'item 2', 2)];
		const table = await existingTable(before);

		const {exit, state, runId} = await runBelay(
			[
				{
					id: 'describe',
					title: 'Read the table',
					aws: {service: 'dynamodb', command: 'DescribeTable', input: {TableName: table}},
					outputs: {status: 'result.Table.TableStatus'},
				},
				{id: 'put', title: 'Put an item', aws: {service: 'dynamodb', command: 'PutItem', input: {TableName: table, Item: item('lpa-3', 'item 3', 3)}}},
				{
					id: 'scan',
					title: 'Scan',
					aws: {service: 'dynamodb', command: 'Scan', input: {TableName: table, Limit: 1}, paginate: true},
					outputs: {count: '$count(result.Items)'},
				},
			],
			['--dry-run'],
		);

		expect(exit.code, describeExit(exit)).toBe(0);
		expect(exit.stdout).toContain('DRY RUN');
		expect(exit.stdout).toContain(`◌ put: dry run, not performed\n  would: aws dynamodb PutItem {"TableName":"${table}","Item":`);
		const document = await show(cli, state, runId);
		expect(document.dryRun).toBe(true);
		expect(stepOf(document, 'describe')).toMatchObject({status: 'succeeded', outputs: {status: 'ACTIVE'}});
		expect(stepOf(document, 'put')).toMatchObject({status: 'skipped', skipReason: 'dry-run'});
		expect(stepOf(document, 'scan')).toMatchObject({status: 'succeeded', outputs: {count: 2}});
		expect(await itemsOf(table)).toEqual(before);
	});
});
