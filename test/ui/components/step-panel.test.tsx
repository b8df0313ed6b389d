import {afterAll, afterEach, beforeAll, describe, expect, it, vi} from 'vitest';
import type {OpenQuestion} from '../../../source/engine/questions.js';
import type {DriveOutcome} from '../../../source/engine/run.js';
import {stepForKey} from '../../../source/engine/step-for-key.js';
import {isMutatingStep} from '../../../source/runbook/side-effect.js';
import {RunSession, type SessionSnapshot} from '../../../source/session/run-session.js';
import {StepPanel} from '../../../source/ui/components/step-panel.js';
import {drivenRun, mountSized, oneLine, replayedRun, runbook, unmountAll, until, waitFor, type DrivenRun} from '../screens/helpers.js';

/**
 * The step panel over snapshots of a REAL run: the driver runs the shell steps and asks the
 * questions; the panel shows what the session holds, and its answers go back to the session.
 */
const cleanup = runbook(`version: 1
name: cleanup
title: Clean the bucket
inputs:
  bucket:
    default: logs-bucket
steps:
  - id: inspect
    title: Inspect the bucket
    description: Lists the **objects** of \${{ inputs.bucket }}.
    readOnly: true
    shell: 'echo "s3://\${{ inputs.bucket }}/a"; echo "s3://\${{ inputs.bucket }}/b" >&2'
  - id: delete
    title: Delete the objects
    confirm: Delete every object of \${{ inputs.bucket }}?
    shell: echo "deleting \${{ inputs.bucket }}"
`);

afterEach(unmountAll);

let run: DrivenRun;
let outcome: Promise<DriveOutcome>;
/** The snapshot when the confirmation of `delete` is asked. */
let asking: SessionSnapshot;

beforeAll(async () => {
	run = await drivenRun(cleanup, {operator: 'alice', pair: null});
	outcome = run.live.drive().finally(() => run.live.close());
	await until(() => run.live.session.getSnapshot().questions.length > 0, 'the confirmation');
	asking = run.live.session.getSnapshot();
});

afterAll(async () => {
	run.live.stop('test over');
	await outcome;
	run.dispose();
});

type PanelOptions = {
	rows?: number;
	onAnswer?: (question: OpenQuestion, value: unknown, by: string | null) => void;
	/** The runbook the step is in: the cleanup runbook unless said. */
	loaded?: {readonly runbook: Parameters<typeof stepForKey>[0]};
	watching?: boolean;
};

function panel(stepKey: string, snapshot: SessionSnapshot, question: OpenQuestion | undefined, options: PanelOptions = {}) {
	const onQuit = vi.fn();
	const view = mountSized(
		<StepPanel
			stepKey={stepKey}
			step={stepForKey((options.loaded ?? cleanup).runbook, stepKey)}
			snapshot={snapshot}
			question={question}
			estimateMs={undefined}
			now={Date.now()}
			width={80}
			rows={options.rows ?? 16}
			scroll={0}
			onAnswer={options.onAnswer ?? (() => {})}
			onQuit={onQuit}
			isMutating={isMutatingStep}
			watching={options.watching}
		/>,
	);
	return {view, onQuit};
}

