import {afterEach, describe, expect, it, vi} from 'vitest';
import {planStart, type StartGiven, type StartPlan} from '../../../source/engine/plan-start.js';
import type {LoadedRunbook} from '../../../source/runbook/types.js';
import type {InterfaceApi} from '../../../source/ui/api.js';
import {StartScreen} from '../../../source/ui/screens/start-screen.js';
import {restoreTable} from './fixtures.js';
import {facts, keys, mountSized, runbook, tick, unmountAll, waitFor} from './helpers.js';

afterEach(unmountAll);

const restore = runbook(restoreTable, '/runbooks/restore-table.yaml');

type Remembered = ReturnType<InterfaceApi['remembered']>;

/** The api the start screen gets: the real planner, names remembered as given. */
function api(remembered: Remembered = {}) {
	const plans = vi.fn((loaded: LoadedRunbook, given: StartGiven): Promise<StartPlan> => planStart(loaded, given, facts));
	const remember = vi.fn();
	const stub: InterfaceApi = {
		listRuns: () => [],
		listRunbooks: async () => [],
		loadRunbook: () => Promise.reject(new Error('not on the start screen')),
		planStart: plans,
		openNewRun: () => Promise.reject(new Error('not on the start screen')),
		openResume: () => Promise.reject(new Error('not on the start screen')),
		isMutating: () => true,
		stepEstimates: () => ({}),
		whenRemembered: async () => undefined,
		remembered: () => remembered,
		remember,
	};
	return {stub, plans, remember};
}

const fresh: StartGiven = {inputs: {}, operator: null, pair: null, dryRun: false};

async function start(options: {remembered?: Remembered; given?: StartGiven; loaded?: LoadedRunbook; planned?: StartPlan; size?: {columns: number; rows: number}} = {}) {
	const {stub, plans, remember} = api(options.remembered);
	const onReady = vi.fn();
	const onCancel = vi.fn();
	const view = mountSized(<StartScreen api={stub} loaded={options.loaded ?? restore} given={options.given ?? fresh} {...(options.planned ? {planned: options.planned} : {})} onReady={onReady} onCancel={onCancel} />, options.size);
	await tick();
	return {view, plans, remember, onReady, onCancel};
}

/** Chooses production (the second environment) and takes the remembered names. */
async function throughNames(view: Awaited<ReturnType<typeof start>>['view']) {
	await view.type(keys.down, keys.enter);
	await waitFor(view, frame => frame.includes('Your name (the operator)'), 'the operator field');
	await view.type(keys.enter);
	await waitFor(view, frame => frame.includes("Your pair's name"), 'the pair field');
	await view.type(keys.enter);
	await waitFor(view, frame => frame.includes('Change ticket'), 'the ticket field');
}

