import {afterAll, beforeAll, describe, expect, test} from 'vitest';
import {checkAccount} from '../../source/aws/guard.js';
import {AwsRuntime, type AwsCallRequest} from '../../source/aws/runtime.js';
import {fakeAwsEnv, startMoto, type Moto} from './moto-local.js';
import {startRecordingProxy, type RecordingProxy} from './recording-proxy.js';

/**
 * Every client belay builds goes where AWS_ENDPOINT_URL points, even one that ignores the variable
 * itself (osis 3.332.0): a recording proxy in front of moto sees each call, signed for its
 * service. The variables are given to the runtime only (process.env has none), so a call that
 * reached the proxy was sent there by belay; a call sent anywhere else would not be recorded (and
 * would fail: these tests have no network).
 */

let moto: Moto;
let proxy: RecordingProxy;
let other: RecordingProxy;
const saved = {...process.env};

beforeAll(async () => {
	for (const name of Object.keys(process.env)) if (name.startsWith('AWS_ENDPOINT_URL')) delete process.env[name];
	Object.assign(process.env, fakeAwsEnv, {AWS_EC2_METADATA_DISABLED: 'true', AWS_CONFIG_FILE: '/nonexistent', AWS_SHARED_CREDENTIALS_FILE: '/nonexistent'});
	moto = await startMoto();
	proxy = await startRecordingProxy(moto.endpoint);
	other = await startRecordingProxy();
});

afterAll(async () => {
	await proxy?.close();
	await other?.close();
	await moto?.stop();
	process.env = saved;
});

const runtime = (env: Record<string, string>, endpoints: Record<string, string> = {}, roleArn?: string): AwsRuntime =>
	new AwsRuntime({region: 'us-east-1', endpoints, runId: 'endpoints-test', env, ...(roleArn ? {roleArn} : {})});

/** The requests the proxy gets while `act` runs. */
async function recorded(target: RecordingProxy, act: () => Promise<unknown>): Promise<RecordingProxy['requests']> {
	const before = target.requests.length;
	await act();
	return target.requests.slice(before);
}

const calls: readonly [AwsCallRequest, string][] = [
	[{service: 'dynamodb', command: 'ListTables', input: {}}, 'dynamodb'],
	[{service: 'dynamodb-document', command: 'Scan', input: {TableName: 'none'}}, 'dynamodb'],
	[{service: 'backup', command: 'ListBackupVaults', input: {}}, 'backup'],
	[{service: 'osis', command: 'ListPipelines', input: {}}, 'osis'],
	[{service: 'opensearch', command: 'ListDomainNames', input: {}}, 'es'],
	[{service: 'rds', command: 'DescribeDBInstances', input: {}}, 'rds'],
	[{service: 'sts', command: 'GetCallerIdentity', input: {}}, 'sts'],
	[{service: 'kms', command: 'ListKeys', input: {}}, 'kms'],
	[{service: 's3', command: 'ListBuckets', input: {}}, 's3'],
	[{service: 'elasticbeanstalk', command: 'DescribeEnvironments', input: {}}, 'elasticbeanstalk'],
];

describe('with only AWS_ENDPOINT_URL set, every client reaches it', () => {
	test('the list covers every supported service', async () => {
		const {awsServices} = await import('../../source/aws/catalog.js');
		expect(calls.map(([request]) => request.service).sort()).toEqual([...awsServices].sort());
	});

	test.each(calls)('$service $command', async (request, signedAs) => {
		const aws = runtime({AWS_ENDPOINT_URL: proxy.endpoint});
		// The table does not exist: the document client's call fails, in moto's words, after reaching it.
		const requests = await recorded(proxy, () => aws.call(request).catch((error: Error) => expect(error.name).toBe('ResourceNotFoundException')));
		expect(requests.map(request => request.service)).toEqual([signedAs]);
	});
});