describe('step panel over a real run', () => {
	it('shows a finished read-only step: its mark, kind, description, resolved command and output', async () => {
		const {view} = panel('inspect', asking, undefined);
		const frame = await waitFor(view, frame => frame.includes('Lists the objects of logs-bucket.'), 'the description rendered');
		const lines = frame.split('\n');
		expect(lines[0]).toMatch(/^✔ Inspect the bucket\s+shell · reads only$/);
		expect(frame).toContain('$ echo "s3://logs-bucket/a"; echo "s3://logs-bucket/b" >&2');
		expect(frame).toContain('output · 2 lines');
		expect(lines.map(line => line.trim())).toEqual(expect.arrayContaining(['s3://logs-bucket/a', 's3://logs-bucket/b']));
		expect(frame).not.toContain('**');
	});

	it('shows the question of the current step with what it will do, and sends the answer to the session', async () => {
		const [question] = asking.questions;
		expect(question).toMatchObject({key: 'delete', type: 'confirm'});
		const answers: unknown[] = [];
		const {view} = panel('delete', asking, question, {
			onAnswer: (open, value, by) => answers.push(run.live.session.answer(open.id, value, by)),
		});
		const frame = view.frame();
		expect(frame.split('\n')[0]).toMatch(/^\? Delete the objects\s+shell · changes things$/);
		expect(frame).toContain('$ echo "deleting logs-bucket"');
		expect(frame).toContain('Delete every object of logs-bucket? [y/N]');
		expect(frame).not.toContain('output ·');
		await view.type('y');
		expect(answers).toEqual([{ok: true}]);
		const ended = await outcome;
		expect(ended.status).toBe('succeeded');

		// The same step once it ran.
		unmountAll();
		const after = panel('delete', run.live.session.getSnapshot(), undefined).view.frame();
		expect(after.split('\n')[0]).toMatch(/^✔ Delete the objects\s+shell · changes things$/);
		expect(after).toContain('output · 1 line');
		expect(after).toContain('deleting logs-bucket');
	});

	it('shows why an answer was refused', () => {
		const question = {...asking.questions[0]!, refused: 'the run is not yours to answer'};
		const frame = panel('delete', asking, question).view.frame();
		expect(frame).toContain('Refused: the run is not yours to answer');
	});

	// Once the watcher got the prompt too: it typed an answer and read "Refused: no open question …".
	it('shows a watcher where the question is answered, and takes no answer', async () => {
		const [question] = asking.questions;
		const answers: unknown[] = [];
		const view = panel('delete', asking, question, {onAnswer: (...given) => answers.push(given), watching: true}).view;
		expect(view.frame()).toContain('Waiting for an answer (confirm) where the run is driven.');
		expect(view.frame()).not.toContain('[y/N]');
		await view.type('y');
		expect(answers).toEqual([]);
	});

	it('quits from the question on q', async () => {
		const {view, onQuit} = panel('delete', asking, asking.questions[0]);
		await view.type('q');
		expect(onQuit).toHaveBeenCalledOnce();
	});
});

describe('step panel over a wait in progress', () => {
	const restore = runbook(`version: 1
name: wait-restore
title: Wait for a restore
steps:
  - id: wait-restore
    title: Wait for the restore job
    wait:
      aws:
        service: backup
        command: DescribeRestoreJob
        input: {RestoreJobId: job-1}
      until: result.Status = 'COMPLETED'
      progress: result.PercentDone
      message: Restore is \${{ result.Status }}
`);

	it('shows the wait: its progress, message and the time left', async () => {
		const startedAt = new Date(Date.now() - 60_000).toISOString();
		const state = await replayedRun(restore, {operator: 'alice', pair: null}, () => [
			{type: 'step-started', at: startedAt, key: 'wait-restore', attempt: 1, request: {service: 'backup', command: 'DescribeRestoreJob', input: {RestoreJobId: 'job-1'}}},
		]);
		// The session as the driver feeds it: the state, then a poll.
		const session = new RunSession(state);
		session.live({type: 'wait-polled', key: 'wait-restore', attempt: 2, progress: 40, message: 'Restore is RUNNING', nextPollAt: new Date(Date.now() + 30_000).toISOString()});
		const view = panel('wait-restore', session.getSnapshot(), undefined, {rows: 12, loaded: restore}).view;
		const frame = oneLine(view.frame());
		expect(frame).toMatch(/▶ Wait for the restore job\s+wait · reads only/);
		expect(frame).toContain('aws backup DescribeRestoreJob {"RestoreJobId":"job-1"}');
		expect(frame).toMatch(/waiting 1m 00s · poll 2 · next in 30s · about 1m 30s left/);
		expect(frame).toContain('40%');
		expect(frame).toContain('Restore is RUNNING');
	});
});

