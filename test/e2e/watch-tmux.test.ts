/**
 * `belay watch RUN-ID` on a real terminal (tmux, 100×30): the Ink run screen of a run driven
 * headless by another process on the same state dir. It shows the steps as the driver reaches them,
 * and ends by itself (exit 0) when the run finishes. Needs tmux (CI installs it: .ci/run).
 */
import {join} from 'node:path';
import {afterAll, describe, expect, it} from 'vitest';
import {describeExit, start, tempDir, until, writeRunbook} from '../cli/belay.js';
import {belayShellCommand, hasTmux, TmuxServer} from './tmux.js';

if (!hasTmux) console.warn('test/e2e/watch-tmux.test.ts: tmux is not installed, so the real-terminal watch test is skipped (CI installs it: .ci/run)');

describe.skipIf(!hasTmux)('belay watch on a terminal', () => {
	const tmux = new TmuxServer();
	afterAll(() => tmux.kill());

	it('shows the steps of a run driven elsewhere as they go, and ends when the run finishes', async () => {
		const home = await tempDir('belay-watch-tmux-');
		const state = join(home, 'state');
		const file = await writeRunbook(home, 'watched.yaml', {
			version: 1,
			name: 'watched',
			title: 'Watched from another terminal',
			steps: [
				{id: 'one', title: 'Copy the first table', shell: 'echo first-copied; sleep 2'},
				{id: 'two', title: 'Check the second table', shell: "printf '%s-%s\\n' second checked; sleep 4"},
				{id: 'three', title: 'Bring the copy into service', shell: 'echo in-service'},
			],
		});
		const driver = start(['run', file, '--run-id', 'w1', '--operator', 'alice', '--state-dir', state, '--non-interactive']);
		const lines: string[] = [];
		driver.onLine(line => lines.push(line));
		expect(await until(() => lines.some(line => line.includes('first-copied')), 20_000), lines.join('\n')).toBe(true);

		const term = tmux.open(belayShellCommand({args: ['watch', 'w1', '--state-dir', state], env: {}}), {cwd: home, columns: 100, rows: 30});
		// The run screen, not event lines: the runbook's title and every step's title.
		await term.waitFor(screen => screen.includes('Watched from another terminal') && screen.includes('Copy the first table') && screen.includes('Bring the copy into service'));
		expect(term.screen()).not.toContain('watching run w1');
		// It follows the driver into the next step while that runs: the first done, the second running.
		const during = await term.waitFor(screen => /✔ 1\. Copy the first table/.test(screen) && /▶ 2\. Check the second table/.test(screen), {timeoutMs: 20_000});
		expect(during).toMatch(/○ 3\. Bring the copy into service/);
		// And what the running step prints where it is driven, not only its command (once the watcher
		// showed no output at all).
		await term.waitFor(screen => screen.includes('second-checked'), {timeoutMs: 10_000});
		expect(during).not.toMatch(/EXIT=/);

		const driven = await driver.exited;
		expect(driven.code, describeExit(driven)).toBe(0);
		// The watcher ends by itself once the run has finished, leaving its last screen.
		const {code, screen} = await term.exit(15_000);
		expect(code, screen).toBe(0);
		expect(screen).toMatch(/✔ 3\. Bring the copy into service/);
		expect(screen).toContain('Run succeeded.');
	}, 60_000);
});
