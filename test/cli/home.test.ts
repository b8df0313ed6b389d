import {mkdir} from 'node:fs/promises';
import {join} from 'node:path';
import {describe, expect, it} from 'vitest';
import {belay, describeExit, tempDir, writeRunbook} from './belay.js';

describe('belay with no command (the home listing)', () => {
	it('lists the runs that can be resumed, then the runbooks found, with what to type next', async () => {
		const dir = await tempDir('belay-home-');
		const runbooks = join(dir, 'runbooks');
		await mkdir(runbooks);
		await writeRunbook(runbooks, 'tidy.yaml', {
			version: 1,
			name: 'tidy-up',
			title: 'Tidy up the archive',
			pairing: 'none',
			steps: [{id: 'check', title: 'Check', manual: 'Look at it'}],
		});
		const state = join(dir, 'state');
		const paused = await belay(['run', 'tidy-up', '--state-dir', state, '--non-interactive', '--run-id', 'tidy-1'], {cwd: dir});
		expect(paused.code, describeExit(paused)).toBe(3);

		const home = await belay([], {cwd: dir, env: {BELAY_STATE_DIR: state}});
		expect(home.code, describeExit(home)).toBe(0);
		const lines = home.stdout.split('\n');
		const runsAt = lines.indexOf('Runs that can be resumed:');
		const runbooksAt = lines.indexOf('Runbooks:');
		expect(runsAt).toBeGreaterThan(-1);
		expect(runbooksAt).toBeGreaterThan(runsAt);
		expect(lines[runsAt + 1]).toMatch(/^ {2}tidy-1 {2}tidy-up {2}paused at check/);
		expect(home.stdout).toContain("belay resume RUN-ID");
		expect(lines.slice(runbooksAt).join('\n')).toMatch(/tidy-up +Tidy up the archive/);
		expect(lines.slice(runbooksAt).join('\n')).toMatch(/restore-dynamodb-table +Restore a DynamoDB table from AWS Backup/);
		// Someone with runs knows their way: the newcomer's hint is for an empty state dir.
		expect(home.stdout).not.toContain('belay sandbox');

		const fresh = await belay([], {cwd: dir, env: {BELAY_STATE_DIR: join(dir, 'fresh-state')}});
		expect(fresh.code, describeExit(fresh)).toBe(0);
		expect(fresh.stdout).not.toContain('Runs that can be resumed:');
		expect(fresh.stdout).toContain("New here? Rehearse with no AWS account: 'belay sandbox' in another terminal, then run a runbook with --env sandbox.");
	});
});
