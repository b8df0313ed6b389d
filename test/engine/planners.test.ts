import {describe, expect, it} from 'vitest';
import {planResume} from '../../source/engine/plan-resume.js';
import {planStart, type StartGiven} from '../../source/engine/plan-start.js';
import {initialState, reduce} from '../../source/engine/reduce.js';
import {loadRunbookText} from '../../source/runbook/load.js';
import type {LoadedRunbook} from '../../source/runbook/types.js';

const facts = {now: new Date('2026-12-01T09:30:00Z'), host: 'laptop', pid: 42, suffix: 'beef'};

function load(yaml: string): LoadedRunbook {
	const result = loadRunbookText(yaml, '/runbooks/r.yaml');
	if (!result.ok) throw new Error(result.problems.map(problem => problem.message).join('\n'));
	return result.loaded;
}

const restore = load(`version: 1
name: restore
title: Restore
pairing: required
environments:
  development: {account: "111111111111", region: eu-west-1, vars: {suffix: dev}}
  production: {account: "222222222222", protected: true}
inputs:
  table: {description: The table to restore, pattern: '^[A-Z][a-z]+$'}
  copies: {type: number, default: 2}
  token: {secret: true, required: false}
vars:
  suffix: none
  target: "\${{ inputs.table & '-' & env.region }}"
  login: "\${{ 'user:' & inputs.token }}"
steps:
  - {id: pick, title: Pick, input: {prompt: Which?, secret: true}}
  - {id: go, title: Go, shell: 'echo go'}
`);

const given = (change: Partial<StartGiven> = {}): StartGiven => ({
	environment: 'development',
	inputs: {table: 'Lpas', token: 's3cret'},
	operator: 'alice',
	pair: 'bob',
	dryRun: false,
	...change,
});

describe('planStart', () => {
	it('returns the opening events: run-started (secrets as ***) and the vars', async () => {
		const plan = await planStart(restore, given(), facts);
		if (!plan.ok) throw new Error(JSON.stringify(plan.needs));
		expect(plan.runId).toBe('restore-20261201-093000-beef');
		expect(plan.started).toMatchObject({
			type: 'run-started',
			runId: plan.runId,
			environment: 'development',
			operator: 'alice',
			pair: 'bob',
			inputs: {table: 'Lpas', copies: 2, token: '***'},
			secretInputs: ['token'],
			host: 'laptop',
			pid: 42,
			at: '2026-12-01T09:30:00.000Z',
		});
		expect(plan.vars).toMatchObject({type: 'vars-computed', vars: {suffix: 'dev', target: 'Lpas-eu-west-1', login: '***'}});
		expect(plan.secrets.inputs).toEqual({token: 's3cret'});
		expect(plan.secrets.vars).toEqual({login: 'user:s3cret'});
	});

	it('says what is missing, each with the flag to give, and what can be asked', async () => {
		const plan = await planStart(restore, given({environment: undefined, operator: null, pair: null, inputs: {}}), facts);
		expect(plan.ok).toBe(false);
		if (plan.ok) return;
		expect(plan.needs).toEqual([
			{kind: 'environment', choices: ['development', 'production'], message: 'runbook restore needs an environment: add --env development|production'},
			{kind: 'pairing', missing: ['operator', 'pair'], message: 'runbook restore requires pairing: give --operator NAME and --pair NAME (two people)'},
		]);
		const inputs = await planStart(restore, given({inputs: {table: 'lower', copies: 'two'}}), facts);
		expect(inputs.ok ? [] : inputs.needs.map(need => need.kind === 'input' && [need.name, need.message])).toEqual([
			['table', 'table must match ^[A-Z][a-z]+$, got "lower": give --input table=VALUE (The table to restore)'],
			['copies', 'copies must be a number, got "two": give --input copies=VALUE'],
		]);
	});

	it('refuses what cannot be asked: an unknown environment or input, the same person twice, a bad run id', async () => {
		const messages = async (change: Partial<StartGiven>): Promise<string[]> => {
			const plan = await planStart(restore, given(change), facts);
			return plan.ok ? [] : plan.needs.map(need => `${need.kind}: ${need.message}`);
		};
		expect(await messages({environment: 'staging'})).toEqual(["usage: runbook restore has no environment 'staging'; choose one of development, production"]);
		expect(await messages({pair: 'Alice '})).toEqual(["usage: pairing is required, but operator and pair are both 'alice': the pair must be a second person"]);
		expect(await messages({runId: '../x'})).toEqual(["usage: --run-id '../x' is not a valid id: use letters, digits, '.', '_' and '-'"]);
		expect(await messages({inputs: {table: 'Lpas', tabel: 'x'}})).toEqual(["usage: runbook restore has no input 'tabel'; its inputs: table, copies, token"]);
	});
});

describe('planResume', () => {
	async function startedState() {
		const plan = await planStart(restore, given(), facts);
		if (!plan.ok) throw new Error('not ok');
		let state = reduce(initialState(plan.started), plan.vars);
		state = reduce(state, {type: 'operator-answered', at: 'x', key: 'pick', question: 'input', answer: '***', by: 'alice'});
		state = reduce(state, {type: 'step-started', at: 'x', key: 'pick', attempt: 1, request: {}});
		state = reduce(state, {type: 'step-succeeded', at: 'x', key: 'pick', result: '***', outputs: {}, value: '***'});
		return state;
	}

	it('asks for secret inputs again, forgets secret steps, and recomputes vars made from secrets', async () => {
		const state = await startedState();
		const missing = await planResume(state, restore, {acceptChanges: false, inputs: {}, operator: null}, facts);
		expect(missing).toEqual({ok: false, needs: [{kind: 'secret-input', name: 'token', message: "secret input 'token' is not kept on disk: give it again with --input token=VALUE"}]});
		const plan = await planResume(state, restore, {acceptChanges: false, inputs: {token: 's3cret'}, operator: 'carol'}, facts);
		if (!plan.ok) throw new Error('not ok');
		expect(plan.events.map(event => event.type)).toEqual(['run-resumed', 'secret-forgotten']);
		expect(plan.events[0]).toMatchObject({operator: 'carol', host: 'laptop', pid: 42, acceptedChanges: []});
		expect(plan.secrets.vars).toEqual({login: 'user:s3cret'});
	});

	it('names the changed steps of a runbook that changed, until they are accepted', async () => {
		const state = await startedState();
		const changed = load(restore.source.replace("shell: 'echo go'", "shell: 'echo gone'"));
		const refused = await planResume(state, changed, {acceptChanges: false, inputs: {token: 's'}, operator: null}, facts);
		expect(refused.ok ? [] : refused.needs).toEqual([
			expect.objectContaining({kind: 'accept-changes', changed: ['go (changed)'], message: expect.stringContaining('Check the changes, then run: belay resume')}),
		]);
		const accepted = await planResume(state, changed, {acceptChanges: true, inputs: {token: 's'}, operator: null}, facts);
		expect(accepted.ok && accepted.acceptedChanges).toEqual(['go (changed)']);
	});

	it('refuses to turn a dry run into a real one', async () => {
		const plan = await planStart(restore, given({dryRun: true}), facts);
		if (!plan.ok) throw new Error('not ok');
		const resumed = await planResume(initialState(plan.started), restore, {acceptChanges: false, dryRun: false, inputs: {token: 's'}, operator: null}, facts);
		expect(resumed.ok ? [] : resumed.needs.map(need => need.kind)).toEqual(['usage']);
	});
});
