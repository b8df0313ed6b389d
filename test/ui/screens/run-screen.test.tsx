import {writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {setTimeout as delay} from 'node:timers/promises';
import {afterEach, describe, expect, it} from 'vitest';
import {keys, runbook, tick, waitFor} from './helpers.js';
import {endShownRuns, noisy, show, tallest} from './run-screen-helpers.js';

/**
 * The run screen over a REAL run: the real driver and shell executor drive the runbook in-process,
 * its session feeds the screen, and the operator answers through the keys. Questions stay open
 * until the screen answers them (no asker).
 */
const nightly = `version: 1
name: nightly-copy
title: Copy the nightly backup
pairing: optional
environments:
  staging:
    account: "111111111111"
    region: eu-west-1
  production:
    account: "222222222222"
    region: eu-west-2
    protected: true
inputs:
  table:
    default: orders
steps:
  - id: prepare
    title: Prepare the copy
    shell: 'echo "copying \${{ inputs.table }} in \${{ env.name }}"; echo second line; while [ ! -f go ]; do sleep 0.05; done'
  - id: gate
    title: Stop the writers
    manual:
      text: Stop every writer of \${{ inputs.table }}.
      checklist: [Writers stopped, Pair watching]
  - id: follow
    title: Follow the copy
    shell: 'for i in 1 2 3; do echo "follow $i"; done; while [ ! -f done ]; do sleep 0.05; done'
  - id: finish
    title: Finish
    shell: echo finish
`;

afterEach(endShownRuns);

/** The step list's line for a step, by its title. */
const stepLine = (frame: string, title: string): string => frame.split('\n').find(line => new RegExp(`\\d+\\. ${title}`).test(line))?.trim() ?? '';

describe('run screen over a real run', () => {
	it('shows the run, its steps, and the running command with its output; then asks the checklist, takes the keys, and goes on', async () => {
		const {run, view, controller, outcome} = await show(runbook(nightly), {environment: 'staging', operator: 'alice', pair: 'bob'});
		let frame = await waitFor(view, frame => frame.includes('output · 2 lines'), 'the first output');

		// The header: which run, which environment and account, who drives.
		const lines = frame.split('\n');
		expect(lines[0]).toMatch(/belay · Copy the nightly backup\s+staging\s*$/);
		expect(frame).toContain(`run ${run.plan.runId} · alice + bob · `);
		expect(frame).toContain('account 111111111111 · eu-west-1');
		expect(frame).not.toContain('PROTECTED');
		expect(frame).not.toContain('DRY RUN');

		// The steps, with marks.
		expect(stepLine(frame, 'Prepare the copy')).toMatch(/^▶ 1\. Prepare the copy/);
		expect(stepLine(frame, 'Stop the writers')).toMatch(/^○ 2\. Stop the writers/);
		expect(stepLine(frame, 'Follow the copy')).toMatch(/^○ 3\. Follow the copy/);

		// The current step: what it does exactly, values in place, and what it printed.
		expect(frame).toMatch(/▶ Prepare the copy\s+shell · changes things/);
		expect(frame).toContain('$ echo "copying orders in staging"; echo second line; while [ ! -f go ]; do sleep 0.05; done');
		expect(frame).toContain('output · 2 lines');
		expect(frame).toContain('copying orders in staging');
		expect(frame).toContain('q quit (nothing is lost) · ? keys · PgUp/PgDn output');

		// The command ends: the checklist is asked.
		writeFileSync(join(run.dir, 'go'), '');
		frame = await waitFor(view, frame => frame.includes('Writers stopped'), 'the checklist');
		expect(stepLine(frame, 'Prepare the copy')).toMatch(/^✔ 1\. Prepare the copy/);
		expect(stepLine(frame, 'Stop the writers')).toMatch(/^\? 2\. Stop the writers/);
		expect(stepLine(frame, 'Follow the copy')).toMatch(/^○ 3\. Follow the copy/);
		expect(frame).toMatch(/\? Stop the writers\s+manual · changes things/);
		expect(frame).toContain('Stop every writer of orders.');
		expect(frame).toContain('❯ [ ] Writers stopped');
		expect(frame).toContain('  [ ] Pair watching');

		// Enter before every item is ticked: refused on the screen, nothing answered.
		await view.type(keys.space, keys.enter);
		expect(view.frame()).toContain('tick every item first: Pair watching');
		expect(run.live.session.getSnapshot().questions).toHaveLength(1);

		await view.type(keys.down, keys.space);
		expect(view.frame()).toContain('❯ [✔] Pair watching');
		await view.type(keys.enter);

		// The next step runs.
		frame = await waitFor(view, frame => frame.includes('follow 3'), 'the next step');
		expect(stepLine(frame, 'Stop the writers')).toMatch(/^✔ 2\. Stop the writers/);
		expect(stepLine(frame, 'Follow the copy')).toMatch(/^▶ 3\. Follow the copy/);
		expect(stepLine(frame, 'Finish')).toMatch(/^○ 4\. Finish/);
		expect(frame).toContain('output · 3 lines');
		expect(frame).not.toContain('Writers stopped');
		const answered = run.live.session.getSnapshot().state.steps['gate']!.answers.checklist;
		expect(answered).toMatchObject({value: ['Writers stopped', 'Pair watching'], by: 'alice'});

		// q stops the drive: the command is stopped, the checkpoint kept.
		await view.type('q');
		expect(controller.isQuitting).toBe(true);
		expect((await outcome).status).toBe('interrupted');
		frame = await waitFor(view, frame => frame.includes('Run interrupted.'), 'how the run ended');
		expect(stepLine(frame, 'Follow the copy')).toMatch(/^⏸ 3\. Follow the copy/);
	});

	it('stops the drive on q while a checklist is asked', async () => {
		const {run, view, controller, outcome} = await show(runbook(nightly), {environment: 'staging', operator: 'alice', pair: null});
		await waitFor(view, frame => frame.includes('output · 2 lines'), 'the first output');
		writeFileSync(join(run.dir, 'go'), '');
		await waitFor(view, frame => frame.includes('Writers stopped'), 'the checklist');
		await view.type('q');
		expect(controller.isQuitting).toBe(true);
		const ended = await outcome;
		expect(ended.status).toBe('interrupted');
		expect(ended.state.steps['gate']?.answers.checklist).toBeUndefined();
		await waitFor(view, frame => frame.includes('Run interrupted.'), 'how the run ended');
	});

	it('says PROTECTED for a protected environment, and shows the resolved command it asks to confirm', async () => {
		const {view, outcome} = await show(runbook(nightly), {environment: 'production', operator: 'alice', pair: 'bob'});
		const frame = await waitFor(view, frame => frame.includes('[y/N]'), 'the confirmation');
		expect(frame.split('\n')[0]).toMatch(/belay · Copy the nightly backup\s+PROTECTED production\s*$/);
		expect(frame).toContain('account 222222222222 · eu-west-2');
		expect(stepLine(frame, 'Prepare the copy')).toMatch(/^\? 1\. Prepare the copy/);
		expect(frame).toContain('$ echo "copying orders in production"; echo second line;');
		// Nothing ran before the operator confirmed.
		expect(frame).not.toContain('output ·');
		await view.type('q');
		expect((await outcome).status).toBe('interrupted');
	});

	it('says DRY RUN for a dry run, and marks the steps it did not perform', async () => {
		const {view, outcome} = await show(runbook(nightly), {environment: 'production', operator: 'alice', pair: 'bob', dryRun: true});
		expect((await outcome).status).toBe('succeeded');
		const frame = await waitFor(view, frame => frame.includes('Run succeeded.'), 'how the run ended');
		expect(frame.split('\n')[0]).toMatch(/belay · Copy the nightly backup\s+DRY RUN production\s*$/);
		expect(frame).not.toContain('PROTECTED');
		expect(stepLine(frame, 'Prepare the copy')).toMatch(/^◌ 1\. Prepare the copy/);
		expect(stepLine(frame, 'Finish')).toMatch(/^◌ 4\. Finish/);
	});

	it('shows the keys on ?, and hides them again', async () => {
		const {run, view} = await show(runbook(nightly), {environment: 'staging', operator: 'alice', pair: null});
		await waitFor(view, frame => frame.includes('output · 2 lines'), 'the first output');
		await view.type('?');
		expect(view.frame()).toContain('Keys');
		expect(view.frame()).toContain('Space      tick a checklist item');
		expect(view.frame()).not.toContain('output ·');
		await view.type('?');
		expect(view.frame()).toContain('output · 2 lines');
		writeFileSync(join(run.dir, 'go'), '');
	});
});

describe('a failed step', () => {
	const failing = (lines: number) =>
		runbook(`version: 1
name: failing
title: Copy with a failure
steps:
  - id: copy
    title: Copy the objects
    shell: 'for i in $(seq 1 ${lines}); do echo "copied $i"; done; echo "access denied" >&2; exit 1'
  - id: verify
    title: Verify the copy
    shell: echo verify
  - id: tag
    title: Tag the copy
    shell: echo tag
  - id: notify
    title: Notify the team
    shell: echo notify
`);
	const choices = ['Retry (run it again)', 'Skip (record it as skipped and go on)', 'Continue (keep going, leaving it failed)', 'Abort the run', 'Quit (keep the checkpoint, resume later)'];
	const promptLines = (frame: string) => frame.split('\n').map(line => line.trim().replace(/^❯ /, ''));

	it('shows the error and the choices, and lets the operator skip the step with the keys', async () => {
		const {view, outcome} = await show(failing(3), {operator: 'alice'}, {rows: 40});
		let frame = await waitFor(view, frame => frame.includes('Abort the run'), 'the failure prompt');
		expect(stepLine(frame, 'Copy the objects')).toMatch(/^\? 1\. Copy the objects/);
		expect(frame).toMatch(/\? Copy the objects\s+shell · changes things/);
		expect(frame).toContain('✘ Copy the objects (copy) failed [Exit1]:');
		expect(frame).toContain('exited with code 1; last lines:');
		for (const choice of choices) expect(promptLines(frame)).toContain(choice);
		await view.type(keys.down, keys.enter);
		frame = await waitFor(view, frame => frame.includes('Run succeeded.'), 'the end of the run');
		expect(stepLine(frame, 'Copy the objects')).toMatch(/^↷ 1\. Copy the objects/);
		expect(stepLine(frame, 'Notify the team')).toMatch(/^✔ 4\. Notify the team/);
		expect((await outcome).status).toBe('succeeded');
	});

	it('shows every choice of the failure prompt, legible, in a 24-row terminal', async () => {
		const {view} = await show(failing(3), {operator: 'alice'});
		await waitFor(view, frame => frame.includes('failed [Exit1]'), 'the failure prompt');
		await tick(100);
		const frame = view.frame();
		for (const choice of choices) expect(promptLines(frame)).toContain(choice);
		expect(promptLines(frame)).toContain('↑/↓ move, Enter chooses; q quits');
		expect(frame.split('\n').length).toBeLessThanOrEqual(24);
	});

	it('draws the failure prompt without overwriting lines after a long output (100×40)', async () => {
		const {view} = await show(failing(30), {operator: 'alice'}, {rows: 40});
		await waitFor(view, frame => frame.includes('failed [Exit1]'), 'the failure prompt');
		await tick(100);
		const lines = promptLines(view.frame());
		expect(lines).toContain('exited with code 1; last lines:');
		for (const choice of choices) expect(lines).toContain(choice);
		// Every line of output is whole: none drawn over another.
		for (const line of lines.filter(line => line.includes('copied'))) expect(line).toMatch(/^copied \d+$/);
		expect(lines.length).toBeLessThanOrEqual(40);
	});

	// Once a bug: at a failure the operator does not see the line that says what went wrong. The failure
	// prompt shows the first 4 lines of the error ("exited with code 1; last lines:" then the oldest
	// of the last lines: "copied 12", "copied 13", "copied 14", "… 17 more lines"), and the output view
	// is hidden while a question is open, so "access denied" (the command's last line, on stderr) is
	// nowhere on the screen, and PgUp/PgDn scroll nothing.
	it('shows the last line the failed command printed', async () => {
		const {view} = await show(failing(30), {operator: 'alice'});
		await waitFor(view, frame => frame.includes('Abort the run'), 'the failure prompt');
		await tick(100);
		expect(view.frame()).toContain('access denied');
	});
});

describe('stopping as a command starts', () => {
	// Once a bug: a stop that lands between
	// step-started and the moment runShell listens to the signal (it first awaits the executor
	// module, the shell environment and zx) is missed: the command is spawned anyway and runs to its
	// end, while the screen says "Stopping: the checkpoint is kept…". q, Ctrl-C or SIGTERM pressed
	// as a long restore command starts does not stop it. runShell should not spawn (or should kill at
	// once) when context.signal is already aborted.
	it('stops the command when q lands just as its step starts', async () => {
		const {outcome} = await show(runbook(nightly), {environment: 'staging', operator: 'alice', pair: null}, {}, (run, controller) => {
			// What the q key does, at the moment the step starts.
			run.live.session.subscribe(({event}) => {
				if (event.type === 'step-started' && event.key === 'prepare') controller.quit();
			});
		});
		const ended = await Promise.race([outcome.then(result => result.status), delay(3000).then(() => 'still running after 3 s')]);
		expect(ended).toBe('interrupted');
	});
});

describe('run screen over a step printing 5,000 lines', () => {
	it('never draws more lines than the terminal has (100×24)', async () => {
		const {run, view} = await show(noisy, {operator: 'alice'});
		const frame = await waitFor(view, frame => frame.includes('line 5000'), 'the last line');
		expect(frame).toContain("output · 5000 lines (all in the run's log)");
		expect(frame).not.toContain('line 4000\n');
		expect(frame.split('\n').length).toBeLessThanOrEqual(24);
		expect(tallest(view)).toBeLessThanOrEqual(24);
		// The newest lines, in order, as many as fit.
		const shown = frame.split('\n').filter(line => /^\s*line \d+\s*$/.test(line)).map(line => Number(line.trim().slice(5)));
		expect(shown.at(-1)).toBe(5000);
		expect(shown).toEqual(shown.map((_, index) => 5000 - shown.length + 1 + index));
		expect(shown.length).toBeGreaterThanOrEqual(5);
		writeFileSync(join(run.dir, 'go'), '');
		await waitFor(view, frame => frame.includes('Done?'), 'the next step');
		expect(tallest(view)).toBeLessThanOrEqual(24);
	});

	it('scrolls the output back with PgUp and forth with PgDn', async () => {
		const {run, view} = await show(noisy, {operator: 'alice'});
		await waitFor(view, frame => frame.includes('line 5000'), 'the last line');
		await view.type('\u001B[5~');
		let frame = view.frame();
		expect(frame).not.toContain('line 5000');
		expect(frame).toMatch(/output · 5000 lines \(\d+ back from the newest; all in the run's log\)/);
		await view.type('\u001B[6~');
		frame = view.frame();
		expect(frame).toContain('line 5000');
		expect(frame).not.toContain('back from the newest');
		writeFileSync(join(run.dir, 'go'), '');
	});

	// Once a bug: the full key help (?) says "End  back to the newest output", but the run screen does not
	// handle End: after PgUp, End leaves the output where it is.
	it('goes back to the newest output on End, as the key help says', async () => {
		const {run, view} = await show(noisy, {operator: 'alice'});
		await waitFor(view, frame => frame.includes('line 5000'), 'the last line');
		await view.type('?');
		expect(view.frame()).toContain('the oldest output kept, the newest');
		await view.type('?', '\u001B[5~', '\u001B[5~');
		expect(view.frame()).not.toContain('line 5000');
		await view.type('\u001B[F');
		try {
			expect(view.frame()).toContain('line 5000');
		} finally {
			writeFileSync(join(run.dir, 'go'), '');
		}
	});

	// Once a bug: the scroll is kept from one step to the next: after PgUp on one step's output, the next
	// step's output is shown scrolled back too, its newest lines hidden, until PgDn.
	it("shows the next step's newest output even after scrolling back on the previous one", async () => {
		const twoSteps = runbook(`version: 1
name: two-outputs
title: Two outputs
steps:
  - id: first
    title: First
    shell: 'for i in $(seq 1 100); do echo "first $i"; done; while [ ! -f go ]; do sleep 0.05; done'
  - id: second
    title: Second
    shell: 'for i in $(seq 1 100); do echo "second $i"; done; while [ ! -f done ]; do sleep 0.05; done'
`);
		const {run, view} = await show(twoSteps, {operator: 'alice'});
		await waitFor(view, frame => frame.includes('first 100'), 'the first output');
		await view.type('\u001B[5~');
		expect(view.frame()).not.toContain('first 100');
		writeFileSync(join(run.dir, 'go'), '');
		const frame = await waitFor(view, frame => frame.includes('output · 100 lines') && frame.includes('▶ Second'), 'the second step');
		try {
			expect(frame).toContain('second 100');
			expect(frame).not.toContain('back from the newest');
		} finally {
			writeFileSync(join(run.dir, 'done'), '');
		}
	});

	// Once a bug: PgUp adds to the scroll without a limit: past the oldest line kept, the screen stops
	// moving but each further PgUp still counts, so PgDn then seems to do nothing for as many presses.
	it('comes forward on the first PgDn after scrolling back past the oldest line', async () => {
		const {run, view} = await show(noisy, {operator: 'alice'});
		await waitFor(view, frame => frame.includes('line 5000'), 'the last line');
		for (let press = 0; press < 100; press++) await view.type('\u001B[5~');
		const oldest = view.frame();
		await view.type('\u001B[6~');
		try {
			expect(view.frame()).not.toBe(oldest);
		} finally {
			writeFileSync(join(run.dir, 'go'), '');
		}
	});
});
