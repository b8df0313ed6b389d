import {readFileSync} from 'node:fs';
import {fileURLToPath} from 'node:url';
import {describe, expect, test} from 'vitest';
import {buildCatalog} from '../../scripts/aws-catalog.mjs';
import {awsCatalog, canonicalCommand, commandInfo} from '../../source/aws/catalog.js';

/**
 * `belay validate` checks AWS steps against source/aws/catalog.json instead of loading the clients.
 * That file must describe the installed SDK: after upgrading an @aws-sdk package, `npm run catalog`
 * regenerates it, and this test fails until it is.
 */

const root = fileURLToPath(new URL('../../', import.meta.url));

describe('the AWS command catalog', () => {
	test('source/aws/catalog.json is what `npm run catalog` makes of the installed clients', async () => {
		const committed = JSON.parse(readFileSync(`${root}source/aws/catalog.json`, 'utf8')) as unknown;
		const installed = await buildCatalog(`${root}node_modules/@aws-sdk`);
		// Versions first: the most likely difference, and the clearest message.
		const versions = (catalog: Record<string, {version: string}>): Record<string, string> =>
			Object.fromEntries(Object.entries(catalog).map(([service, info]) => [service, info.version]));
		expect(versions(committed as Record<string, {version: string}>), 'client versions differ: run `npm run catalog`').toEqual(
			versions(installed),
		);
		expect(committed, 'source/aws/catalog.json is stale: run `npm run catalog`').toEqual(installed);
	}, 60_000);

	test('lists every service runbooks may name', () => {
		expect(Object.keys(awsCatalog).sort()).toEqual(
			['backup', 'dynamodb', 'dynamodb-document', 'elasticbeanstalk', 'kms', 'opensearch', 'osis', 'rds', 's3', 'sts'].sort(),
		);
	});

	test('backup StartRestoreJob: its input members, and IdempotencyToken as the token belay supplies', () => {
		const info = commandInfo('backup', 'StartRestoreJob');
		expect(info?.token).toBe('IdempotencyToken');
		expect(info?.input).toEqual(expect.arrayContaining(['RecoveryPointArn', 'Metadata', 'IamRoleArn', 'IdempotencyToken', 'ResourceType']));
		expect(commandInfo('backup', 'DescribeRestoreJob')?.input).toEqual(['RestoreJobId']);
		expect(commandInfo('backup', 'ListRecoveryPointsByBackupVault')?.paginate).toBe(true);
	});

	test('osis (OpenSearch Ingestion) has the pipeline commands, with PipelineName as input', () => {
		for (const command of ['StopPipeline', 'StartPipeline', 'GetPipeline']) {
			expect(commandInfo('osis', command)?.input, `osis ${command}`).toEqual(['PipelineName']);
		}
		// Pipelines are not part of the OpenSearch domains API.
		expect(commandInfo('opensearch', 'StopPipeline')).toBeUndefined();
	});

	test('dynamodb Scan and Query are paginated; DescribeTable is not', () => {
		expect(commandInfo('dynamodb', 'Scan')?.paginate).toBe(true);
		expect(commandInfo('dynamodb', 'Query')?.paginate).toBe(true);
		expect(commandInfo('dynamodb', 'DescribeTable')?.paginate).toBeUndefined();
	});

	test('dynamodb-document has Scan, Query and BatchWrite (the document client names)', () => {
		for (const command of ['Scan', 'Query', 'BatchWrite']) {
			expect(commandInfo('dynamodb-document', command), `dynamodb-document ${command}`).toBeDefined();
		}
		expect(commandInfo('dynamodb-document', 'Scan')?.paginate).toBe(true);
		expect(commandInfo('dynamodb-document', 'BatchWriteItem')).toBeUndefined();
	});

	test('elasticbeanstalk: service id "Elastic Beanstalk", UpdateEnvironment with its option settings', () => {
		expect(awsCatalog['elasticbeanstalk']).toMatchObject({package: 'client-elastic-beanstalk', client: 'ElasticBeanstalkClient', serviceId: 'Elastic Beanstalk'});
		expect(commandInfo('elasticbeanstalk', 'UpdateEnvironment')?.input).toEqual(
			expect.arrayContaining(['EnvironmentName', 'EnvironmentId', 'OptionSettings', 'VersionLabel']),
		);
		expect(commandInfo('elasticbeanstalk', 'DescribeEnvironments')?.input).toEqual(expect.arrayContaining(['EnvironmentNames', 'ApplicationName']));
	});

	test('a command may be written with its SDK class suffix', () => {
		expect(canonicalCommand('backup', 'StartRestoreJobCommand')).toBe('StartRestoreJob');
		expect(canonicalCommand('dynamodb-document', 'ScanCommand')).toBe('Scan');
	});
});
