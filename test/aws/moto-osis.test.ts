import {CreatePipelineCommand, GetPipelineCommand, OSISClient} from '@aws-sdk/client-osis';
import {logger} from '@aws-sdk/smithy-client';
import {afterAll, beforeAll, describe, expect, test} from 'vitest';
import {motoClientConfig, motoUrl, uniqueName} from '../helpers/moto.js';
import {buildPrivateCli, describeExit, show, stepOf, type Cli} from './cli.js';
import {MotoRunner} from './moto-run.js';

/**
 * OpenSearch Ingestion (osis) through belay against moto: stop a pipeline, wait for it to stop, start
 * it again and wait for it to be active, as the bundled restore runbook does.
 *
 * @aws-sdk/client-osis is pinned at 3.332, which does not read AWS_ENDPOINT_URL: the runbook's
 * environment names moto in `endpoints:`. (moto moves a pipeline to its next status at once, so
 * each wait sees the status it waits for on its first poll.)
 *
 * moto sends the pipeline's timestamps as ISO strings where the osis 3.332 client expects epoch
 * seconds: the client reads the year as seconds (1970-01-01T00:33:46Z) and prints a stack trace for
 * each (console.warn). This file's own client is kept quiet; belay's print to the run's stderr.
 */

let cli: Cli;
let runner: MotoRunner;
let url = '';
let osis: OSISClient;

beforeAll(async () => {
	logger.warn = () => undefined;
	url = await motoUrl();
	cli = await buildPrivateCli();
	runner = new MotoRunner(cli, url, 'moto-osis');
	osis = new OSISClient(motoClientConfig(url));
});

afterAll(() => {
	osis?.destroy();
	runner?.dispose();
	cli?.dispose();
});

const pipelineBody = `version: "2"
lpas-stream:
  source:
    http:
      path: "/lpas"
  sink:
    - s3:
        bucket: lpas-stream-sink
`;

const pipeline = (command: string, name: string): Record<string, unknown> => ({service: 'osis', command, input: {PipelineName: name}});

describe('OpenSearch Ingestion on moto, through the CLI', () => {
	test('GetPipeline, StopPipeline, wait for STOPPED, StartPipeline, wait for ACTIVE: the pipeline runs again', async () => {
		const name = uniqueName('lpas-stream');
		await osis.send(new CreatePipelineCommand({PipelineName: name, MinUnits: 1, MaxUnits: 2, PipelineConfigurationBody: pipelineBody}));

		const {exit, state, runId} = await runner.run(
			[
				{id: 'pipeline-before', title: "Read the pipeline's status", aws: pipeline('GetPipeline', name), outputs: {status: 'result.Pipeline.Status'}},
				{
					id: 'stop-pipeline',
					title: 'Stop the pipeline',
					when: "${{ steps.`pipeline-before`.outputs.status != 'STOPPED' }}",
					idempotent: true,
					aws: pipeline('StopPipeline', name),
				},
				{
					id: 'pipeline-stopped',
					title: 'Wait for the pipeline to stop',
					wait: {
						aws: pipeline('GetPipeline', name),
						until: "result.Pipeline.Status = 'STOPPED'",
						failWhen: "result.Pipeline.Status in ['CREATE_FAILED', 'UPDATE_FAILED', 'START_FAILED', 'DELETING']",
						interval: '1s',
						timeout: '30s',
						message: 'Pipeline ${{ result.Pipeline.Status }}',
					},
				},
				{id: 'start-pipeline', title: 'Start the pipeline', aws: pipeline('StartPipeline', name)},
				{
					id: 'pipeline-active',
					title: 'Wait for the pipeline to be active',
					wait: {
						aws: pipeline('GetPipeline', name),
						until: "result.Pipeline.Status = 'ACTIVE'",
						failWhen: "result.Pipeline.Status in ['START_FAILED', 'CREATE_FAILED']",
						interval: '1s',
						timeout: '30s',
						message: 'Pipeline ${{ result.Pipeline.Status }}',
					},
					outputs: {arn: 'result.Pipeline.PipelineArn'},
				},
			],
			{runbook: {environments: {development: {account: '123456789012', region: 'eu-west-1', endpoints: {osis: url}}}}, args: ['--env', 'development']},
		);

		expect(exit.code, describeExit(exit)).toBe(0);
		expect(exit.stdout).toContain('… pipeline-stopped: poll 1 Pipeline STOPPED\n');
		expect(exit.stdout).toContain('… pipeline-active: poll 1 Pipeline ACTIVE\n');
		const document = await show(cli, state, runId);
		expect(document.steps.map(step => [step.id, step.status])).toEqual([
			['pipeline-before', 'succeeded'],
			['stop-pipeline', 'succeeded'],
			['pipeline-stopped', 'succeeded'],
			['start-pipeline', 'succeeded'],
			['pipeline-active', 'succeeded'],
		]);
		expect(stepOf(document, 'pipeline-before').outputs).toEqual({status: 'ACTIVE'});
		expect(stepOf(document, 'pipeline-active').outputs).toEqual({arn: `arn:aws:osis:eu-west-1:123456789012:pipeline/${name}`});
		const {Pipeline} = await osis.send(new GetPipelineCommand({PipelineName: name}));
		expect(Pipeline?.Status).toBe('ACTIVE');
	});
});
