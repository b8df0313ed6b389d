import type {Server} from 'node:http';
import type {AddressInfo} from 'node:net';
import {existsSync, readdirSync, rmSync} from 'node:fs';
import {join} from 'node:path';
import {DynamoDBClient, ListTablesCommand} from '@aws-sdk/client-dynamodb';
import dynalite from 'dynalite';
import {afterAll, beforeAll, describe, expect, test} from 'vitest';
import {hostname} from 'node:os';
import {isLoopbackUrl} from '../../source/aws/loopback.js';
import {GuardRefused} from '../../source/aws/guard.js';
import {checkSandbox, sandboxCredentials, type SandboxSetup} from '../../source/aws/sandbox-guard.js';
import {renderDocs} from '../../source/runbook/docs.js';
import {loadRunbookFile} from '../../source/runbook/load.js';
import type {LoadedRunbook} from '../../source/runbook/types.js';
import {writeSandboxAddress} from '../../source/sandbox/address-file.js';
import {deadPid} from '../cli/belay.js';
import {freePort} from '../helpers/moto-server.js';
import {buildPrivateCli, describeExit, scratch, writeRunbook, type Cli} from './cli.js';

/**
 * A sandbox environment (`sandbox: true`): its guard checks the sandbox, not AWS. Every service the
 * runbook calls needs an endpoint on this machine that answers, else exit 5 saying what to do; a
 * running `belay sandbox` is found through the address file in the state dir; with no keys in the
 * shell, fake ones sign the calls.
 */

let server: Server;
let endpoint = '';
let cli: Cli;
const dirs: string[] = [];

beforeAll(async () => {
	server = dynalite({createTableMs: 0});
	await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
	endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
	cli = await buildPrivateCli();
});

afterAll(async () => {
	server.closeAllConnections();
	await new Promise(resolve => server.close(resolve));
	cli?.dispose();
	for (const dir of dirs) rmSync(dir, {recursive: true, force: true});
});

/** A folder with a runbook that creates a table in its sandbox environment and shows its shell's keys. */
function setup(environment: Record<string, unknown> = {sandbox: true}): {dir: string; file: string; state: string} {
	const dir = scratch('sandbox-guard');
	dirs.push(dir);
	const file = writeRunbook(dir, 'sandboxed.yaml', {
		version: 1,
		name: 'sandboxed',
		title: 'Sandboxed',
		environments: {sandbox: environment},
		inputs: {table: {type: 'string'}},
		steps: [
			{
				id: 'create',
				title: 'Create a table',
				aws: {
					service: 'dynamodb',
					command: 'CreateTable',
					input: {
						TableName: '${{ inputs.table }}',
						AttributeDefinitions: [{AttributeName: 'id', AttributeType: 'S'}],
						KeySchema: [{AttributeName: 'id', KeyType: 'HASH'}],
						BillingMode: 'PAY_PER_REQUEST',
					},
				},
			},
			{id: 'keys', title: 'Show the keys', shell: 'echo "key=$AWS_ACCESS_KEY_ID endpoint=$AWS_ENDPOINT_URL_DYNAMODB other=${AWS_ENDPOINT_URL:-none}"'},
		],
	});
	return {dir, file, state: join(dir, 'state')};
}

const run = (file: string, state: string, table: string, env: Record<string, string> = {}) =>
	cli.run(['run', file, '--env', 'sandbox', '--state-dir', state, '--non-interactive', '--yes', '--input', `table=${table}`], {
		env: {AWS_ACCESS_KEY_ID: '', AWS_SECRET_ACCESS_KEY: '', ...env},
	});

async function tables(): Promise<string[]> {
	const client = new DynamoDBClient({endpoint, region: 'us-east-1', credentials: {accessKeyId: 'x', secretAccessKey: 'y'}});
	try {
		return (await client.send(new ListTablesCommand({}))).TableNames ?? [];
	} finally {
		client.destroy();
	}
}

const noRuns = (state: string): boolean => !existsSync(join(state, 'runs')) || readdirSync(join(state, 'runs')).length === 0;

/** The runbook in `dir`, loaded (it must be valid). */
async function loaded(file: string): Promise<LoadedRunbook> {
	const result = await loadRunbookFile(file);
	if (!result.ok) throw new Error(result.problems.map(problem => problem.message).join('\n'));
	return result.loaded;
}

/** What checkSandbox threw (its message), or the setup it returned. */
async function guard(file: string, state: string, env: Record<string, string> = {}): Promise<SandboxSetup | string> {
	const {runbook} = await loaded(file);
	try {
		return await checkSandbox(runbook, runbook.environments['sandbox']!, {env, stateRoot: state});
	} catch (error) {
		expect(error).toBeInstanceOf(GuardRefused);
		return (error as Error).message;
	}
}

const announce = async (state: string, pid: number, url: string, otherServices?: string): Promise<void> => {
	writeSandboxAddress(state, {pid, host: hostname(), startedAt: new Date().toISOString(), region: 'us-east-1', endpoints: {dynamodb: url}, ...(otherServices ? {otherServices} : {})});
};

