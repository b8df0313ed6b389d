import {existsSync, readFileSync, readdirSync} from 'node:fs';
import {join} from 'node:path';
import {GetCallerIdentityCommand, STSClient} from '@aws-sdk/client-sts';
import {mockClient} from 'aws-sdk-client-mock';
import {afterAll, beforeAll, describe, expect, test} from 'vitest';
import {checkAccount, GuardRefused} from '../../source/aws/guard.js';
import {AwsRuntime} from '../../source/aws/runtime.js';
import {assumeRole, motoAccount, motoClientConfig, motoUrl, useMotoHere} from '../helpers/moto.js';
import {buildPrivateCli, describeExit, show, type Cli} from './cli.js';
import {MotoRunner} from './moto-run.js';

/**
 * The account guard: before any step of a run (or a resume) whose environment names an account,
 * STS says who the caller is; another account, or no credentials, refuses with exit code 5. STS is
 * moto's: any keys it did not issue are account 123456789012 (user/moto); keys from its AssumeRole
 * are the role's account.
 */

const motoCaller = {account: motoAccount, arn: `arn:aws:sts::${motoAccount}:user/moto`};

/** What checkAccount threw, or undefined. */
const refusal = (promise: Promise<unknown>): Promise<unknown> =>
	promise.then(
		() => undefined,
		(caught: unknown) => caught,
	);

