/**
 * `scopeFor`: what an expression of one step instance can read. The run's state is built by
 * replaying journal events, as a resumed run builds it.
 */
import {describe, expect, it} from 'vitest';
import type {RunEvent, RunStarted} from '../../source/engine/events.js';
import {initialState, reduce} from '../../source/engine/reduce.js';
import {emptySecrets, scopeFor, type Secrets} from '../../source/engine/scope.js';
import {evaluateExpression} from '../../source/expressions/evaluate.js';
import type {RunState} from '../../source/engine/state.js';
import {loadRunbookText} from '../../source/runbook/load.js';
import type {Runbook} from '../../source/runbook/types.js';

type Unstamped = RunEvent extends infer E ? (E extends RunEvent ? Omit<E, 'at'> : never) : never;

const runbookText = `version: 1
name: scoped
title: Scoped
environments:
  production: {account: "333333333333", region: eu-west-2, profile: prod, roleArn: "arn:aws:iam::333333333333:role/breakglass", protected: true, description: Live}
  rehearsal: {sandbox: true, region: us-east-1}
inputs:
  table: {default: Lpas}
  apiKey: {secret: true}
vars:
  restored: \${{ inputs.table & '-restored' }}
steps:
  - {id: name, title: Name, input: {prompt: Which?}}
  - id: copy
    title: Copy
    foreach:
      items: [a, b, c]
      as: source
      steps:
        - {id: get, title: Get, shell: echo get}
        - {id: put, title: Put, shell: echo put}
  - id: regions
    title: Regions
    foreach:
      items: [eu-west-1, eu-west-2]
      as: region
      steps:
        - id: tables
          title: Tables
          foreach:
            items: [x, y]
            steps:
              - {id: check, title: Check, shell: echo check}
  - {id: after, title: After, shell: echo after}
`;

function load(): Runbook {
	const result = loadRunbookText(runbookText, 'scoped.yaml');
	if (!result.ok) throw new Error(result.problems.map(problem => `${problem.line}:${problem.column} ${problem.message}`).join('\n'));
	return result.loaded.runbook;
}

const runbook = load();
let clock = Date.parse('2026-11-21T10:00:00Z');
const at = (): string => new Date((clock += 1000)).toISOString();

function started(environment: string | null = 'production'): RunState {
	const event: RunStarted = {
		type: 'run-started',
		at: '2026-11-21T10:00:00.000Z',
		runId: 'scoped-1',
		runbook: {name: 'scoped', title: 'Scoped', path: 'scoped.yaml', sha256: 'x'},
		stepHashes: {},
		environment,
		operator: 'alice',
		pair: 'bob',
		dryRun: false,
		inputs: {table: 'Lpas', apiKey: '***'},
		secretInputs: ['apiKey'],
		host: 'h',
		pid: 1,
	};
	return initialState(event);
}

function apply(state: RunState, ...events: Unstamped[]): RunState {
	return events.reduce((current, event) => reduce(current, {...event, at: at()} as RunEvent), state);
}

/** A run that has answered `name`, expanded `copy` and finished `get` and `put` of items 0 and 2. */
function midLoop(): RunState {
	return apply(
		started(),
		{type: 'vars-computed', vars: {restored: 'Lpas-restored'}},
		{type: 'operator-answered', key: 'name', question: 'input', answer: 'Orders', by: 'alice'},
		{type: 'step-started', key: 'name', attempt: 1, request: {}},
		{type: 'step-succeeded', key: 'name', result: 'Orders', outputs: {}, value: 'Orders'},
		{type: 'foreach-expanded', key: 'copy', items: ['a', 'b', 'c']},
		{type: 'step-started', key: 'copy[0].get', attempt: 1, request: {}},
		{type: 'step-succeeded', key: 'copy[0].get', result: {stdout: 'got a'}, outputs: {size: 1}},
		{type: 'step-started', key: 'copy[2].get', attempt: 1, request: {}},
		{type: 'step-succeeded', key: 'copy[2].get', result: {stdout: 'got c'}, outputs: {size: 3}},
	);
}

const stepsOf = (scope: Record<string, unknown>): Record<string, Record<string, unknown> | undefined> =>
	scope['steps'] as Record<string, Record<string, unknown> | undefined>;

