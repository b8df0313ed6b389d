import {afterEach, describe, expect, it} from 'vitest';
import type {RunState} from '../../../source/engine/state.js';
import type {Environment} from '../../../source/runbook/types.js';
import {RunHeader} from '../../../source/ui/components/run-header.js';
import {restoreTable, tidyLogs} from '../screens/fixtures.js';
import {facts, mountSized, replayedRun, runbook, unmountAll} from '../screens/helpers.js';

afterEach(unmountAll);

const restore = runbook(restoreTable);
const tidy = runbook(tidyLogs);
const inputs = {ticket: 'CHG42', apiKey: 'key-abc'};
const now = facts.now.getTime() + 754_000;

function header(state: RunState, environment: Environment | undefined, width = 80) {
	return mountSized(<RunHeader state={state} environment={environment} now={now} width={width} />, {columns: width + 2}).frame().split('\n');
}

describe('run header', () => {
	it('says PROTECTED for a protected environment, with the run, the people, the time and the account', async () => {
		const state = await replayedRun(restore, {environment: 'production', runId: 'restore-night', inputs}, () => []);
		const lines = header(state, restore.runbook.environments['production']);
		expect(lines).toHaveLength(3);
		expect(lines[0]).toMatch(/^belay · Restore a DynamoDB table\s+PROTECTED production$/);
		expect(lines[1]).toBe('run restore-night · alice + bob · 12m 34s');
		expect(lines[2]).toBe('account 222222222222 · eu-west-2');
	});

	it('names an environment that is not protected plainly', async () => {
		const state = await replayedRun(restore, {environment: 'staging', inputs}, () => []);
		const lines = header(state, restore.runbook.environments['staging']);
		expect(lines[0]).toMatch(/^belay · Restore a DynamoDB table\s+staging$/);
		expect(lines.join('\n')).not.toContain('PROTECTED');
	});

	it('says DRY RUN for a dry run', async () => {
		const state = await replayedRun(restore, {environment: 'production', dryRun: true, inputs}, () => []);
		const lines = header(state, restore.runbook.environments['production']);
		expect(lines[0]).toMatch(/^belay · Restore a DynamoDB table\s+DRY RUN production$/);
	});

	it('shows the identity the account check found', async () => {
		const state = await replayedRun(restore, {environment: 'production', inputs}, at => [
			{type: 'caller-identified', at: at(0), account: '222222222222', arn: 'arn:aws:sts::222222222222:assumed-role/breakglass/alice'},
		]);
		const lines = header(state, restore.runbook.environments['production'], 100);
		expect(lines[2]).toBe('account 222222222222 as arn:aws:sts::222222222222:assumed-role/breakglass/alice · eu-west-2');
	});

	it('says when there is no environment, no account check and no operator', async () => {
		const state = await replayedRun(tidy, {operator: null, pair: null}, () => []);
		const lines = header(state, undefined);
		expect(lines[0]).toMatch(/^belay · Tidy the log bucket\s+no environment$/);
		expect(lines[1]).toMatch(/ · no operator named · /);
		expect(lines[2]).toBe('no account check');
	});

	it('cuts a long title, never the banner', async () => {
		const wordy = runbook(restoreTable.replace('title: Restore a DynamoDB table', 'title: Restore the customer orders table of the billing service from the nightly AWS Backup recovery point'));
		const state = await replayedRun(wordy, {environment: 'production', inputs}, () => []);
		const lines = header(state, wordy.runbook.environments['production'], 60);
		expect(lines[0]).toMatch(/^belay · Restore the customer orders…\s+PROTECTED production$/);
		expect(lines[0]!.length).toBeLessThanOrEqual(60);
	});
});
