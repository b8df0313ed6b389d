import {readFileSync, rmSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {pathToFileURL} from 'node:url';
import {afterAll, beforeAll, describe, expect, test} from 'vitest';
import {loadedServices} from '../../source/aws/loaders.js';
import {motoEnv, motoUrl, useMotoHere} from '../helpers/moto.js';
import {buildPrivateCli, describeExit, root, scratch, writeRunbook, type Cli} from './cli.js';
import {RunHarness, TestFrontEnd} from './harness.js';

/**
 * A run of a runbook without AWS steps loads no AWS client: AWS clients are imported only when a
 * step first calls their service.
 */

const noAwsSteps = `version: 1
name: no-aws
title: A runbook without AWS steps
inputs:
  table: {default: Lpas}
steps:
  - id: ready
    title: Ready?
    manual: Check the dashboard
    checklist: [The dashboard is green]
  - id: colour
    title: Pick a colour
    select:
      options:
        - {label: Blue, value: blue}
        - {label: Green, value: green}
  - id: hello
    title: Say hello
    shell: echo hello \${{ inputs.table }} \${{ steps.colour.value }}
    outputs:
      said: $trim(result.stdout)
`;

describe('in-process: the Driver runs a runbook without AWS steps', () => {
	afterAll(() => RunHarness.cleanUp());

	test('loadedServices stays empty', async () => {
		expect([...loadedServices]).toEqual([]);
		const run = RunHarness.start(noAwsSteps, {inputs: {table: 'Lpas'}});
		const frontEnd = new TestFrontEnd({'ready:checklist': true, 'colour:select': 'green'});

		const outcome = await run.drive(frontEnd);

		expect(outcome.status, JSON.stringify(outcome.state.steps, null, 2)).toBe('succeeded');
		expect(outcome.state.steps['hello']?.outputs).toEqual({said: 'hello Lpas green'});
		expect([...loadedServices]).toEqual([]);
	});

	test('(control) a run with one AWS step loads exactly that service', async () => {
		useMotoHere(await motoUrl());
		const run = RunHarness.start(`version: 1
name: one-aws-step
title: One AWS step
steps:
  - id: who
    title: Who am I?
    aws: {service: sts, command: GetCallerIdentity, input: {}}
`);

		const outcome = await run.drive(new TestFrontEnd());

		expect(outcome.status).toBe('succeeded');
		expect([...loadedServices]).toEqual(['sts']);
	});
});

describe('the CLI, with a hook that records every module it resolves', () => {
	const recorder = join(root, 'test', 'helpers', 'record-imports.mjs');
	let cli: Cli;
	let url = '';
	const dirs: string[] = [];

	beforeAll(async () => {
		url = await motoUrl();
		cli = await buildPrivateCli();
	});

	afterAll(() => {
		cli?.dispose();
		for (const dir of dirs) rmSync(dir, {recursive: true, force: true});
	});

	/** Runs `belay run` with the recorder; returns the exit and every specifier and URL resolved. */
	async function recordedRun(yaml: string, answers?: Record<string, unknown>): Promise<{exit: Awaited<ReturnType<Cli['run']>>; resolved: string[]}> {
		const dir = scratch('imports');
		dirs.push(dir);
		const extraArgs = answers ? ['--yes', '--answers', writeRunbook(dir, 'answers.yaml', answers)] : [];
		const path = join(dir, 'runbook.yaml');
		writeFileSync(path, yaml, 'utf8');
		const record = join(dir, 'imports.tsv');
		const exit = await cli.run(['run', path, '--non-interactive', '--state-dir', join(dir, 'state'), ...extraArgs], {
			nodeArgs: ['--import', recorder],
			env: {BELAY_RECORD_IMPORTS: record, ...motoEnv(url)},
		});
		const resolved = readFileSync(record, 'utf8')
			.split('\n')
			.filter(Boolean)
			.flatMap(line => line.split('\t').slice(1));
		return {exit, resolved};
	}

	const aws = (resolved: readonly string[]): string[] => resolved.filter(text => /(^|\/)@aws-sdk\//.test(text));

	test('belay run of a runbook without AWS steps resolves no @aws-sdk/ module', async () => {
		const {exit, resolved} = await recordedRun(noAwsSteps, {steps: {colour: 'green'}});

		expect(exit.code, describeExit(exit)).toBe(0);
		expect(exit.stdout).toContain('hello | hello Lpas green');
		// The recording saw the CLI itself and the chunks a run imports ...
		expect(resolved).toContain(pathToFileURL(cli.bin).href);
		expect(resolved.filter(text => /\/belay-aws-[^/]+\/[\w-]+\.js$/.test(text)).length).toBeGreaterThan(1);
		// ... and no AWS SDK module, by import() or require().
		expect(aws(resolved)).toEqual([]);
	});

	test('(control) belay run of a runbook with an sts step does resolve @aws-sdk/client-sts', async () => {
		const {exit, resolved} = await recordedRun(`version: 1
name: one-aws-step
title: One AWS step
steps:
  - id: who
    title: Who am I?
    aws: {service: sts, command: GetCallerIdentity, input: {}}
    outputs:
      account: result.Account
`);

		expect(exit.code, describeExit(exit)).toBe(0);
		expect(aws(resolved)).toContain('@aws-sdk/client-sts');
		expect(aws(resolved).some(text => text.startsWith('@aws-sdk/client-dynamodb'))).toBe(false);
	});
});