describe('checkAccount, against moto', () => {
	let url = '';
	const runtime = (): AwsRuntime => new AwsRuntime({region: 'eu-west-1', endpoints: {}, runId: 'guard-test'});

	beforeAll(async () => {
		url = await motoUrl();
	});

	test('the matching account: returns the caller', async () => {
		useMotoHere(url);

		await expect(checkAccount(runtime(), {name: 'development', account: motoAccount})).resolves.toEqual(motoCaller);
	});

	test('another account: GuardRefused (exit code 5) naming both accounts and the caller ARN', async () => {
		useMotoHere(url);

		const error = await refusal(checkAccount(runtime(), {name: 'development', account: '111111111111'}));

		expect(error).toBeInstanceOf(GuardRefused);
		expect((error as GuardRefused).exitCode).toBe(5);
		expect((error as GuardRefused).name).toBe('GuardRefused');
		expect((error as Error).message).toBe(
			`wrong AWS account: environment development expects 111111111111, but the caller ${motoCaller.arn} is in ${motoAccount}. ` +
				'Switch credentials (profile, aws-vault, role) to the right account, or choose the matching --env',
		);
	});

	test('no credentials anywhere (the SDK\'s chain finds none): GuardRefused saying to log in', async () => {
		useMotoHere(url, {accessKeyId: '', secretAccessKey: ''});

		const error = await refusal(checkAccount(runtime(), {name: 'development', account: '111111111111'}));

		expect(error).toBeInstanceOf(GuardRefused);
		expect((error as GuardRefused).exitCode).toBe(5);
		const message = (error as Error).message;
		expect(message).toMatch(/^cannot tell which AWS account this is \(CredentialsProviderError: /);
		expect(message).toContain('needs account 111111111111');
		expect(message).toMatch(/Log in \(aws sso login, aws-vault exec \.\.\.\)/);
	});
});

describe('checkAccount, with expired credentials (STS mocked: moto never expires its keys)', () => {
	const stub = () => mockClient(STSClient);
	// Only while these tests run: the ones above use moto's STS in this same process.
	let sts: ReturnType<typeof stub>;
	beforeAll(() => {
		sts = stub();
	});
	afterAll(() => sts.restore());

	test('are refused as no credentials are', async () => {
		sts.on(GetCallerIdentityCommand).rejects(Object.assign(new Error('The security token included in the request is expired'), {name: 'ExpiredToken'}));
		const runtime = new AwsRuntime({region: 'eu-west-1', endpoints: {}, runId: 'guard-test'});

		await expect(checkAccount(runtime, {name: 'development', account: '111111111111'})).rejects.toThrow(/cannot tell which AWS account this is \(ExpiredToken: .*Log in/);
	});
});

describe('the guard in the CLI, against moto', () => {
	let cli: Cli;
	let runner: MotoRunner;
	let url = '';

	beforeAll(async () => {
		url = await motoUrl();
		cli = await buildPrivateCli();
		runner = new MotoRunner(cli, url, 'guard');
	});

	afterAll(() => {
		runner?.dispose();
		cli?.dispose();
	});

	const environment = (account: string, extra: Record<string, unknown> = {}): Record<string, unknown> => ({
		environments: {development: {account, region: 'eu-west-1', ...extra}},
	});
	const echo = {id: 'hello', title: 'Say hello', shell: 'echo hello'};
	const onDevelopment = ['--env', 'development'];

	test('the wrong account: exit 5 naming both accounts and the caller ARN; no run is created', async () => {
		const run = await runner.run([echo], {runbook: environment('111111111111'), args: onDevelopment});

		expect(run.exit.code, describeExit(run.exit)).toBe(5);
		expect(run.exit.stderr).toContain(`environment development expects 111111111111, but the caller ${motoCaller.arn} is in ${motoAccount}`);
		expect(run.exit.stdout).not.toContain('hello');
		// Nothing was written: no run folder.
		expect(existsSync(join(run.state, 'runs', run.runId))).toBe(false);
		expect(existsSync(join(run.state, 'runs')) ? readdirSync(join(run.state, 'runs')) : []).toEqual([]);
	});

	test('the matching account: the run proceeds; show --json and the report record the caller; an sts step sees the same caller', async () => {
		const whoami = {id: 'whoami', title: 'Who am I?', aws: {service: 'sts', command: 'GetCallerIdentity', input: {}}, outputs: {account: 'result.Account', arn: 'result.Arn'}};

		const run = await runner.run([echo, whoami], {runbook: environment(motoAccount), args: onDevelopment});

		expect(run.exit.code, describeExit(run.exit)).toBe(0);
		expect(run.exit.stdout).toContain(`caller: ${motoCaller.arn} (account ${motoAccount})`);
		expect(run.exit.stdout).toContain('hello | hello');
		const document = await show(cli, run.state, run.runId);
		expect(document.status).toBe('succeeded');
		expect(document.caller).toEqual(motoCaller);
		expect(document.steps.find(step => step.id === 'whoami')?.outputs).toEqual(motoCaller);
		const report = await cli.run(['report', run.runId, '--format', 'json', '--state-dir', run.state]);
		expect(report.code, describeExit(report)).toBe(0);
		expect((JSON.parse(report.stdout) as {caller?: unknown}).caller).toEqual(motoCaller);
		const markdown = await cli.run(['report', run.runId, '--format', 'md', '--state-dir', run.state]);
		expect(markdown.stdout).toContain(`| Caller | ${motoCaller.arn} |`);
	});

	test('no credentials at all: exit 5 saying to log in; no run is created', async () => {
		const run = await runner.run([echo], {runbook: environment('111111111111'), args: onDevelopment, keys: {accessKeyId: '', secretAccessKey: ''}});

		expect(run.exit.code, describeExit(run.exit)).toBe(5);
		expect(run.exit.stderr).toMatch(/cannot tell which AWS account this is \(CredentialsProviderError: /);
		expect(run.exit.stderr).toContain('needs account 111111111111');
		expect(run.exit.stderr).toContain('Log in (aws sso login, aws-vault exec ...)');
		expect(existsSync(join(run.state, 'runs', run.runId))).toBe(false);
	});

	test('a resume is guarded too: credentials of another account by then refuse it (exit 5) and the journal is untouched', async () => {
		const run = await runner.run([{id: 'check', title: 'Check by hand', manual: 'Look at the dashboard'}, echo], {runbook: environment(motoAccount), args: onDevelopment});
		expect(run.exit.code, describeExit(run.exit)).toBe(3);
		const journal = join(run.state, 'runs', run.runId, 'journal.jsonl');
		const before = readFileSync(journal, 'utf8');

		const elsewhere = await assumeRole(url, 'arn:aws:iam::888888888888:role/operator', 'eve');
		const refused = await runner.resume(run, ['--yes'], {keys: elsewhere});

		expect(refused.code, describeExit(refused)).toBe(5);
		expect(refused.stderr).toContain(`environment development expects ${motoAccount}, but the caller arn:aws:sts::888888888888:assumed-role/operator/eve is in 888888888888`);
		expect(readFileSync(journal, 'utf8')).toBe(before);

		const again = await runner.resume(run, ['--yes']);
		expect(again.code, describeExit(again)).toBe(0);
		expect(again.stdout).toContain('hello | hello');
	});

	test('an environment with roleArn: the guard asks STS as the assumed role, and shell steps act as it', async () => {
		const roleArn = 'arn:aws:iam::999999999999:role/breakglass';
		const shell = {id: 'identity', title: 'Show the shell identity', shell: 'echo "$AWS_ACCESS_KEY_ID $AWS_SECRET_ACCESS_KEY $AWS_SESSION_TOKEN $AWS_REGION"'};

		const run = await runner.run([shell], {runbook: environment('999999999999', {roleArn}), args: onDevelopment});

		expect(run.exit.code, describeExit(run.exit)).toBe(0);
		const assumed = `arn:aws:sts::999999999999:assumed-role/breakglass/belay-${run.runId}`;
		expect(run.exit.stdout).toContain(`caller: ${assumed} (account 999999999999)`);
		expect((await show(cli, run.state, run.runId)).caller).toEqual({account: '999999999999', arn: assumed});
		// The keys the shell step got are the role's: moto says so.
		const [accessKeyId = '', secretAccessKey = '', sessionToken = '', region] = /identity \| (.*)/.exec(run.exit.stdout)?.[1]?.split(' ') ?? [];
		expect(region).toBe('eu-west-1');
		const sts = new STSClient(motoClientConfig(url, {accessKeyId, secretAccessKey, sessionToken}));
		try {
			expect((await sts.send(new GetCallerIdentityCommand({}))).Arn).toBe(assumed);
		} finally {
			sts.destroy();
		}
	});
});
