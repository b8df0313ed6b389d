/**
 * belay on real terminals (tmux) that are not the usual 80×24 with nothing said about them:
 * - CI=true (a dev container, a CI job's debug shell): Ink, told it runs under CI, draws nothing until
 *   the program leaves; belay tells Ink no (source/ui/ink/is-in-ci.ts), so each screen shows as it comes;
 * - TERM=dumb (Emacs's M-x shell, editors' consoles): a terminal that moves no cursor, where a drawn
 *   screen is a heap of escape codes; belay uses its line front end there;
 * - 30×10: the run screen's lines wrap and its last frame is as tall as the terminal; Ink leaves the
 *   cursor at the end of that frame's last row, and the line belay prints as it leaves once ran on
 *   from it ("Run succeeded.belay: run … succeeded").
 * Needs tmux (CI installs it: .ci/run).
 */
import {join} from 'node:path';
import {afterAll, describe, expect, it} from 'vitest';
import {tempDir, writeRunbook} from '../cli/belay.js';
import {belayShellCommand, frame, hasTmux, TmuxServer} from './tmux.js';

describe.skipIf(!hasTmux)('belay on unusual terminals', () => {
	const tmux = new TmuxServer();
	afterAll(() => tmux.kill());

	/** A runbook that asks one thing (unless told to ask nothing) and prints a line, and where its run's state goes. */
	async function place({asks = true} = {}): Promise<{home: string; args: string[]}> {
		const home = await tempDir('belay-term-env-');
		const ready = {id: 'ready', title: 'Ready to go', manual: 'Check the service.', checklist: ['The service is in maintenance mode']};
		const file = await writeRunbook(home, 'env-check.yaml', {
			version: 1,
			name: 'env-check',
			title: 'Checked on this terminal',
			steps: [...(asks ? [ready] : []), {id: 'go', title: 'Go', shell: 'echo going'}],
		});
		return {home, args: ['run', file, '--operator', 'alice', '--pair', 'bob', '--state-dir', join(home, 'state')]};
	}

	it.each([['CI', 'true'], ['CONTINUOUS_INTEGRATION', '1']])('%s=%s: the start and run screens draw while the run goes on', async (name, value) => {
		const {home, args} = await place();
		const term = tmux.open(belayShellCommand({args, env: {[name]: value}}), {cwd: home, columns: 80, rows: 24});
		const start = await term.waitFor('Start now?');
		expect(start).toContain('Checked on this terminal');
		await term.press('y');
		const run = await term.waitFor('The service is in maintenance mode');
		expect(run).toContain('Ready to go');
		await term.press('q');
		const {code, screen} = await term.exit();
		expect(code, frame(screen)).toBe(130);
	}, 60_000);

	it('TERM=dumb: the line front end asks on the terminal and the run goes to the end, no screen drawn', async () => {
		const {home, args} = await place();
		const term = tmux.open(belayShellCommand({args, env: {TERM: 'dumb'}}), {cwd: home, columns: 80, rows: 24});
		const asked = await term.waitFor('The service is in maintenance mode', {escapes: true});
		expect(asked).not.toContain('\u001B[');
		expect(asked).not.toContain('Start now?');
		expect(asked).not.toContain('─');
		await term.type('yes');
		await term.press('Enter');
		const {code, screen} = await term.exit();
		expect(code, frame(screen)).toBe(0);
		expect(screen).toContain('go | going');
		expect(screen).toMatch(/^belay: run env-check-\S+ succeeded$/m);
	}, 60_000);

	it('30×10: the run screen ends with the outcome, and belay says what is next on a line of its own', async () => {
		const {home, args} = await place({asks: false});
		const term = tmux.open(belayShellCommand({args, env: {}}), {cwd: home, columns: 30, rows: 10});
		await term.waitFor('Start now?');
		await term.press('y');
		const {code, screen} = await term.exit();
		expect(code, frame(screen)).toBe(0);
		const lines = screen.split('\n').map(line => line.trimEnd());
		expect(lines, frame(screen)).toContain(' Run succeeded.');
		expect(lines.find(line => line.startsWith('belay: run env-check-')), frame(screen)).toBeDefined();
	}, 60_000);
});
