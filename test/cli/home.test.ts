import {mkdir, readFile, stat, utimes, writeFile} from 'node:fs/promises';
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

	it('keeps what it found of each runbook in a cache, and checks a runbook again once its text changed', async () => {
		const dir = await tempDir('belay-home-cache-');
		const runbooks = join(dir, 'runbooks');
		await mkdir(runbooks);
		const file = join(runbooks, 'tidy.yaml');
		const text = (title: string, kind: string): string =>
			`version: 1\nname: tidy-up\ntitle: ${title}\npairing: none\nsteps:\n  - id: check\n    title: Check\n    ${kind}: Look at it\n`;
		await writeFile(file, text('Tidy up the archive', 'manual'));
		const env = {XDG_CACHE_HOME: join(dir, 'cache'), BELAY_STATE_DIR: join(dir, 'state')};
		const cacheFile = join(dir, 'cache', 'belay', 'runbook-list.json');
		const list = async (): Promise<string> => {
			const home = await belay([], {cwd: dir, env});
			expect(home.code, describeExit(home)).toBe(0);
			return home.stdout;
		};

		expect(await list()).toMatch(/tidy-up +Tidy up the archive +\(runbooks\/tidy\.yaml\)/);
		const written = JSON.parse(await readFile(cacheFile, 'utf8')) as {entries: Record<string, {summary: {title: string}}>};
		expect(written.entries[file]?.summary.title).toBe('Tidy up the archive');
		expect((await stat(cacheFile)).mode & 0o777).toBe(0o600);

		// What the cache says is what is listed, while the text is the same...
		written.entries[file]!.summary.title = 'As the cache has it';
		await writeFile(cacheFile, JSON.stringify(written));
		expect(await list()).toMatch(/tidy-up +As the cache has it/);

		// ...but the same size and the same modification time with another text is checked again:
		// a kind that does not exist, so the runbook is listed as invalid.
		const before = await stat(file);
		const broken = text('Tidy up the archive', 'manuel');
		expect(broken.length).toBe(before.size);
		await writeFile(file, broken);
		await utimes(file, before.atime, before.mtime);
		const invalid = await list();
		expect(invalid).toMatch(/\(invalid\) +runbooks\/tidy\.yaml: \d+ problem\(s\); run belay validate runbooks\/tidy\.yaml/);
		expect(invalid).not.toContain('tidy-up');

		// A damaged cache is no cache: everything is checked and the file written again.
		await writeFile(file, text('Tidy up, fixed', 'manual'));
		await writeFile(cacheFile, '{not json');
		expect(await list()).toMatch(/tidy-up +Tidy up, fixed/);
		expect(JSON.parse(await readFile(cacheFile, 'utf8')).entries[file].summary.title).toBe('Tidy up, fixed');
	});
});
