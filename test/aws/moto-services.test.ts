import {GetObjectCommand, S3Client} from '@aws-sdk/client-s3';
import {DescribeKeyCommand, KMSClient} from '@aws-sdk/client-kms';
import {DescribeDomainCommand, OpenSearchClient} from '@aws-sdk/client-opensearch';
import {afterAll, beforeAll, describe, expect, test} from 'vitest';
import {motoAccount, motoClientConfig, motoUrl, uniqueName} from '../helpers/moto.js';
import {buildPrivateCli, describeExit, show, stepOf, type Cli} from './cli.js';
import {MotoRunner} from './moto-run.js';

/**
 * The other services belay supports that moto serves, in one run through the CLI: S3 (a bucket with
 * objects written, listed page by page, read back by the test), KMS (a key looked up by its alias,
 * as the bundled restore runbook does) and OpenSearch (a domain created and waited for).
 */

let cli: Cli;
let runner: MotoRunner;
let s3: S3Client;
let kms: KMSClient;
let opensearch: OpenSearchClient;

beforeAll(async () => {
	const url = await motoUrl();
	cli = await buildPrivateCli();
	runner = new MotoRunner(cli, url, 'moto-services');
	// moto serves S3 on one port: buckets by path, not by host name.
	s3 = new S3Client({...motoClientConfig(url), forcePathStyle: true});
	kms = new KMSClient(motoClientConfig(url));
	opensearch = new OpenSearchClient(motoClientConfig(url));
});

afterAll(() => {
	s3?.destroy();
	kms?.destroy();
	opensearch?.destroy();
	runner?.dispose();
	cli?.dispose();
});

describe('S3, KMS and OpenSearch on moto, through the CLI', () => {
	test('CreateBucket, PutObject, paginated ListObjectsV2, HeadObject; CreateKey, CreateAlias, DescribeKey by alias; CreateDomain, wait until processed: moto holds what the run says', async () => {
		const bucket = uniqueName('belay-exports');
		const alias = `alias/${uniqueName('belay-dynamodb')}`;
		const domain = uniqueName('lpas-search');
		const put = (key: string, body: string): Record<string, unknown> => ({
			id: `put-${key.replace(/\W/g, '-')}`,
			title: `Put ${key}`,
			aws: {service: 's3', command: 'PutObject', input: {Bucket: bucket, Key: key, Body: body, ContentType: 'application/json'}},
		});

		const {exit, state, runId} = await runner.run([
			{id: 'bucket', title: `Create ${bucket}`, aws: {service: 's3', command: 'CreateBucket', input: {Bucket: bucket}}},
			put('exports/lpas-1.json', '{"id":"lpa-1"}'),
			put('exports/lpas-2.json', '{"id":"lpa-2","revision":2}'),
			{
				id: 'list',
				title: 'List the exports, one a page',
				aws: {service: 's3', command: 'ListObjectsV2', input: {Bucket: bucket, Prefix: 'exports/', MaxKeys: 1}, paginate: true},
				outputs: {keys: 'result.Contents.Key', truncated: 'result.IsTruncated'},
			},
			{
				id: 'head',
				title: 'Read the second export\'s size',
				aws: {service: 's3', command: 'HeadObject', input: {Bucket: bucket, Key: 'exports/lpas-2.json'}},
				outputs: {length: 'result.ContentLength', type: 'result.ContentType'},
			},
			{id: 'key', title: 'Create a key', aws: {service: 'kms', command: 'CreateKey', input: {Description: 'belay test key'}}, outputs: {id: 'result.KeyMetadata.KeyId'}},
			{id: 'alias', title: `Name it ${alias}`, aws: {service: 'kms', command: 'CreateAlias', input: {AliasName: alias, TargetKeyId: '${{ steps.key.outputs.id }}'}}},
			{
				id: 'kms-key',
				title: `Look up the KMS key ${alias}`,
				aws: {service: 'kms', command: 'DescribeKey', input: {KeyId: alias}},
				outputs: {arn: 'result.KeyMetadata.Arn', enabled: 'result.KeyMetadata.Enabled'},
			},
			{id: 'domain', title: `Create the search domain ${domain}`, aws: {service: 'opensearch', command: 'CreateDomain', input: {DomainName: domain, EngineVersion: 'OpenSearch_2.11'}}},
			{
				id: 'domain-ready',
				title: 'Wait for the domain',
				wait: {
					aws: {service: 'opensearch', command: 'DescribeDomain', input: {DomainName: domain}},
					until: 'result.DomainStatus.Processing = false',
					failWhen: 'result.DomainStatus.Deleted = true',
					interval: '1s',
					timeout: '30s',
				},
				outputs: {arn: 'result.DomainStatus.ARN', endpoint: 'result.DomainStatus.Endpoint'},
			},
		]);

		expect(exit.code, describeExit(exit)).toBe(0);
		const document = await show(cli, state, runId);
		expect(document.status).toBe('succeeded');
		expect(stepOf(document, 'list').outputs).toEqual({keys: ['exports/lpas-1.json', 'exports/lpas-2.json'], truncated: false});
		expect(stepOf(document, 'head').outputs).toEqual({length: 27, type: 'application/json'});

		// The objects as moto holds them.
		const read = async (key: string): Promise<string> => (await s3.send(new GetObjectCommand({Bucket: bucket, Key: key}))).Body?.transformToString() ?? '';
		expect(await read('exports/lpas-1.json')).toBe('{"id":"lpa-1"}');
		expect(await read('exports/lpas-2.json')).toBe('{"id":"lpa-2","revision":2}');

		// The alias names the key the run created, in moto's account.
		const keyId = String(stepOf(document, 'key').outputs['id']);
		const {KeyMetadata} = await kms.send(new DescribeKeyCommand({KeyId: alias}));
		expect(KeyMetadata?.KeyId).toBe(keyId);
		expect(stepOf(document, 'kms-key').outputs).toEqual({arn: `arn:aws:kms:eu-west-1:${motoAccount}:key/${keyId}`, enabled: true});

		// The domain, as the run saw it and as moto holds it.
		const {DomainStatus} = await opensearch.send(new DescribeDomainCommand({DomainName: domain}));
		expect(stepOf(document, 'domain-ready').outputs).toEqual({arn: `arn:aws:es:eu-west-1:${motoAccount}:domain/${domain}`, endpoint: DomainStatus?.Endpoint});
		expect(DomainStatus?.EngineVersion).toBe('OpenSearch_2.11');
	});
});