describe('precedence', () => {
	test('AWS_ENDPOINT_URL_OSIS wins over AWS_ENDPOINT_URL', async () => {
		const aws = runtime({AWS_ENDPOINT_URL: other.endpoint, AWS_ENDPOINT_URL_OSIS: proxy.endpoint});
		const elsewhere = other.requests.length;
		const requests = await recorded(proxy, () => aws.call({service: 'osis', command: 'ListPipelines', input: {}}));
		expect(requests.map(request => request.path)).toEqual(['/2022-01-01/osis/listPipelines']);
		expect(other.requests.length).toBe(elsewhere);
	});

	test('AWS_ENDPOINT_URL_ELASTIC_BEANSTALK (a service id with a space) wins over AWS_ENDPOINT_URL', async () => {
		const aws = runtime({AWS_ENDPOINT_URL: other.endpoint, AWS_ENDPOINT_URL_ELASTIC_BEANSTALK: proxy.endpoint});
		const elsewhere = other.requests.length;
		const requests = await recorded(proxy, () => aws.call({service: 'elasticbeanstalk', command: 'DescribeApplications', input: {}}));
		expect(requests.map(request => request.service)).toEqual(['elasticbeanstalk']);
		expect(other.requests.length).toBe(elsewhere);
	});

	test("the environment's endpoints: entry wins over AWS_ENDPOINT_URL_RDS", async () => {
		const aws = runtime({AWS_ENDPOINT_URL_RDS: other.endpoint}, {rds: proxy.endpoint});
		const elsewhere = other.requests.length;
		const requests = await recorded(proxy, () => aws.call({service: 'rds', command: 'DescribeDBInstances', input: {}}));
		expect(requests.map(request => request.service)).toEqual(['rds']);
		expect(other.requests.length).toBe(elsewhere);
	});
});

describe('the account guard and the role it assumes use the same STS endpoint', () => {
	test('GetCallerIdentity reaches AWS_ENDPOINT_URL; the account is moto\'s', async () => {
		const aws = runtime({AWS_ENDPOINT_URL: proxy.endpoint});
		let caller: {account: string} | undefined;
		const requests = await recorded(proxy, async () => (caller = await checkAccount(aws, {name: 'local', account: '123456789012'})));
		expect(caller?.account).toBe('123456789012');
		expect(requests.map(request => [request.service, /Action=(\w+)/.exec(request.body)?.[1]])).toEqual([['sts', 'GetCallerIdentity']]);
	});

	test('with a roleArn, AssumeRole goes to the STS endpoint too, then the call with the role', async () => {
		const aws = runtime({AWS_ENDPOINT_URL_STS: proxy.endpoint}, {}, 'arn:aws:iam::123456789012:role/restore');
		const requests = await recorded(proxy, () => checkAccount(aws, {name: 'local', account: '123456789012'}));
		expect(requests.map(request => /Action=(\w+)/.exec(request.body)?.[1])).toEqual(['AssumeRole', 'GetCallerIdentity']);
	});
});

describe('S3 against a custom endpoint', () => {
	test('is addressed path-style: /bucket/key, not bucket.127.0.0.1', async () => {
		const aws = runtime({AWS_ENDPOINT_URL: proxy.endpoint});
		const requests = await recorded(proxy, async () => {
			await aws.call({service: 's3', command: 'CreateBucket', input: {Bucket: 'belay-endpoints'}});
			await aws.call({service: 's3', command: 'PutObject', input: {Bucket: 'belay-endpoints', Key: 'notes/one.txt', Body: 'hello'}});
			const listed = (await aws.call({service: 's3', command: 'ListObjectsV2', input: {Bucket: 'belay-endpoints'}})) as {Contents?: {Key: string}[]};
			expect(listed.Contents?.map(object => object.Key)).toEqual(['notes/one.txt']);
		});
		expect(requests.map(request => `${request.method} ${request.path.split('?')[0]}`)).toEqual([
			'PUT /belay-endpoints/',
			'PUT /belay-endpoints/notes/one.txt',
			'GET /belay-endpoints/',
		]);
	});
});
