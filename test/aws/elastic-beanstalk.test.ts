import {rmSync} from 'node:fs';
import {join} from 'node:path';
import {CreateApplicationCommand, CreateEnvironmentCommand, ElasticBeanstalkClient} from '@aws-sdk/client-elastic-beanstalk';
import {afterAll, beforeAll, describe, expect, test} from 'vitest';
import {startElasticBeanstalkStandIn, type ElasticBeanstalkStandIn} from '../../source/sandbox/elastic-beanstalk-stand-in.js';
import {buildPrivateCli, describeExit, scratch, show, stepOf, writeRunbook, type Cli} from './cli.js';
import {fakeAwsEnv, startMoto, type Moto} from './moto-local.js';
import {startRecordingProxy, type RecordingProxy} from './recording-proxy.js';

/**
 * Elastic Beanstalk among the clients (Cobalt's app is repointed at a restored database there): the
 * CLI, as a child process, reads environments from moto and updates one through the stand-in
 * (moto has no UpdateEnvironment), its endpoint set by AWS_ENDPOINT_URL_ELASTIC_BEANSTALK alone.
 */

let moto: Moto;
let eb: ElasticBeanstalkStandIn;
let elsewhere: RecordingProxy;
let cli: Cli;
let client: ElasticBeanstalkClient;
const dirs: string[] = [];
const hostname = 'aws:elasticbeanstalk:application:environment:RDS_HOSTNAME';

beforeAll(async () => {
	[moto, cli, elsewhere] = await Promise.all([startMoto(), buildPrivateCli(), startRecordingProxy()]);
	eb = await startElasticBeanstalkStandIn(moto.endpoint);
	// Created through the stand-in, which keeps the settings the environment starts with.
	client = new ElasticBeanstalkClient({region: 'us-east-1', endpoint: eb.endpoint, credentials: {accessKeyId: 'test', secretAccessKey: 'test'}});
	await client.send(new CreateApplicationCommand({ApplicationName: 'cobalt'}));
	for (const name of ['cobalt-production', 'cobalt-uat']) {
		await client.send(
			new CreateEnvironmentCommand({
				ApplicationName: 'cobalt',
				EnvironmentName: name,
				SolutionStackName: '64bit Amazon Linux 2 v3.5.0 running Python 3.8',
				OptionSettings: [{Namespace: 'aws:elasticbeanstalk:application:environment', OptionName: 'RDS_HOSTNAME', Value: `${name}.db.old`}],
			}),
		);
	}
}, 120_000);

afterAll(async () => {
	client?.destroy();
	cli?.dispose();
	await eb?.close();
	await elsewhere?.close();
	await moto?.stop();
	for (const dir of dirs) rmSync(dir, {recursive: true, force: true});
});

function runbookFile(name: string, steps: readonly object[]): string {
	const dir = scratch('eb');
	dirs.push(dir);
	return writeRunbook(dir, `${name}.yaml`, {version: 1, name, title: name, steps});
}

/** Runs a runbook with Elastic Beanstalk at `endpoint` and every other service nowhere (a recorder). */
async function run(name: string, steps: readonly object[], endpoint: string): Promise<{exit: Awaited<ReturnType<Cli['run']>>; state: string; runId: string}> {
	const path = runbookFile(name, steps);
	const state = join(path, '..', 'state');
	const runId = `${name}-${Math.random().toString(36).slice(2, 6)}`;
	const exit = await cli.run(['run', path, '--non-interactive', '--state-dir', state, '--run-id', runId], {
		env: {...fakeAwsEnv, AWS_ENDPOINT_URL: elsewhere.endpoint, AWS_ENDPOINT_URL_ELASTIC_BEANSTALK: endpoint},
	});
	return {exit, state, runId};
}

const describeProduction = {
	id: 'describe',
	title: 'Read the production environment',
	// One name where the SDK wants a list: belay sends it as a list of one.
	aws: {service: 'elasticbeanstalk', command: 'DescribeEnvironments', input: {EnvironmentNames: 'cobalt-production'}},
	outputs: {status: 'result.Environments[0].Status', application: 'result.Environments[0].ApplicationName'},
};

