/**
 * belay on a real terminal (tmux) in a shell that sets CI=true (a dev container, a CI job's debug
 * shell). Ink, told it runs under CI, draws nothing until the program leaves; belay tells Ink no
 * (source/ui/ink/is-in-ci.ts), so the operator sees each screen as it comes. Needs tmux (CI installs
 * it: .ci/run).
 */
import {join} from 'node:path';
import {afterAll, describe, expect, it} from 'vitest';
import {tempDir, writeRunbook} from '../cli/belay.js';
import {belayShellCommand, frame, hasTmux, TmuxServer} from './tmux.js';

describe.skipIf(!hasTmux)('belay on a terminal with CI=true', () => {
	const tmux = new TmuxServer();
	afterAll(() => tmux.kill());

	it.each([['CI', 'true'], ['CONTINUOUS_INTEGRATION', '1']])('%s=%s: the start and run screens draw while the run goes on', async (name, value) => {
		const home = await tempDir('belay-ci-env-');
		const file = await writeRunbook(home, 'ci-check.yaml', {
			version: 1,
			name: 'ci-check',
			title: 'Checked under CI',
			steps: [
				{id: 'ready', title: 'Ready to go', manual: 'Check the service.', checklist: ['The service is in maintenance mode']},
				{id: 'go', title: 'Go', shell: 'echo going'},
			],
		});
		const args = ['run', file, '--operator', 'alice', '--pair', 'bob', '--state-dir', join(home, 'state')];
		const term = tmux.open(belayShellCommand({args, env: {[name]: value}}), {cwd: home, columns: 80, rows: 24});
		const start = await term.waitFor('Start now?');
		expect(start).toContain('Checked under CI');
		await term.press('y');
		const run = await term.waitFor('The service is in maintenance mode');
		expect(run).toContain('Ready to go');
		await term.press('q');
		const {code, screen} = await term.exit();
		expect(code, frame(screen)).toBe(130);
	}, 60_000);
});