describe('scopeFor', () => {
	it('inputs: the run inputs, with secret inputs in clear in place of their journaled ***', () => {
		const secrets: Secrets = {...emptySecrets(), inputs: {apiKey: 'hunter2'}};
		expect(scopeFor('name', started(), runbook, secrets)['inputs']).toEqual({table: 'Lpas', apiKey: 'hunter2'});
		// Without the secret in memory (a resume before it is asked again), only the mask is there.
		expect(scopeFor('name', started(), runbook, emptySecrets())['inputs']).toEqual({table: 'Lpas', apiKey: '***'});
	});

	it('vars: the computed vars, with vars made from secrets in clear', () => {
		const state = apply(started(), {type: 'vars-computed', vars: {restored: 'Lpas-restored', auth: '***'}});
		const secrets: Secrets = {...emptySecrets(), vars: {auth: 'Bearer hunter2'}};
		expect(scopeFor('name', state, runbook, secrets)['vars']).toEqual({restored: 'Lpas-restored', auth: 'Bearer hunter2'});
		expect(scopeFor('name', started(), runbook, emptySecrets())['vars']).toEqual({});
	});

	it('env: the run environment and its settings', () => {
		expect(scopeFor('name', started(), runbook, emptySecrets())['env']).toEqual({
			name: 'production',
			account: '333333333333',
			region: 'eu-west-2',
			profile: 'prod',
			roleArn: 'arn:aws:iam::333333333333:role/breakglass',
			protected: true,
			sandbox: false,
			description: 'Live',
		});
		expect(scopeFor('name', started(null), runbook, emptySecrets())['env']).toEqual({name: null});
		// A sandbox answers as one account, so ARNs built from env.account work in a rehearsal.
		expect(scopeFor('name', started('rehearsal'), runbook, emptySecrets())['env']).toMatchObject({name: 'rehearsal', account: '123456789012', sandbox: true, region: 'us-east-1'});
	});

	it('run: id, start, operators, dry run, runbook and environment', () => {
		expect(scopeFor('name', started(), runbook, emptySecrets())['run']).toEqual({
			id: 'scoped-1',
			startedAt: '2026-11-21T10:00:00.000Z',
			operator: 'alice',
			pair: 'bob',
			dryRun: false,
			runbook: 'scoped',
			environment: 'production',
		});
	});

	it('steps: a finished step shows its status, value, result, outputs, attempts and times', () => {
		const state = midLoop();
		const view = stepsOf(scopeFor('after', state, runbook, emptySecrets()))['name'];
		expect(view).toEqual({
			status: 'succeeded',
			value: 'Orders',
			result: 'Orders',
			outputs: {},
			attempts: 1,
			startedAt: state.steps['name']!.startedAt,
			endedAt: state.steps['name']!.endedAt,
			error: undefined,
		});
	});

	it('steps: a failed step shows its error', () => {
		const state = apply(
			started(),
			{type: 'step-started', key: 'after', attempt: 2, request: {}},
			{type: 'step-failed', key: 'after', attempt: 2, error: {message: 'exit 3', code: 'ExitCode'}, final: true},
		);
		expect(stepsOf(scopeFor('after', state, runbook, emptySecrets()))['after']).toMatchObject({
			status: 'failed',
			attempts: 2,
			error: {message: 'exit 3', code: 'ExitCode'},
		});
	});

	it('steps: a secret step shows its value, result and outputs from memory, not the journaled mask', () => {
		const state = apply(
			started(),
			{type: 'step-started', key: 'after', attempt: 1, request: {}},
			{type: 'step-succeeded', key: 'after', result: '***', outputs: {token: '***'}, value: '***'},
		);
		const secrets = emptySecrets();
		secrets.steps.set('after', {value: 'v-clear', result: {stdout: 'hunter2'}, outputs: {token: 'hunter2'}});
		expect(stepsOf(scopeFor('after', state, runbook, secrets))['after']).toMatchObject({
			value: 'v-clear',
			result: {stdout: 'hunter2'},
			outputs: {token: 'hunter2'},
		});
	});

	it('steps: later steps are visible too, as pending steps that have no value yet', () => {
		const steps = stepsOf(scopeFor('name', started(), runbook, emptySecrets()));
		expect(Object.keys(steps)).toEqual(['name', 'copy', 'regions', 'after']);
		expect('after' in steps).toBe(true);
		expect(steps['after']).toEqual({
			status: 'pending',
			value: undefined,
			result: undefined,
			outputs: {},
			attempts: 0,
			startedAt: undefined,
			endedAt: undefined,
			error: undefined,
		});
	});

	it('steps: a step inside a loop is not visible outside it, and no unknown id is', () => {
		const steps = stepsOf(scopeFor('after', midLoop(), runbook, emptySecrets()));
		expect(steps['get']).toBeUndefined();
		expect('get' in steps).toBe(false);
		expect(steps['nowhere']).toBeUndefined();
		expect('nowhere' in steps).toBe(false);
		expect(Object.keys(scopeFor('after', midLoop(), runbook, emptySecrets()))).toEqual(['inputs', 'vars', 'env', 'run', 'steps']);
	});

	it('a foreach item: `copy[2].put` sees the item under its `as` name, and `index`', () => {
		const scope = scopeFor('copy[2].put', midLoop(), runbook, emptySecrets());
		expect(scope['source']).toBe('c');
		expect(scope['index']).toBe(2);
		expect(scopeFor('copy[0].put', midLoop(), runbook, emptySecrets())).toMatchObject({source: 'a', index: 0});
	});

	it("a foreach item: the loop's steps read this item's instances, the outer steps stay visible", () => {
		const steps = stepsOf(scopeFor('copy[2].put', midLoop(), runbook, emptySecrets()));
		expect(steps['get']).toMatchObject({status: 'succeeded', result: {stdout: 'got c'}, outputs: {size: 3}});
		expect(steps['put']).toMatchObject({status: 'pending'});
		expect(steps['name']).toMatchObject({status: 'succeeded', value: 'Orders'});
		expect(Object.keys(steps)).toEqual(['name', 'copy', 'regions', 'after', 'get', 'put']);
		// Item 1 has not run its `get`: it does not see item 0's or item 2's.
		expect(stepsOf(scopeFor('copy[1].put', midLoop(), runbook, emptySecrets()))['get']).toMatchObject({status: 'pending', outputs: {}});
	});

	it('nested loops: each level adds its item; `index` is the innermost', () => {
		const state = apply(
			started(),
			{type: 'foreach-expanded', key: 'regions', items: ['eu-west-1', 'eu-west-2']},
			{type: 'foreach-expanded', key: 'regions[1].tables', items: ['x', 'y']},
			{type: 'step-started', key: 'regions[1].tables[0].check', attempt: 1, request: {}},
			{type: 'step-succeeded', key: 'regions[1].tables[0].check', result: {stdout: 'ok'}, outputs: {}},
		);
		const scope = scopeFor('regions[1].tables[1].check', state, runbook, emptySecrets());
		expect(scope).toMatchObject({region: 'eu-west-2', item: 'y', index: 1});
		expect(stepsOf(scope)['tables']).toMatchObject({status: 'running'});
		expect(stepsOf(scope)['check']).toMatchObject({status: 'pending'});
		expect(stepsOf(scopeFor('regions[1].tables[0].check', state, runbook, emptySecrets()))['check']).toMatchObject({
			status: 'succeeded',
			result: {stdout: 'ok'},
		});
	});

	it('expressions read the scope: an item step reads its item, index, its own loop steps and outer steps', async () => {
		const scope = scopeFor('copy[2].put', midLoop(), runbook, {...emptySecrets(), inputs: {apiKey: 'hunter2'}});
		const options = {now: new Date('2026-11-21T10:00:00Z')};
		expect(await evaluateExpression("source & '-' & index & '-' & steps.get.outputs.size & '-' & steps.name.value", scope, options)).toBe('c-2-3-Orders');
		expect(await evaluateExpression("vars.restored & ' ' & inputs.apiKey & ' ' & env.region & ' ' & run.operator", scope, options)).toBe(
			'Lpas-restored hunter2 eu-west-2 alice',
		);
		expect(await evaluateExpression('steps.after.status', scope, options)).toBe('pending');
		expect(await evaluateExpression('$keys(steps)', scope, options)).toEqual(['name', 'copy', 'regions', 'after', 'get', 'put']);
	});

	it('a foreach not yet expanded gives its item no value', () => {
		const scope = scopeFor('copy[1].get', started(), runbook, emptySecrets());
		expect(scope['source']).toBeUndefined();
		expect(scope['index']).toBe(1);
	});
});
