import {writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {keys, runbook, waitFor} from './helpers.js';
import {endShownRuns, noisy, show, tallest} from './run-screen-helpers.js';

/**
 * The run screen on small terminals. Every frame stays below the terminal's height: a frame as tall
 * as the terminal makes Ink clear the whole terminal, its scrollback included, at every redraw, and
 * leaves the cursor on the frame's last row. Once, at 40×12, the header scrolled off the top.
 */
afterEach(endShownRuns);

describe('run screen on a small terminal', () => {
	it.each([
		[60, 16],
		[50, 15],
		[40, 12],
		[80, 12],
		[30, 10],
		[80, 22],
	])('a step printing 5,000 lines at %i×%i, even where its texts wrap, and every key with ?', async (columns, rows) => {
		const {run, view} = await show(noisy, {operator: 'alice'}, {columns, rows});
		const frame = await waitFor(view, frame => frame.includes('line 5000'), 'the last line');
		expect(frame).toContain('5000 lines');
		expect(frame.split('\n')[0]).toContain('belay ·');
		expect(tallest(view), frame).toBeLessThan(rows);
		// Where the list shows the current step alone, its rule says so.
		if (rows === 12 && columns === 80) expect(frame).toContain('─ step 1 of 2 ─');
		// Every key, said short and packed where the box does not fit (at 30 columns, not every one).
		await view.type('?');
		const help = await waitFor(view, frame => (columns >= 40 ? /Ctrl-C\s+quit/.test(frame) : frame.includes('Enter answer')), 'the keys');
		expect(help.split('\n')[0]).toContain('belay ·');
		expect(tallest(view), help).toBeLessThan(rows);
		await view.type('?');
		writeFileSync(join(run.dir, 'go'), '');
		await waitFor(view, frame => frame.includes('Done?'), 'the next step');
		expect(tallest(view), view.frame()).toBeLessThan(rows);
	});

	const asking = runbook(`version: 1
name: asking
title: Ask a lot
steps:
  - id: check
    title: Check everything
    description: Before the restore, make sure of each of these, with your pair reading them aloud.
    manual:
      text: Check each, in order.
      checklist: [Item one is done, Item two is done, Item three is done, Item four is done, Item five is done, Item six is done, Item seven is done, Item eight is done]
  - id: choose
    title: Choose the backup
    select:
      prompt: Which backup?
      options: [${'abcdefghijkl'
				.split('')
				.map(letter => `{label: option ${letter}, value: ${letter}}`)
				.join(', ')}]
`);

	it.each([
		[80, 16],
		[40, 12],
		[30, 10],
	])('a checklist of 8 items and a select of 12 options at %i×%i scroll, and every item and option can be reached', async (columns, rows) => {
		const {view, outcome} = await show(asking, {operator: 'alice'}, {columns, rows});
		const first = await waitFor(view, frame => frame.includes('Item one is done'), 'the checklist');
		expect(first.split('\n')[0]).toContain('belay ·');
		expect(first).toContain('item 1 of 8');
		for (let item = 0; item < 8; item++) await view.type(keys.space, keys.down);
		const last = await waitFor(view, frame => frame.includes('[✔] Item eight is done'), 'the last item ticked');
		expect(last).not.toContain('Item one is done');
		await view.type(keys.enter);
		await waitFor(view, frame => frame.includes('option a'), 'the options');
		for (let option = 0; option < 11; option++) await view.type(keys.down);
		await waitFor(view, frame => frame.includes('option l'), 'the last option');
		await view.type(keys.enter);
		const ended = await outcome;
		expect(ended.status).toBe('succeeded');
		expect(ended.state.steps['check']?.answers.checklist?.value).toHaveLength(8);
		expect(ended.state.steps['choose']?.answers.select?.value).toBe('l');
		expect(tallest(view), view.frame()).toBeLessThan(rows);
	});

	const failing = runbook(`version: 1
name: failing
title: Failing import
steps:
  - id: import
    title: Import the restored table
    description: Imports the restored table into terraform state, so that the next plan manages it.
    shell: |
      for i in $(seq 1 12); do echo "terraform line $i"; done
      echo "Error: resource already managed by Terraform" >&2
      exit 1
  - id: after
    title: After
    shell: echo after
`);

	it.each([
		[80, 16],
		[50, 14],
		[40, 12],
		[30, 10],
	])('a failure at %i×%i: what went wrong and the choices, the others a scroll away', async (columns, rows) => {
		const {view, outcome} = await show(failing, {operator: 'alice'}, {columns, rows});
		const asked = await waitFor(view, frame => frame.includes('Retry (run it again)'), 'the failure');
		expect(asked.split('\n')[0]).toContain('belay ·');
		expect(asked).toContain('✘ Import the restored');
		if (rows >= 16) expect(asked).toContain('Error: resource already managed by Terraform');
		await view.type(keys.down, keys.enter);
		const ended = await outcome;
		expect(ended.state.steps['import']?.status).toBe('skipped');
		expect(ended.state.steps['after']?.status).toBe('succeeded');
		expect(tallest(view), view.frame()).toBeLessThan(rows);
	});

	const asks = runbook(`version: 1
name: asks
title: Every other question
steps:
  - id: export
    title: Export the table to a file
    description: Writes every item of the table to a file in the run's folder, for the record.
    confirm: Export the orders table now?
    shell: echo exported
  - id: image-tag
    title: Image tag currently deployed
    input:
      prompt: The image tag currently deployed to this environment
      pattern: '^[A-Za-z0-9_.-]+$'
  - id: plan-ok
    title: The plan is what we expect
    description: Read the plan together before approving; nothing else should be destroyed.
    approve: Check the terraform plan above with your pair.
  - id: delete
    title: Delete the old table
    confirmText: delete orders-old
    shell: echo deleted
`);

	it.each([
		[80, 16],
		[50, 14],
		[40, 12],
	])('a confirmation, an input, an approval and a typed confirmation at %i×%i, each answered', async (columns, rows) => {
		const {view, outcome} = await show(asks, {operator: 'alice', pair: 'bob'}, {columns, rows});
		await waitFor(view, frame => frame.includes('Export the orders'), 'confirm');
		await view.type('n');
		await waitFor(view, frame => frame.includes('Not confirmed'), 'the confirmation declined');
		await view.type('y');
		await waitFor(view, frame => frame.includes('image tag currently'), 'input');
		await view.type('v1.2.3', keys.enter);
		await waitFor(view, frame => frame.includes('Approver, type'), 'approve');
		await view.type('bob', keys.enter);
		await waitFor(view, frame => frame.includes('delete orders-old'), 'confirmText');
		await view.type('delete orders-old', keys.enter);
		expect((await outcome).status).toBe('succeeded');
		expect(tallest(view), view.frame()).toBeLessThan(rows);
	});
});