describe('elasticbeanstalk', () => {
	test('DescribeEnvironments against moto, reached through AWS_ENDPOINT_URL_ELASTIC_BEANSTALK', async () => {
		const before = elsewhere.requests.length;
		const {exit, state, runId} = await run('eb-describe', [describeProduction], moto.endpoint);

		expect(exit.code, describeExit(exit)).toBe(0);
		expect(stepOf(await show(cli, state, runId), 'describe').outputs).toEqual({status: 'Ready', application: 'cobalt'});
		expect(elsewhere.requests.length).toBe(before);
	});

	test('UpdateEnvironment repoints the app, a wait sees it Ready again, and the settings read back', async () => {
		const {exit, state, runId} = await run(
			'eb-repoint',
			[
				describeProduction,
				{
					id: 'repoint',
					title: 'Point Cobalt at the restored database',
					aws: {
						service: 'elasticbeanstalk',
						command: 'UpdateEnvironment',
						input: {
							EnvironmentName: 'cobalt-production',
							// One setting where the SDK wants a list.
							OptionSettings: {Namespace: 'aws:elasticbeanstalk:application:environment', OptionName: 'RDS_HOSTNAME', Value: 'cobalt-restored.db.new'},
						},
					},
					outputs: {status: 'result.Status'},
				},
				{
					id: 'ready',
					title: 'Wait for the environment to be Ready',
					wait: {
						aws: {service: 'elasticbeanstalk', command: 'DescribeEnvironments', input: {EnvironmentNames: ['cobalt-production']}},
						until: "result.Environments[0].Status = 'Ready'",
						interval: '1s',
						timeout: '1m',
					},
				},
				{
					id: 'settings',
					title: 'Read the settings back',
					aws: {service: 'elasticbeanstalk', command: 'DescribeConfigurationSettings', input: {ApplicationName: 'cobalt', EnvironmentName: 'cobalt-production'}},
					outputs: {hostname: "result.ConfigurationSettings[0].OptionSettings[OptionName = 'RDS_HOSTNAME'].Value"},
				},
			],
			eb.endpoint,
		);

		expect(exit.code, describeExit(exit)).toBe(0);
		const document = await show(cli, state, runId);
		expect(stepOf(document, 'repoint').outputs).toEqual({status: 'Updating'});
		expect(stepOf(document, 'ready').status).toBe('succeeded');
		expect(stepOf(document, 'settings').outputs).toEqual({hostname: 'cobalt-restored.db.new'});
		expect(eb.settings('cobalt-production')[hostname]).toBe('cobalt-restored.db.new');
		expect(eb.settings('cobalt-uat')[hostname]).toBe('cobalt-uat.db.old');
	});

	test('a setting that does not fit the SDK shape fails before anything is sent, naming the field', async () => {
		const updates = eb.updates.length;
		const {exit, state, runId} = await run(
			'eb-bad-setting',
			[
				{
					id: 'repoint',
					title: 'Point Cobalt at the restored database',
					aws: {
						service: 'elasticbeanstalk',
						command: 'UpdateEnvironment',
						input: {EnvironmentName: 'cobalt-uat', OptionSettings: [{Namespace: 'aws:elasticbeanstalk:application:environment', OptionName: 'RDS_HOSTNAME', Valeu: 'x'}]},
					},
				},
			],
			eb.endpoint,
		);

		expect(exit.code, describeExit(exit)).toBe(1);
		const step = stepOf(await show(cli, state, runId), 'repoint');
		expect(step.error?.message).toContain("OptionSettings[0].Valeu: no such member (did you mean 'Value'?)");
		expect(eb.updates.length).toBe(updates);
	});

	test('validate names the service and input field a runbook got wrong, with where', async () => {
		const path = runbookFile('eb-validate', [
			{id: 'a', title: 'A', aws: {service: 'elastic-beanstalk', command: 'DescribeEnvironments'}},
			{id: 'b', title: 'B', aws: {service: 'elasticbeanstalk', command: 'UpdateEnvironment', input: {EnvironmentName: 'x', OptionSetting: []}}},
		]);

		const exit = await cli.run(['validate', path]);

		expect(exit.code, describeExit(exit)).not.toBe(0);
		const output = exit.stdout + exit.stderr;
		expect(output).toMatch(/eb-validate\.yaml:\d+:\d+.*unknown AWS service 'elastic-beanstalk' \(did you mean 'elasticbeanstalk'\?\)/);
		expect(output).toMatch(/eb-validate\.yaml:\d+:\d+.*elasticbeanstalk UpdateEnvironment has no input field 'OptionSetting' \(did you mean 'OptionSettings'\?\)/);
		expect(output).not.toMatch(/\n\s+at /);
	});
});
