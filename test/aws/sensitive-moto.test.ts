import {readFileSync} from 'node:fs';
import {afterAll, beforeAll, describe, expect, test} from 'vitest';
import {motoUrl, uniqueName} from '../helpers/moto.js';
import {filesUnder} from '../cli/belay.js';
import {buildPrivateCli, describeExit, type Cli} from './cli.js';
import {MotoRunner} from './moto-run.js';

/**
 * What the SDK marks sensitive in a request (RDS's MasterUserPassword) is masked like a secret: the
 * shown request, the journal and the log hold `***`, while AWS gets the value (moto accepts it).
 */

let cli: Cli;
let runner: MotoRunner;

beforeAll(async () => {
	cli = await buildPrivateCli();
	runner = new MotoRunner(cli, await motoUrl(), 'sensitive');
});

afterAll(() => {
	runner?.dispose();
	cli?.dispose();
});

describe('sensitive request fields', () => {
	test('MasterUserPassword never reaches the screen or the state dir', async () => {
		const password = 'pw-Sekret-99107';
		const run = await runner.run([
			{
				id: 'create',
				title: 'Create an instance',
				aws: {
					service: 'rds',
					command: 'CreateDBInstance',
					input: {DBInstanceIdentifier: uniqueName('sensitive').toLowerCase(), DBInstanceClass: 'db.t3.micro', Engine: 'postgres', MasterUsername: 'admin1', MasterUserPassword: password, AllocatedStorage: 20},
				},
			},
		]);
		expect(run.exit.code, describeExit(run.exit)).toBe(0);
		expect(run.exit.stdout).toContain('"MasterUserPassword":"***"');
		expect(run.exit.stdout + run.exit.stderr).not.toContain(password);
		for (const path of await filesUnder(run.state)) expect(readFileSync(path, 'utf8'), path).not.toContain(password);
	});
});
