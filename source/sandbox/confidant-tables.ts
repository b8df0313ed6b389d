import {importPackage} from '../import-package.js';
import {sandboxCredentials} from '../aws/sandbox-guard.js';
import {confidantSample, sampleCredentials, type Item} from './confidant-sample.js';

type Sdk = typeof import('@aws-sdk/client-dynamodb');

/** Confidant's table names in the sandbox (its DYNAMODB_TABLE and DYNAMODB_TABLE_ARCHIVE). */
export const confidantTableNames = {primary: 'confidant', archive: 'confidant-archive'} as const;

async function client(url: string, region: string): Promise<{sdk: Sdk; client: InstanceType<Sdk['DynamoDBClient']>}> {
	const sdk = await importPackage<Sdk>('@aws-sdk/client-dynamodb');
	return {sdk, client: new sdk.DynamoDBClient({endpoint: url, region, credentials: sandboxCredentials})};
}

/** Creates a table as Confidant's: keyed on `id`, with the `data_type_date_index` GSI; waits until it is ACTIVE. */
export async function createConfidantTable(sdk: Sdk, dynamo: InstanceType<Sdk['DynamoDBClient']>, name: string): Promise<void> {
	await dynamo.send(
		new sdk.CreateTableCommand({
			TableName: name,
			BillingMode: 'PAY_PER_REQUEST',
			AttributeDefinitions: [
				{AttributeName: 'id', AttributeType: 'S'},
				{AttributeName: 'data_type', AttributeType: 'S'},
				{AttributeName: 'modified_date', AttributeType: 'S'},
			],
			KeySchema: [{AttributeName: 'id', KeyType: 'HASH'}],
			GlobalSecondaryIndexes: [
				{
					IndexName: 'data_type_date_index',
					KeySchema: [
						{AttributeName: 'data_type', KeyType: 'HASH'},
						{AttributeName: 'modified_date', KeyType: 'RANGE'},
					],
					Projection: {ProjectionType: 'ALL'},
				},
			],
		}),
	);
	for (;;) {
		const {Table} = await dynamo.send(new sdk.DescribeTableCommand({TableName: name}));
		if (Table?.TableStatus === 'ACTIVE' && (Table.GlobalSecondaryIndexes ?? []).every(index => index.IndexStatus === 'ACTIVE')) return;
		await new Promise(resolve => setTimeout(resolve, 20));
	}
}

/** Writes items 25 a batch, sending unprocessed ones again. */
export async function putItems(sdk: Sdk, dynamo: InstanceType<Sdk['DynamoDBClient']>, table: string, items: readonly Item[]): Promise<void> {
	for (let start = 0; start < items.length; start += 25) {
		let requests = items.slice(start, start + 25).map(item => ({PutRequest: {Item: item as never}}));
		while (requests.length > 0) {
			const response = await dynamo.send(new sdk.BatchWriteItemCommand({RequestItems: {[table]: requests}}));
			requests = (response.UnprocessedItems?.[table] ?? []) as typeof requests;
		}
	}
}

/** The two tables, empty. */
export async function confidantTables(url: string, region: string): Promise<string[]> {
	const {sdk, client: dynamo} = await client(url, region);
	try {
		for (const name of Object.values(confidantTableNames)) await createConfidantTable(sdk, dynamo, name);
	} finally {
		dynamo.destroy();
	}
	return [`tables ${confidantTableNames.primary} and ${confidantTableNames.archive}, empty (--empty)`];
}

/** The two tables with the sample data; returns lines describing it. */
export async function loadConfidantSample(url: string, region: string, now: Date): Promise<string[]> {
	await confidantTables(url, region);
	const {sdk, client: dynamo} = await client(url, region);
	const sample = confidantSample(now);
	try {
		await putItems(sdk, dynamo, confidantTableNames.primary, sample.primary);
		await putItems(sdk, dynamo, confidantTableNames.archive, sample.archive);
	} finally {
		dynamo.destroy();
	}
	const inPrimary = sampleCredentials.filter(credential => credential.table !== 'archive');
	const disabled = inPrimary.filter(credential => !credential.enabled);
	const mapped = inPrimary.filter(credential => credential.services.length > 0);
	return [
		`table ${confidantTableNames.primary}: ${inPrimary.length} credentials (${disabled.length} disabled, ${mapped.length} mapped to a service; modified 3 to 800 days ago) with their revisions, a blind credential, 4 services (${sample.primary.length} items)`,
		`table ${confidantTableNames.archive}: ${sampleCredentials.length - inPrimary.length + 1} archived credentials with their revisions, one of them also in ${confidantTableNames.primary} (${sample.archive.length} items)`,
	];
}
