import type * as Dynamo from '@aws-sdk/client-dynamodb';
import {isNoTransactions, type StateTable} from './table.js';

/** What `belay state init` did to the table. */
export type TableCreated = {readonly created: boolean; readonly pointInTimeRecovery: boolean; readonly deletionProtection: boolean};

/**
 * Creates the state table: key (run: S, seq: N), on-demand billing, deletion protection on, then
 * point-in-time recovery on once it is active. A table that exists already is kept (its settings are
 * turned on where they are not). `plain` leaves the protections out (for a local emulator that has none).
 */
export async function createStateTable(table: StateTable, options: {readonly plain?: boolean; readonly waitMs?: number} = {}): Promise<TableCreated> {
	const {sdk, name} = table;
	let created = true;
	try {
		await table.send(
			new sdk.CreateTableCommand({
				TableName: name,
				AttributeDefinitions: [
					{AttributeName: 'run', AttributeType: 'S'},
					{AttributeName: 'seq', AttributeType: 'N'},
				],
				KeySchema: [
					{AttributeName: 'run', KeyType: 'HASH'},
					{AttributeName: 'seq', KeyType: 'RANGE'},
				],
				BillingMode: 'PAY_PER_REQUEST',
				...(options.plain ? {} : {DeletionProtectionEnabled: true}),
				Tags: [{Key: 'purpose', Value: 'belay run state'}],
			}),
		);
	} catch (error) {
		if ((error as {name?: string}).name !== 'ResourceInUseException') throw error;
		created = false;
	}
	const deadline = Date.now() + (options.waitMs ?? 120_000);
	for (;;) {
		const out: Dynamo.DescribeTableCommandOutput = await table.send(new sdk.DescribeTableCommand({TableName: name}));
		if (out.Table?.TableStatus === 'ACTIVE') {
			if (!created && !options.plain && !out.Table.DeletionProtectionEnabled) {
				await table.send(new sdk.UpdateTableCommand({TableName: name, DeletionProtectionEnabled: true}));
			}
			break;
		}
		if (Date.now() > deadline) throw new Error(`the table ${name} is not active after ${Math.round((options.waitMs ?? 120_000) / 1000)} s; run belay state init again later`);
		await new Promise(resolve => setTimeout(resolve, 500));
	}
	if (options.plain) return {created, pointInTimeRecovery: false, deletionProtection: false};
	try {
		await table.send(
			new sdk.UpdateContinuousBackupsCommand({TableName: name, PointInTimeRecoverySpecification: {PointInTimeRecoveryEnabled: true}}),
		);
	} catch (error) {
		// A local emulator (dynalite) has no backups: the table works, without recovery.
		if (!isNoTransactions(error)) throw error;
		return {created, pointInTimeRecovery: false, deletionProtection: true};
	}
	return {created, pointInTimeRecovery: true, deletionProtection: true};
}

/** The IAM policy belay needs on the state table (and nothing else). */
export function statePolicy(table: string, region = '*', account = '*'): string {
	const arn = `arn:aws:dynamodb:${region}:${account}:table/${table}`;
	return JSON.stringify(
		{
			Version: '2012-10-17',
			Statement: [
				{
					Sid: 'BelayRunState',
					Effect: 'Allow',
					Action: [
						'dynamodb:GetItem',
						'dynamodb:PutItem',
						'dynamodb:UpdateItem',
						'dynamodb:DeleteItem',
						'dynamodb:Query',
						'dynamodb:Scan',
						'dynamodb:ConditionCheckItem',
						'dynamodb:DescribeTable',
					],
					Resource: arn,
				},
			],
		},
		null,
		2,
	);
}