describe('step panel under a long description', () => {
	const described = runbook(`version: 1
name: described
title: A step with a long description
steps:
  - id: copy
    title: Copy the objects
    description: >-
      Copies every object of the source bucket into the restore bucket, keeping the storage class
      and the tags. Objects under legal hold are copied with their hold. Expect about one minute per
      ten thousand objects; the command prints one line per object copied, and a summary at the end
      with the count of objects and bytes copied, which the next step checks against the inventory.
      If the command stops half way, run it again: objects already copied are skipped, so a second
      run costs only the listing. Keep the pair on the call until the summary line is printed.
    shell: 'for i in $(seq 1 30); do echo "copied object $i"; done'
`);

	// A description longer than the panel has room for is cut; the title, the command and the
	// newest output stay whole. (Before the panel counted every part's height, Yoga shrank the rows
	// and drew them over each other: the title line was lost, "copied object 22s (all in the run's log)".)
	it('keeps the title and the newest output line legible under a description of several lines', async () => {
		const driven = await drivenRun(described, {operator: 'alice', pair: null});
		try {
			expect((await driven.live.drive()).status).toBe('succeeded');
			const snapshot = driven.live.session.getSnapshot();
			const view = panel('copy', snapshot, undefined, {loaded: described}).view;
			const frame = await waitFor(view, frame => frame.includes('copied object 30'), 'the output');
			const lines = frame.split('\n').map(line => line.trim());
			expect(lines[0]).toMatch(/^✔ Copy the objects\s+shell · changes things$/);
			expect(frame).toContain('Copies every object of the source bucket');
			expect(frame).toContain('$ for i in $(seq 1 30); do echo "copied object $i"; done');
			for (const line of lines.filter(line => line.startsWith('copied'))) expect(line).toMatch(/^copied object \d+$/);
			expect(lines).toContain("output · 30 lines (all in the run's log)");
			expect(lines).toContain('copied object 30');
			expect(lines.length).toBeLessThanOrEqual(16);
		} finally {
			await driven.live.close();
			driven.dispose();
		}
	});
});

describe('step panel under a command of several lines', () => {
	const listed = runbook(`version: 1
name: listed
title: A command of several lines
steps:
  - id: plan
    title: Show the plan
    description: Read the list before going on.
    readOnly: true
    shell: |
      printf '%s\\n' "To archive 4 credentials:
        billing/db-password-2019, revision 3
        ops/pagerduty-key, revision 2
        search/old-api-key, revision 2
        mail/smtp-password-old, revision 1
      Refused:
        payments/stripe-key: still enabled"
      for i in $(seq 1 20); do echo "line $i"; done
`);

	// Once the command's own line breaks were not counted: a printf of seven lines took five rows
	// where the panel had kept three, the screen grew past the terminal, and Ink redrew it whole.
	it('keeps the panel within its rows: the command cut to three lines, the newest output whole', async () => {
		const driven = await drivenRun(listed, {operator: 'alice', pair: null});
		try {
			expect((await driven.live.drive()).status).toBe('succeeded');
			const view = panel('plan', driven.live.session.getSnapshot(), undefined, {loaded: listed}).view;
			const frame = await waitFor(view, frame => frame.includes('line 20'), 'the output');
			const lines = frame.split('\n').map(line => line.trim());
			expect(lines[0]).toMatch(/^✔ Show the plan\s+shell · reads only$/);
			expect(lines[2]).toMatch(/^\$ printf/);
			expect(lines[4]).toMatch(/…$/);
			expect(lines.at(-1)).toBe('line 20');
			expect(lines.length).toBeLessThanOrEqual(16);
		} finally {
			await driven.live.close();
			driven.dispose();
		}
	});
});

