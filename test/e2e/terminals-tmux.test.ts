/**
 * belay on real terminals (tmux) that are not the usual 80×24 with nothing said about them:
 * - CI=true (a dev container, a CI job's debug shell): Ink, told it runs under CI, draws nothing until
 *   the program leaves; belay tells Ink no (source/ui/ink/is-in-ci.ts), so each screen shows as it comes;
 * - TERM=dumb (Emacs's M-x shell, editors' consoles): a terminal that moves no cursor, where a drawn
 *   screen is a heap of escape codes; belay uses its line front end there;
 * - 30×10 and 40×12: the screens' lines wrap. A frame as tall as the terminal makes Ink clear the
 *   terminal, its scrollback included, at every redraw, and leave the cursor at the end of the frame's
 *   last row: the line belay printed as it left once ran on from it ("Run succeeded.belay: run …").
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

	it('40×12: a step printing 200 lines leaves the terminal\'s scrollback as it was, and the run screen in sight', async () => {
		const home = await tempDir('belay-term-env-');
		const file = await writeRunbook(home, 'noisy.yaml', {
			version: 1,
			name: 'noisy',
			title: 'Print a lot',
			steps: [{id: 'print', title: 'Print 200 lines', shell: 'for i in $(seq 1 200); do echo "line $i"; done; sleep 1'}],
		});
		const before = 'for i in $(seq 1 30); do echo "before-$i"; done; ';
		const args = ['run', file, '--operator', 'alice', '--pair', 'bob', '--state-dir', join(home, 'state')];
		const term = tmux.open(before + belayShellCommand({args, env: {}}), {cwd: home, columns: 40, rows: 12});
		await term.waitFor('Start now?');
		await term.press('y');
		const running = await term.waitFor('line 200');
		expect(running.split('\n')[0], frame(running)).toContain('belay · Print a lot');
		const {code, screen} = await term.exit();
		expect(code, frame(screen)).toBe(0);
		const history = tmux.run(['capture-pane', '-p', '-S', '-1000', '-t', term.session]);
		expect(history.split('\n').filter(line => /^before-\d+$/.test(line)), history).toHaveLength(30);
	}, 60_000);
});