describe('start screen', () => {
	it('lists the environments with account, region and PROTECTED', async () => {
		const {view} = await start();
		const frame = view.frame();
		expect(frame).toContain('Start Restore a DynamoDB table (1/5)');
		expect(frame).toContain('Environment');
		expect(frame).toContain('staging · account 111111111111 · eu-west-1 — the rehearsal account');
		expect(frame).toContain('PROTECTED production · account 222222222222 · eu-west-2');
	});

	it('offers the operator remembered from the last run, and Enter takes it', async () => {
		const {view} = await start({remembered: {operator: 'alice', pair: 'bob'}});
		await view.type(keys.enter);
		expect(view.frame()).toContain('(2/5)');
		expect(view.frame()).toContain('Your name (the operator) [alice]');
		await view.type(keys.enter);
		expect(view.frame()).toContain('(3/5)');
		expect(view.frame()).toContain("Your pair's name (who checks), or Enter for none [bob]");
	});

	it('asks for a name when none is remembered, and refuses an empty one', async () => {
		const {view} = await start();
		await view.type(keys.enter);
		expect(view.frame()).not.toContain('[');
		await view.type(keys.enter);
		expect(view.frame()).toContain('a name is needed: the record says who did what');
		expect(view.frame()).toContain('(2/5)');
		await view.type('dora', keys.enter);
		expect(view.frame()).toContain('(3/5)');
	});

	it('refuses the operator as the pair, saying so as it is typed, and Enter does not go on', async () => {
		const {view} = await start({remembered: {operator: 'alice'}});
		await view.type(keys.enter, keys.enter);
		await waitFor(view, frame => frame.includes("Your pair's name"), 'the pair field');
		await view.type('Alice');
		expect(view.frame()).toContain('the pair must be a second person, not the operator');
		await view.type(keys.enter);
		expect(view.frame()).toContain('(3/5)');
		expect(view.frame()).toContain('the pair must be a second person, not the operator');
		for (let count = 0; count < 5; count++) await view.type(keys.backspace);
		await view.type('bob');
		expect(view.frame()).not.toContain('second person');
		await view.type(keys.enter);
		expect(view.frame()).toContain('(4/5)');
	});

	// Once a bug: with no pair remembered, the optional pair's label ends in an empty
	// default: "Your pair's name (who checks), or Enter for none []".
	it('shows no empty [] default for an optional pair', async () => {
		const {view} = await start({remembered: {operator: 'alice'}});
		await view.type(keys.enter, keys.enter);
		await waitFor(view, frame => frame.includes("Your pair's name"), 'the pair field');
		expect(view.frame()).not.toContain('[]');
	});

	it('says why an input does not match its pattern as it is typed, and Enter does not go on', async () => {
		const {view} = await start({remembered: {operator: 'alice', pair: 'bob'}});
		await throughNames(view);
		expect(view.frame()).toContain('(4/5)');
		expect(view.frame()).toContain('The change this restore belongs to');
		await view.type('CHX');
		expect(view.frame()).toContain('ticket must match ^CHG[0-9]+$, got "CHX"');
		await view.type(keys.enter);
		expect(view.frame()).toContain('(4/5)');
		expect(view.frame()).toContain('Change ticket');
		await view.type(keys.backspace, 'G7');
		expect(view.frame()).not.toContain('must match');
		await view.type(keys.enter);
		expect(view.frame()).toContain('(5/5)');
		expect(view.frame()).toContain('Smoke test key');
	});

	it('never shows a secret input as it is typed', async () => {
		const {view} = await start({remembered: {operator: 'alice', pair: 'bob'}});
		await throughNames(view);
		await view.type('CHG7', keys.enter);
		await waitFor(view, frame => frame.includes('Smoke test key'), 'the secret field');
		for (const key of 'key-s3cr3t') await view.type(key);
		expect(view.frame()).toContain('**********');
		await view.type(keys.enter);
		await waitFor(view, frame => frame.includes('Start now?'), 'the last look');
		expect(view.frames().some(frame => frame.includes('s3cr3t'))).toBe(false);
	});

	// Once a bug: a secret input that does not match its pattern is quoted in the reason shown as it is
	// typed ('apiKey must match ^key-[a-z0-9]+$, got "hunter2"'): the secret is on the screen. The
	// input prompt of a run (InputPrompt) drops the ", got ..." part for secrets; the start screen does not.
	it('never shows a secret input in the reason it is refused', async () => {
		const {view} = await start({remembered: {operator: 'alice', pair: 'bob'}});
		await throughNames(view);
		await view.type('CHG7', keys.enter);
		await waitFor(view, frame => frame.includes('Smoke test key'), 'the secret field');
		await view.type('hunter2');
		expect(view.frame()).toContain('apiKey must match');
		expect(view.frames().some(frame => frame.includes('hunter2'))).toBe(false);
	});

	it('shows environment, names and run id last, and starting remembers the names and hands over the plan', async () => {
		const {view, plans, remember, onReady, onCancel} = await start({remembered: {operator: 'alice', pair: 'bob'}});
		await throughNames(view);
		await view.type('CHG7', keys.enter);
		await waitFor(view, frame => frame.includes('Smoke test key'), 'the secret field');
		await view.type('key-s3cr3t', keys.enter);
		const frame = await waitFor(view, frame => frame.includes('Start now?'), 'the last look');
		const expected = await planStart(restore, {inputs: {ticket: 'CHG7', apiKey: 'key-s3cr3t'}, operator: 'alice', pair: 'bob', dryRun: false, environment: 'production'}, facts);
		if (!expected.ok) throw new Error('the plan needs more');
		expect(frame).toContain('Start Restore a DynamoDB table?');
		expect(frame).toContain('PROTECTED production · account 222222222222');
		expect(frame).not.toContain('DRY RUN');
		expect(frame).toContain(`alice + bob · run ${expected.runId}`);
		expect(plans).toHaveBeenCalledExactlyOnceWith(restore, {inputs: {ticket: 'CHG7', apiKey: 'key-s3cr3t'}, operator: 'alice', pair: 'bob', dryRun: false, environment: 'production'});
		expect(remember).not.toHaveBeenCalled();
		expect(onReady).not.toHaveBeenCalled();

		await view.type('y');
		expect(remember).toHaveBeenCalledExactlyOnceWith({operator: 'alice', pair: 'bob'});
		expect(onReady).toHaveBeenCalledOnce();
		expect(onCancel).not.toHaveBeenCalled();
		const [plan] = onReady.mock.calls[0]! as [Extract<StartPlan, {ok: true}>];
		expect(plan.ok).toBe(true);
		expect(plan.runId).toBe(expected.runId);
		expect(plan.started).toMatchObject({environment: 'production', operator: 'alice', pair: 'bob', dryRun: false, inputs: {ticket: 'CHG7', apiKey: '***'}});
		// The secret is in memory only.
		expect(plan.secrets.inputs).toEqual({apiKey: 'key-s3cr3t'});
	});

	it('cancels on n at the last look, remembering nothing', async () => {
		const given: StartGiven = {environment: 'staging', operator: 'alice', pair: 'bob', inputs: {ticket: 'CHG1', apiKey: 'key-x'}, dryRun: true};
		const {view, remember, onReady, onCancel} = await start({given});
		const frame = await waitFor(view, frame => frame.includes('Start now?'), 'the last look');
		// Everything was given: straight to the last look.
		expect(frame).toContain('staging · account 111111111111 · DRY RUN');
		expect(frame).not.toContain('PROTECTED');
		expect(frame).toContain('alice + bob · run restore-table-');
		await view.type('n');
		expect(onCancel).toHaveBeenCalledOnce();
		expect(remember).not.toHaveBeenCalled();
		expect(onReady).not.toHaveBeenCalled();
	});

	it('everything given and planned before the screen: its first frame is the last look, and nothing is planned again', async () => {
		const given: StartGiven = {environment: 'staging', operator: 'alice', pair: 'bob', inputs: {ticket: 'CHG1', apiKey: 'key-x'}, dryRun: false};
		const planned = await planStart(restore, given, facts);
		const {view, plans, onReady} = await start({given, planned});
		const [first] = view.frames();
		expect(first).toContain('Start now?');
		expect(first).toContain(`alice + bob · run ${planned.ok ? planned.runId : ''}`);
		expect(plans).not.toHaveBeenCalled();
		await view.type(keys.enter);
		expect(onReady).toHaveBeenCalledExactlyOnceWith(planned);
	});

	it('says what the plan still needs, and offers to start again', async () => {
		const given: StartGiven = {environment: 'nowhere', operator: 'alice', pair: 'bob', inputs: {ticket: 'CHG1', apiKey: 'key-x'}, dryRun: false};
		const {view, onReady, onCancel} = await start({given});
		const frame = await waitFor(view, frame => frame.includes('Start again, answering each question?'), 'the needs');
		expect(frame).toContain("runbook restore-table has no environment 'nowhere'; choose one of staging, production");
		await view.type('n');
		expect(onCancel).toHaveBeenCalledOnce();
		expect(onReady).not.toHaveBeenCalled();
	});

	it('starting again asks every question, the environment first, so a refused value given on the command line can be fixed', async () => {
		const given: StartGiven = {environment: 'nowhere', operator: 'alice', pair: 'bob', inputs: {ticket: 'CHG1', apiKey: 'key-x'}, dryRun: false};
		const {view} = await start({given});
		await waitFor(view, frame => frame.includes('Start again, answering each question?'), 'the needs');
		await view.type('y');
		const frame = await waitFor(view, frame => frame.includes('Environment'), 'the environment asked');
		expect(frame).toContain('staging');
	});

	it('asks for a pair when the runbook requires one', async () => {
		const required = runbook(restoreTable.replace('pairing: optional', 'pairing: required'));
		const {view} = await start({loaded: required, given: {...fresh, environment: 'staging', operator: 'alice'}});
		expect(view.frame()).toContain("Your pair's name (who checks)");
		expect(view.frame()).not.toContain('Enter for none');
		await view.type(keys.enter);
		expect(view.frame()).toContain('this runbook requires a pair: a second person');
	});

	// Once a bug: Enter on an input whose default is an expression recorded the expression's text
	// ("${{ env.name & '-main-backup-plan' }}") as the value, and the run looked for a backup plan of that name.
	it('works out a default that is an expression when the field is left empty, never taking its text', async () => {
		const computed = runbook(restoreTable.replace("    pattern: '^CHG[0-9]+$'\n", "    default: ${{ 'CHG' & $length(env.name) }}\n"));
		const {view, plans, onReady} = await start({loaded: computed, given: {...fresh, environment: 'staging', operator: 'alice', pair: 'bob', inputs: {apiKey: 'key-x'}}});
		const frame = await waitFor(view, frame => frame.includes('Change ticket'), 'the ticket field');
		expect(frame).not.toContain('[${{');
		expect(frame).toContain("Enter for the default, worked out when the run starts: ${{ 'CHG' & $length(env.name) }}");
		await view.type(keys.enter);
		const review = await waitFor(view, frame => frame.includes('Start now?'), 'the last look');
		expect(review).toContain('ticket = CHG7');
		await view.type('y');
		expect(plans).toHaveBeenCalled();
		expect(onReady.mock.calls[0]![0].started.inputs).toMatchObject({ticket: 'CHG7'});
	});

	// Below the terminal's height, the environment line in sight: once, with 15 inputs at 80×16, the
	// top of the last look (what runs, where) scrolled off and took the scrollback with it.
	it.each([
		[80, 16, 15],
		[40, 12, 10],
	])('at %i×%i the last look keeps the environment in sight, and the inputs several a line (%i of 15 shown)', async (columns, rows, shown) => {
		const many = runbook(`version: 1
name: many
title: Many inputs
environments:
  staging: {account: "111111111111", region: eu-west-1}
inputs:
${Array.from({length: 15}, (_, index) => `  input${index}: {description: Input ${index}}`).join('\n')}
steps:
  - id: one
    title: Say hello
    shell: echo hello
`);
		const inputs = Object.fromEntries(Array.from({length: 15}, (_, index) => [`input${index}`, `value-${index}`]));
		const given: StartGiven = {environment: 'staging', operator: 'alice', pair: 'bob', inputs, dryRun: false};
		const {view} = await start({given, loaded: many, size: {columns, rows}});
		const frame = await waitFor(view, frame => frame.includes('Start now?'), 'the last look');
		const lines = frame.split('\n');
		expect(lines.length, frame).toBeLessThan(rows);
		expect(lines[0]).toContain('Start Many inputs?');
		expect(frame).toContain('staging · account 111111111111');
		expect(Array.from({length: 15}, (_, index) => `input${index} = value-${index}`).filter(entry => frame.includes(entry))).toHaveLength(shown);
		if (shown < 15) expect(frame).toContain(`… and ${15 - shown} more`);
	});
});
