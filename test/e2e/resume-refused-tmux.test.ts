/**
 * `belay resume RUN-ID` on a real terminal (tmux) for a run another process drives: the interface
 * says why, and leaves with that refusal's exit code. Needs tmux (CI installs it: .ci/run).
 */
import {join} from 'node:path';
import {afterAll, describe, expect, it} from 'vitest';
import {start, tempDir, until, writeRunbook} from '../cli/belay.js';
import {belayShellCommand, hasTmux, TmuxServer} from './tmux.js';

describe.skipIf(!hasTmux)('belay resume on a terminal, refused', () => {
	const tmux = new TmuxServer();
	afterAll(() => tmux.kill());

	// Once it asked "Back to the list?" though there was no list (y left with exit 2, "nothing was
	// resumed"; n with exit 1): the exit code never said the run is driven elsewhere (4).
	it('names the process that drives the run and leaves with exit 4, not offering a list', async () => {
		const home = await tempDir('belay-resume-refused-');
		const state = join(home, 'state');
		const file = await writeRunbook(home, 'held.yaml', {
			version: 1,
			name: 'held',
			title: 'Held by another process',
			steps: [{id: 'slow', title: 'Take a while', shell: 'echo slow-started; sleep 30'}],
		});
		const driver = start(['run', file, '--run-id', 'held-1', '--operator', 'alice', '--state-dir', state, '--non-interactive']);
		const lines: string[] = [];
		driver.onLine(line => lines.push(line));
		try {
			expect(await until(() => lines.some(line => line.includes('slow-started')), 20_000), lines.join('\n')).toBe(true);
			const term = tmux.open(belayShellCommand({args: ['resume', 'held-1', '--state-dir', state], env: {}}), {cwd: home, columns: 100, rows: 30});
			const screen = await term.waitFor(screen => screen.includes('Press any key to leave.'));
			expect(screen).toContain(`pid ${driver.pid}`);
			expect(screen).not.toContain('Back to the list?');
			await term.press('Enter');
			const {code} = await term.exit(15_000);
			expect(code).toBe(4);
		} finally {
			driver.child.kill('SIGKILL');
			await driver.exited;
		}
	}, 60_000);
});
