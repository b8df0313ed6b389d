/**
 * Which request values the installed SDK marks sensitive: a single value (RDS's MasterUserPassword,
 * a SecretString) is; the names inside a structure marked as a whole (AWS Backup's restore Metadata:
 * the table name the report needs) are not.
 */
import {describe, expect, it} from 'vitest';
import {inputShapeOf} from '../../source/aws/input-shape.js';
import {serviceLoaders} from '../../source/aws/loaders.js';
import {reachesSensitive, sensitiveValues} from '../../source/aws/sensitive.js';

async function sensitive(service: string, command: string, input: Record<string, unknown>): Promise<string[]> {
	const shape = inputShapeOf(service, command, await serviceLoaders[service]!());
	if (!shape) throw new Error(`no shape for ${service} ${command}`);
	return sensitiveValues(input, shape.shape);
}

describe('sensitiveValues', () => {
	it('finds a password the SDK marks sensitive, and nothing else of the request', async () => {
		expect(
			await sensitive('rds', 'CreateDBInstance', {DBInstanceIdentifier: 'db-1', MasterUsername: 'admin1', MasterUserPassword: 'pw-Sekret-1', Tags: [{Key: 'a', Value: 'b'}]}),
		).toEqual(['pw-Sekret-1']);
	});

	it('leaves the names inside a structure marked sensitive as a whole', async () => {
		expect(
			await sensitive('backup', 'StartRestoreJob', {RecoveryPointArn: 'arn:x', Metadata: {targetTableName: 'Lpas-restored'}, IamRoleArn: 'arn:role'}),
		).toEqual([]);
	});

	it('knows without walking the items that a DynamoDB write holds nothing sensitive, and that an RDS create does', async () => {
		const dynamodb = inputShapeOf('dynamodb', 'BatchWriteItem', await serviceLoaders['dynamodb']!());
		const rds = inputShapeOf('rds', 'CreateDBInstance', await serviceLoaders['rds']!());
		expect(reachesSensitive(dynamodb!.shape)).toBe(false);
		expect(reachesSensitive(rds!.shape)).toBe(true);
		const item = {id: {S: 'cred-1'}, nested: {M: {deep: {L: [{S: 'x'}, {N: '12345'}]}}}};
		expect(await sensitive('dynamodb', 'BatchWriteItem', {RequestItems: {table: [{PutRequest: {Item: item}}]}})).toEqual([]);
	});
});
