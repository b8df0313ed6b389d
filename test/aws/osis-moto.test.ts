import {CreatePipelineCommand, GetPipelineCommand, OSISClient} from '@aws-sdk/client-osis';
import {createRequire} from 'node:module';
import {afterAll, afterEach, beforeAll, describe, expect, test, vi} from 'vitest';
import {AwsRuntime} from '../../source/aws/runtime.js';
import {fakeAwsEnv, startMoto, type Moto} from './moto-local.js';

/**
 * The pinned osis client (3.332.0) reads timestamps as epoch seconds; moto sends ISO 8601 texts.
 * Unfixed, every timestamp prints a stack trace (`Expected number but observed string`) and reads
 * as 1970. Through belay's runtime the calls succeed with the right dates and print nothing.
 */

let moto: Moto;
const saved = {...process.env};

beforeAll(async () => {
	Object.assign(process.env, fakeAwsEnv, {AWS_EC2_METADATA_DISABLED: 'true', AWS_CONFIG_FILE: '/nonexistent', AWS_SHARED_CREDENTIALS_FILE: '/nonexistent'});
	moto = await startMoto();
});

afterAll(async () => {
	await moto?.stop();
	process.env = saved;
});

afterEach(() => {
	vi.restoreAllMocks();
});

const pipelineBody = `version: "2"
log-pipeline:
  source:
    http:
      path: "/log/ingest"
  sink:
    - opensearch:
        hosts: ["https://search-lpa.us-east-1.es.amazonaws.com"]
        index: "lpa"
        aws:
          sts_role_arn: "arn:aws:iam::123456789012:role/ingest"
          region: "us-east-1"
`;

const runtime = (): AwsRuntime =>
	new AwsRuntime({region: 'us-east-1', endpoints: {}, runId: 'osis-test', env: {...fakeAwsEnv, AWS_ENDPOINT_URL: moto.endpoint}});

// The old client's parsers warn through this logger (`{warn: console.warn}`, bound when it loads).
const smithyLogger = (
	createRequire(createRequire(import.meta.url).resolve('@aws-sdk/client-osis'))('@aws-sdk/smithy-client') as {logger: {warn(...args: unknown[]): void}}
).logger;

/** Whatever the SDK warns or writes to the console while `act` runs. */
async function printed(act: () => Promise<void>): Promise<string[]> {
	const out: string[] = [];
	const keep = (...args: unknown[]): void => void out.push(args.map(String).join(' '));
	vi.spyOn(smithyLogger, 'warn').mockImplementation(keep);
	for (const method of ['warn', 'error', 'log'] as const) vi.spyOn(console, method).mockImplementation(keep);
	await act();
	return out;
}

const recent = (iso: unknown): boolean => typeof iso === 'string' && Math.abs(Date.parse(iso) - Date.now()) < 10 * 60_000;

describe('osis 3.332.0 against moto through belay', () => {
	test('CreatePipeline, GetPipeline, ListPipelines: dates as moto set them, nothing printed', async () => {
		const aws = runtime();
		const results: Record<string, unknown> = {};
		const output = await printed(async () => {
			results['create'] = await aws.call({service: 'osis', command: 'CreatePipeline', input: {PipelineName: 'lpa-ingest', MinUnits: 1, MaxUnits: 2, PipelineConfigurationBody: pipelineBody}});
			results['get'] = await aws.call({service: 'osis', command: 'GetPipeline', input: {PipelineName: 'lpa-ingest'}});
			results['list'] = await aws.call({service: 'osis', command: 'ListPipelines', input: {}});
			results['stop'] = await aws.call({service: 'osis', command: 'StopPipeline', input: {PipelineName: 'lpa-ingest'}});
		});
		expect(output).toEqual([]);
		const get = results['get'] as {Pipeline: {PipelineName: string; CreatedAt: string; LastUpdatedAt: string}};
		expect(get.Pipeline.PipelineName).toBe('lpa-ingest');
		expect(recent(get.Pipeline.CreatedAt), get.Pipeline.CreatedAt).toBe(true);
		expect(recent(get.Pipeline.LastUpdatedAt), get.Pipeline.LastUpdatedAt).toBe(true);
		const list = results['list'] as {Pipelines: {CreatedAt: string}[]};
		expect(list.Pipelines.map(pipeline => recent(pipeline.CreatedAt))).toEqual([true]);
		expect((results['stop'] as {Pipeline: {Status: string}}).Pipeline.Status).toMatch(/STOPP/);
	});

	test('(control) the bare client prints a stack trace per timestamp and reads the year as seconds', async () => {
		const client = new OSISClient({region: 'us-east-1', endpoint: moto.endpoint, credentials: {accessKeyId: 'test', secretAccessKey: 'test'}});
		let createdAt: Date | undefined;
		const output = await printed(async () => {
			await client.send(new CreatePipelineCommand({PipelineName: 'control', MinUnits: 1, MaxUnits: 2, PipelineConfigurationBody: pipelineBody}));
			createdAt = (await client.send(new GetPipelineCommand({PipelineName: 'control'}))).Pipeline?.CreatedAt;
		});
		client.destroy();
		expect(output.join('\n')).toMatch(/Expected number but observed string[\s\S]*at /);
		expect(createdAt?.getUTCFullYear()).toBe(1970);
	});
});
