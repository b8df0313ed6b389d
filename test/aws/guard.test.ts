import {existsSync, readFileSync, readdirSync, rmSync} from 'node:fs';
import {createServer, type Server} from 'node:http';
import type {AddressInfo} from 'node:net';
import {join} from 'node:path';
import {GetCallerIdentityCommand, STSClient, type GetCallerIdentityCommandInput} from '@aws-sdk/client-sts';
import {fromIni} from '@aws-sdk/credential-providers';
import {mockClient} from 'aws-sdk-client-mock';
import {afterAll, beforeAll, beforeEach, describe, expect, test} from 'vitest';
import {checkAccount, GuardRefused} from '../../source/aws/guard.js';
import {AwsRuntime} from '../../source/aws/runtime.js';
import {buildPrivateCli, describeExit, scratch, show, writeRunbook, type Cli} from './cli.js';

/**
 * The account guard: before any step of a run (or a resume) whose environment names an account,
 * STS says who the caller is; another account, or no credentials, refuses with exit code 5.
 */

describe('checkAccount, with STS mocked', () => {
	const sts = mockClient(STSClient);
	const runtime = (): AwsRuntime => new AwsRuntime({region: 'eu-west-1', endpoints: {}, runId: 'guard-test'});
	const development = {name: 'development', account: '111111111111'};

	beforeEach(() => sts.reset());
	afterAll(() => sts.restore());

	test('the matching account: returns the caller, after one GetCallerIdentity with an empty input', async () => {
		sts.on(GetCallerIdentityCommand).resolves({Account: '111111111111', Arn: 'arn:aws:iam::111111111111:user/alice', UserId: 'AIDAALICE'});

		await expect(checkAccount(runtime(), development)).resolves.toEqual({account: '111111111111', arn: 'arn:aws:iam::111111111111:user/alice'});

		const expected: GetCallerIdentityCommandInput = {};
		expect(sts.commandCalls(GetCallerIdentityCommand).map(call => call.args[0].input)).toEqual([expected]);
	});

	test('another account: GuardRefused (exit code 5) naming both accounts and the caller ARN', async () => {
		sts.on(GetCallerIdentityCommand).resolves({Account: '999999999999', Arn: 'arn:aws:sts::999999999999:assumed-role/admin/eve', UserId: 'AROAEVE:eve'});

		const error = await checkAccount(runtime(), development).then(
			() => undefined,
			(caught: unknown) => caught,
		);

		expect(error).toBeInstanceOf(GuardRefused);
		expect((error as GuardRefused).exitCode).toBe(5);
		expect((error as GuardRefused).name).toBe('GuardRefused');
		const message = (error as Error).message;
		expect(message).toContain('111111111111');
		expect(message).toContain('999999999999');
		expect(message).toContain('arn:aws:sts::999999999999:assumed-role/admin/eve');
		expect(message).toContain('development');
		expect(message).toMatch(/--env/);
	});

	test('no credentials (CredentialsProviderError): GuardRefused saying to log in', async () => {
		// The error the SDK's own credential chain gives for a profile that is not configured.
		const missing = await fromIni({profile: 'belay-no-such-profile', filepath: '/nonexistent/credentials', configFilepath: '/nonexistent/config'})().then(
			() => undefined,
			(caught: unknown) => caught as Error,
		);
		expect(missing?.name).toBe('CredentialsProviderError');
		sts.on(GetCallerIdentityCommand).rejects(missing);

		const error = await checkAccount(runtime(), development).then(
			() => undefined,
			(caught: unknown) => caught,
		);

		expect(error).toBeInstanceOf(GuardRefused);
		expect((error as GuardRefused).exitCode).toBe(5);
		const message = (error as Error).message;
		expect(message).toMatch(/cannot tell which AWS account this is \(CredentialsProviderError: /);
		expect(message).toContain('needs account 111111111111');
		expect(message).toMatch(/Log in \(aws sso login, aws-vault exec \.\.\.\)/);
	});

	test('expired credentials are refused the same way', async () => {
		sts.on(GetCallerIdentityCommand).rejects(Object.assign(new Error('The security token included in the request is expired'), {name: 'ExpiredToken'}));

		await expect(checkAccount(runtime(), development)).rejects.toThrow(/cannot tell which AWS account this is \(ExpiredToken: .*Log in/);
	});
});

describe('the guard in the CLI, against a local STS', () => {
	let cli: Cli;
	let server: Server;
	let endpoint = '';
	/** What the local STS answers: the caller's account. */
	let account = '999999999999';
	const requests: {method: string; url: string; body: string; authorization: string}[] = [];
	const dirs: string[] = [];

	beforeAll(async () => {
		server = createServer((request, response) => {
			let body = '';
			request.setEncoding('utf8');
			request.on('data', (chunk: string) => (body += chunk));
			request.on('end', () => {
				const authorization = String(request.headers.authorization ?? '');
				requests.push({method: request.method ?? '', url: request.url ?? '', body, authorization});
				response.writeHead(200, {'content-type': 'text/xml'});
				if (/Action=AssumeRole\b/.test(body)) {
					const role = decodeURIComponent(/RoleArn=([^&]+)/.exec(body)?.[1] ?? '');
					response.end(
						`<AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><AssumeRoleResult><Credentials><AccessKeyId>ASIAASSUMEDROLE</AccessKeyId><SecretAccessKey>assumed-secret</SecretAccessKey><SessionToken>assumed-session-token</SessionToken><Expiration>2099-01-01T00:00:00Z</Expiration></Credentials><AssumedRoleUser><Arn>${role.replace(':iam::', ':sts::').replace(':role/', ':assumed-role/')}/belay</Arn><AssumedRoleId>AROAX:belay</AssumedRoleId></AssumedRoleUser></AssumeRoleResult><ResponseMetadata><RequestId>2</RequestId></ResponseMetadata></AssumeRoleResponse>`,
					);
					return;
				}
				// The caller is the assumed role when the request is signed with its keys.
				const arn = authorization.includes('Credential=ASIAASSUMEDROLE/') ? `arn:aws:sts::${account}:assumed-role/breakglass/belay` : `arn:aws:iam::${account}:user/eve`;
				response.end(
					`<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><GetCallerIdentityResult><Arn>${arn}</Arn><UserId>X</UserId><Account>${account}</Account></GetCallerIdentityResult><ResponseMetadata><RequestId>1</RequestId></ResponseMetadata></GetCallerIdentityResponse>`,
				);
			});
		});
		await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
		endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
		cli = await buildPrivateCli();
	});

	afterAll(async () => {
		await new Promise(resolve => server.close(resolve));
		cli?.dispose();
		for (const dir of dirs) rmSync(dir, {recursive: true, force: true});
	});

	beforeEach(() => {
		requests.length = 0;
		account = '999999999999';
	});

	function setUp(expected: string, steps: Record<string, unknown>[], environment: Record<string, unknown> = {}): {dir: string; state: string; path: string} {
		const dir = scratch('guard');
		dirs.push(dir);
		const path = writeRunbook(dir, 'guarded.yaml', {
			version: 1,
			name: 'guarded',
			title: 'A runbook whose environment names an account',
			environments: {development: {account: expected, region: 'eu-west-1', ...environment}},
			steps,
		});
		return {dir, state: join(dir, 'state'), path};
	}

	const echo = {id: 'hello', title: 'Say hello', shell: 'echo hello'};
	const env = (): Record<string, string> => ({AWS_ENDPOINT_URL_STS: endpoint});

	test('the wrong account: exit 5 naming both accounts and the caller ARN; no run is created', async () => {
		const {state, path} = setUp('111111111111', [echo]);

		const exit = await cli.run(['run', path, '--env', 'development', '--non-interactive', '--state-dir', state, '--run-id', 'refused'], {env: env()});

		expect(exit.code, describeExit(exit)).toBe(5);
		expect(exit.stderr).toContain('111111111111');
		expect(exit.stderr).toContain('999999999999');
		expect(exit.stderr).toContain('arn:aws:iam::999999999999:user/eve');
		expect(exit.stdout).not.toContain('hello');
		// STS was asked, once, GetCallerIdentity (query protocol) ...
		expect(requests).toHaveLength(1);
		expect(requests[0]?.method).toBe('POST');
		expect(requests[0]?.body).toMatch(/Action=GetCallerIdentity/);
		// ... and nothing was written: no run folder.
		expect(existsSync(join(state, 'runs', 'refused'))).toBe(false);
		expect(existsSync(join(state, 'runs')) ? readdirSync(join(state, 'runs')) : []).toEqual([]);
	});

	test('the matching account: the run proceeds, and show --json and the report record the caller', async () => {
		const {state, path} = setUp('999999999999', [echo]);

		const exit = await cli.run(['run', path, '--env', 'development', '--non-interactive', '--state-dir', state, '--run-id', 'allowed'], {env: env()});

		expect(exit.code, describeExit(exit)).toBe(0);
		expect(exit.stdout).toContain('caller: arn:aws:iam::999999999999:user/eve (account 999999999999)');
		expect(exit.stdout).toContain('hello | hello');
		const caller = {account: '999999999999', arn: 'arn:aws:iam::999999999999:user/eve'};
		const document = await show(cli, state, 'allowed');
		expect(document.status).toBe('succeeded');
		expect(document.caller).toEqual(caller);
		const report = await cli.run(['report', 'allowed', '--format', 'json', '--state-dir', state]);
		expect(report.code, describeExit(report)).toBe(0);
		expect((JSON.parse(report.stdout) as {caller?: unknown}).caller).toEqual(caller);
		const markdown = await cli.run(['report', 'allowed', '--format', 'md', '--state-dir', state]);
		expect(markdown.stdout).toContain('| Caller | arn:aws:iam::999999999999:user/eve |');
	});

	test('no credentials at all: exit 5 saying to log in; no run is created', async () => {
		const {state, path} = setUp('111111111111', [echo]);

		const exit = await cli.run(['run', path, '--env', 'development', '--non-interactive', '--state-dir', state, '--run-id', 'anonymous'], {
			env: {...env(), AWS_ACCESS_KEY_ID: '', AWS_SECRET_ACCESS_KEY: ''},
		});

		expect(exit.code, describeExit(exit)).toBe(5);
		expect(exit.stderr).toMatch(/cannot tell which AWS account this is \(CredentialsProviderError: /);
		expect(exit.stderr).toContain('needs account 111111111111');
		expect(exit.stderr).toContain('Log in (aws sso login, aws-vault exec ...)');
		expect(requests).toEqual([]);
		expect(existsSync(join(state, 'runs', 'anonymous'))).toBe(false);
	});

	test('a resume is guarded too: credentials of another account by then refuse it (exit 5) and the journal is untouched', async () => {
		const {state, path} = setUp('999999999999', [{id: 'check', title: 'Check by hand', manual: 'Look at the dashboard'}, echo]);
		const started = await cli.run(['run', path, '--env', 'development', '--non-interactive', '--state-dir', state, '--run-id', 'later'], {env: env()});
		expect(started.code, describeExit(started)).toBe(3);
		const journal = join(state, 'runs', 'later', 'journal.jsonl');
		const before = readFileSync(journal, 'utf8');

		account = '888888888888';
		const resumed = await cli.run(['resume', 'later', '--yes', '--non-interactive', '--state-dir', state], {env: env()});

		expect(resumed.code, describeExit(resumed)).toBe(5);
		expect(resumed.stderr).toContain('999999999999');
		expect(resumed.stderr).toContain('888888888888');
		expect(resumed.stderr).toContain('arn:aws:iam::888888888888:user/eve');
		expect(readFileSync(journal, 'utf8')).toBe(before);

		account = '999999999999';
		const again = await cli.run(['resume', 'later', '--yes', '--non-interactive', '--state-dir', state], {env: env()});
		expect(again.code, describeExit(again)).toBe(0);
		expect(again.stdout).toContain('hello | hello');
	});

	test('an environment with roleArn: the guard asks STS as the assumed role, and shell steps get its credentials', async () => {
		const roleArn = 'arn:aws:iam::999999999999:role/breakglass';
		const {state, path} = setUp('999999999999', [{id: 'whoami', title: 'Show the shell identity', shell: 'echo "$AWS_ACCESS_KEY_ID $AWS_SESSION_TOKEN $AWS_REGION"'}], {roleArn});

		const exit = await cli.run(['run', path, '--env', 'development', '--non-interactive', '--state-dir', state, '--run-id', 'breakglass'], {env: env()});

		expect(exit.code, describeExit(exit)).toBe(0);
		const assume = requests.find(request => /Action=AssumeRole\b/.test(request.body));
		expect(assume?.body).toContain(`RoleArn=${encodeURIComponent(roleArn)}`);
		expect(assume?.body).toContain('RoleSessionName=belay-breakglass');
		// Signed with the operator's keys; then GetCallerIdentity with the role's.
		expect(assume?.authorization).toContain('Credential=AKIAFAKEFORTESTS/');
		const identity = requests.find(request => /Action=GetCallerIdentity/.test(request.body));
		expect(identity?.authorization).toContain('Credential=ASIAASSUMEDROLE/');
		expect(exit.stdout).toContain('caller: arn:aws:sts::999999999999:assumed-role/breakglass/belay (account 999999999999)');
		expect(exit.stdout).toContain('whoami | ASIAASSUMEDROLE assumed-session-token eu-west-1');
		expect((await show(cli, state, 'breakglass')).caller).toEqual({account: '999999999999', arn: 'arn:aws:sts::999999999999:assumed-role/breakglass/belay'});
	});
});
