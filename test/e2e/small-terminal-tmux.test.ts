/**
 * belay on a small real terminal (tmux, 30×10), where the run screen's lines wrap and its last frame
 * is as tall as the terminal: Ink leaves the cursor at the end of that frame's last row, and the line
 * belay prints as it leaves once ran on from it ("Run succeeded.belay: run … succeeded").
 * Needs tmux (CI installs it: .ci/run).
 */
import {join} from 'node:path';
import {afterAll, describe, expect, it} from 'vitest';
import {tempDir, writeRunbook} from '../cli/belay.js';
import {belayShellCommand, frame, hasTmux, TmuxServer} from './tmux.js';

describe.skipIf(!hasTmux)('belay on a 30×10 terminal', () => {
	const tmux = new TmuxServer();
	afterAll(() => tmux.kill());

	it('the run screen ends with the outcome, and belay says what is next on a line of its own', async () => {
		const home = await tempDir('belay-small-');
		const file = await writeRunbook(home, 'small.yaml', {
			version: 1,
			name: 'small',
			title: 'Small terminal',
			steps: [
				{id: 'one', title: 'Say hello', shell: 'echo hello'},
				{id: 'two', title: 'Say bye', shell: 'echo bye'},
			],
		});
		const args = ['run', file, '--operator', 'alice', '--pair', 'bob', '--state-dir', join(home, 'state')];
		const term = tmux.open(belayShellCommand({args, env: {}}), {cwd: home, columns: 30, rows: 10});
		await term.waitFor('Start now?');
		await term.press('y');
		const {code, screen} = await term.exit();
		expect(code, frame(screen)).toBe(0);
		const lines = screen.split('\n').map(line => line.trimEnd());
		expect(lines, frame(screen)).toContain(' Run succeeded.');
		expect(lines.find(line => line.startsWith('belay: run small-')), frame(screen)).toBeDefined();
	}, 60_000);
});