describe('checkSandbox', () => {
	test('no sandbox running and no endpoint set: refused, naming both ways out', async () => {
		const {file, state} = setup();

		const message = await guard(file, state);

		expect(message).toContain('environment sandbox is a sandbox, so it never uses AWS, and dynamodb has no local endpoint: no belay sandbox is running');
		expect(message).toMatch(/start `belay sandbox` in another terminal/i);
		expect(message).toContain('AWS_ENDPOINT_URL_DYNAMODB');
	});

	test('an endpoint that is not this machine: refused before any request', async () => {
		const {file, state} = setup();
		let asked = 0;
		const {runbook} = await loaded(file);

		const refused = checkSandbox(runbook, runbook.environments['sandbox']!, {
			env: {AWS_ENDPOINT_URL_DYNAMODB: 'https://dynamodb.eu-west-1.amazonaws.com'},
			stateRoot: state,
			answers: async () => ++asked > 0,
		});

		await expect(refused).rejects.toThrow('would go to https://dynamodb.eu-west-1.amazonaws.com (from AWS_ENDPOINT_URL_DYNAMODB), which is not this machine');
		expect(asked).toBe(0);
	});

	test('a local endpoint where nothing answers: refused', async () => {
		const {file, state} = setup();
		const port = await freePort();

		expect(await guard(file, state, {AWS_ENDPOINT_URL: `http://127.0.0.1:${port}`})).toContain(
			`nothing answers at http://127.0.0.1:${port} (dynamodb, from AWS_ENDPOINT_URL)`,
		);
	});

	test('a sandbox that has stopped (its address file left behind): refused, saying so', async () => {
		const {file, state} = setup();
		await announce(state, deadPid(), endpoint);

		expect(await guard(file, state)).toContain('the belay sandbox that wrote');
	});

	test('the announced sandbox serves the run, with fake keys when the shell has none', async () => {
		const {file, state} = setup();
		await announce(state, process.pid, endpoint);

		expect(await guard(file, state)).toEqual({
			endpoints: {dynamodb: endpoint},
			region: 'us-east-1',
			credentials: sandboxCredentials,
			sources: {dynamodb: `belay sandbox (${join(state, 'sandbox', 'address.json')})`},
		});
	});

	test("AWS_ENDPOINT_URL_DYNAMODB wins over the announced sandbox, and the shell's keys are used", async () => {
		const {file, state} = setup({sandbox: true, region: 'eu-west-1'});
		await announce(state, process.pid, 'http://127.0.0.1:1');

		const setupOrMessage = await guard(file, state, {AWS_ENDPOINT_URL_DYNAMODB: endpoint, AWS_ACCESS_KEY_ID: 'mine', AWS_SECRET_ACCESS_KEY: 'secret'});

		expect(setupOrMessage).toMatchObject({endpoints: {dynamodb: endpoint}, region: 'eu-west-1', credentials: {accessKeyId: 'mine', secretAccessKey: 'secret'}});
	});

	test('validation: a sandbox takes no account, profile or role, and only local endpoints', async () => {
		const {file} = setup({sandbox: true, account: '111111111111', endpoints: {s3: 'https://s3.amazonaws.com'}});

		const result = await loadRunbookFile(file);

		expect(result.ok).toBe(false);
		const messages = result.ok ? [] : result.problems.map(problem => problem.message);
		expect(messages).toContain(
			"environment 'sandbox' is a sandbox (sandbox: true), which never uses AWS, so it takes no account; remove account, or sandbox: true for a real account",
		);
		expect(messages).toContain("environment 'sandbox' is a sandbox, so its endpoints are on this machine (http://localhost:PORT or http://127.0.0.1:PORT), not https://s3.amazonaws.com");
	});

	test('docs: the environments table says which is a sandbox and how to rehearse', async () => {
		const markdown = renderDocs(await loaded(setup().file));

		expect(markdown).toContain('| protected | sandbox |');
		expect(markdown).toContain('Start `belay sandbox` in another terminal first');
	});
});

describe('a sandbox run, from the CLI', () => {
	test('refused: exit 5, nothing ran', async () => {
		const {file, state} = setup();

		const exit = await run(file, state, 'never');

		expect(exit.code, describeExit(exit)).toBe(5);
		expect(exit.stderr).toContain('no belay sandbox is running');
		expect(noRuns(state)).toBe(true);
	});

	test('the address a running sandbox announced: the run uses it, with fake keys, in its shell steps too', async () => {
		const {file, state} = setup();
		await announce(state, process.pid, endpoint);

		const exit = await run(file, state, 'announced');

		expect(exit.code, describeExit(exit)).toBe(0);
		expect(await tables()).toContain('announced');
		expect(exit.stdout + exit.stderr).toContain(`key=belay-sandbox endpoint=${endpoint} other=none\n`);
	});

	test("a sandbox that serves every other service (moto): shell steps get it as AWS_ENDPOINT_URL, unless the operator set one", async () => {
		const {file, state} = setup();
		await announce(state, process.pid, endpoint, endpoint);

		const announced = await run(file, state, 'other-services');
		const operators = await run(file, state, 'operators-own', {AWS_ENDPOINT_URL: `${endpoint}/`});

		expect(announced.code, describeExit(announced)).toBe(0);
		expect(announced.stdout).toContain(`key=belay-sandbox endpoint=${endpoint} other=${endpoint}\n`);
		expect(operators.code, describeExit(operators)).toBe(0);
		expect(operators.stdout).toContain(`other=${endpoint}/\n`);
	});
});

test('isLoopbackUrl: 127.0.0.0/8, ::1 and localhost only', () => {
	expect(['http://127.0.0.1:8000', 'http://localhost:4566', 'http://[::1]:8000', 'https://127.5.6.7'].every(isLoopbackUrl)).toBe(true);
	expect(['http://10.0.0.1:8000', 'https://dynamodb.us-east-1.amazonaws.com', 'http://127.0.0.1.nip.io', 'file:///tmp/x', 'nonsense'].some(isLoopbackUrl)).toBe(false);
});
