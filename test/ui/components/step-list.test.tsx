import {afterEach, describe, expect, it} from 'vitest';
import type {RunEvent} from '../../../source/engine/events.js';
import type {RunState} from '../../../source/engine/state.js';
import {StepList, stepsRule, stepWindow} from '../../../source/ui/components/step-list.js';
import {mountSized, replayedRun, runbook, unmountAll} from '../screens/helpers.js';

afterEach(unmountAll);

/** A runbook of 40 shell steps: s1 … s40, titled "Step 1" … "Step 40". */
const long = runbook(
	`version: 1
name: long
title: Forty steps
steps:
${Array.from({length: 40}, (_, index) => `  - id: s${index + 1}\n    title: Step ${index + 1}\n    shell: echo ${index + 1}`).join('\n')}
`,
);

const start = Date.parse('2025-03-04T02:10:00.000Z');

/** The run with the first `done` steps succeeded (a minute each) and the next one running. */
async function runAt(done: number): Promise<RunState> {
	return replayedRun(long, {operator: 'alice', pair: null}, at => {
		const events: RunEvent[] = [];
		for (let index = 1; index <= done; index++) {
			events.push({type: 'step-started', at: at(index - 1), key: `s${index}`, attempt: 1, request: {}});
			events.push({type: 'step-succeeded', at: at(index), key: `s${index}`, result: {}, outputs: {}});
		}
		if (done < 40) events.push({type: 'step-started', at: at(done), key: `s${done + 1}`, attempt: 1, request: {}});
		return events;
	});
}

function list(state: RunState, current: string, rows: number, width = 60) {
	const now = start + 45 * 60_000;
	const view = mountSized(<StepList steps={long.runbook.steps} state={state} current={current} rows={rows} width={width} now={now} />, {columns: width + 2});
	return view.frame().split('\n');
}

/** The step numbers a frame shows, in order. */
const numbers = (lines: string[]) => lines.map(line => Number(/(\d+)\. Step/.exec(line)?.[1])).filter(Number.isFinite);

describe('step list', () => {
	it('shows a window around the current step of a long runbook, with its mark', async () => {
		const state = await runAt(29);
		const lines = list(state, 's30', 7);
		expect(lines).toHaveLength(7);
		expect(numbers(lines)).toEqual([27, 28, 29, 30, 31, 32, 33]);
		expect(lines.find(line => line.includes('30. Step 30'))).toMatch(/^▶ 30\. Step 30\s+16m 00s$/);
		expect(lines.find(line => line.includes('29. Step 29'))).toMatch(/^✔ 29\. Step 29\s+1m 00s$/);
		expect(lines.find(line => line.includes('31. Step 31'))).toMatch(/^○ 31\. Step 31$/);
	});

	it('keeps the current step visible wherever it is and however few rows there are', async () => {
		const state = await runAt(10);
		for (const rows of [1, 2, 3, 5, 8, 13, 40, 50]) {
			for (let current = 1; current <= 40; current++) {
				const lines = list(state, `s${current}`, rows);
				const shown = numbers(lines);
				expect(shown, `rows ${rows}, current ${current}`).toContain(current);
				expect(shown).toHaveLength(Math.min(rows, 40));
				// Consecutive steps, in order.
				expect(shown).toEqual(shown.map((_, index) => shown[0]! + index));
				unmountAll();
			}
		}
	});

	it('starts at the first step and ends at the last one without empty rows', async () => {
		const state = await runAt(0);
		expect(numbers(list(state, 's1', 5))).toEqual([1, 2, 3, 4, 5]);
		unmountAll();
		expect(numbers(list(state, 's40', 5))).toEqual([36, 37, 38, 39, 40]);
	});

	it('shows the first steps when no step is current yet', async () => {
		const state = await runAt(0);
		const view = mountSized(<StepList steps={long.runbook.steps} state={state} current={undefined} rows={4} width={60} now={start} />);
		expect(numbers(view.frame().split('\n'))).toEqual([1, 2, 3, 4]);
	});

	it('marks each status: asked, failed, skipped, not performed in a dry run, interrupted', async () => {
		const state = await replayedRun(long, {operator: 'alice', pair: null}, at => [
			{type: 'step-skipped', at: at(1), key: 's1', reason: 'operator'},
			{type: 'step-skipped', at: at(1), key: 's2', reason: 'dry-run'},
			{type: 'step-started', at: at(1), key: 's3', attempt: 1, request: {}},
			{type: 'step-failed', at: at(2), key: 's3', attempt: 1, error: {message: 'exited with code 1'}, final: true},
			{
				type: 'question-asked',
				at: at(2),
				question: {id: 's4:confirm:9', key: 's4', title: 'Step 4', request: {}, type: 'confirm', prompt: 'run it?'},
			},
			{type: 'step-started', at: at(3), key: 's5', attempt: 1, request: {}},
			{type: 'run-interrupted', at: at(4), signal: 'SIGINT'},
		]);
		// The interruption closed the question: ask it again, as a resume does.
		const asked = {
			...state,
			questions: {'s4:confirm:9': {id: 's4:confirm:9', key: 's4', title: 'Step 4', request: {}, type: 'confirm' as const, prompt: 'run it?'}},
		};
		const lines = list(asked, 's4', 6);
		expect(lines[0]).toMatch(/^↷ 1\. Step 1/);
		expect(lines[1]).toMatch(/^◌ 2\. Step 2/);
		expect(lines[2]).toMatch(/^✘ 3\. Step 3\s+1m 00s$/);
		expect(lines[3]).toMatch(/^\? 4\. Step 4$/);
		expect(lines[4]).toMatch(/^⏸ 5\. Step 5/);
		expect(lines[5]).toMatch(/^○ 6\. Step 6$/);
	});

	it('cuts a long title to the width, keeping the duration', async () => {
		const wordy = runbook(`version: 1
name: wordy
title: Wordy
steps:
  - id: only
    title: Restore the customer orders table from the recovery point chosen by the pair on the call
    shell: echo only
`);
		const state = await replayedRun(wordy, {operator: 'alice', pair: null}, at => [{type: 'step-started', at: at(0), key: 'only', attempt: 1, request: {}}]);
		const view = mountSized(<StepList steps={wordy.runbook.steps} state={state} current="only" rows={3} width={40} now={start + 125_000} />, {columns: 42});
		const [line] = view.frame().split('\n');
		expect(line).toMatch(/^▶ 1\. Restore the customer…\s+2m 05s$/);
		expect(line!.length).toBeLessThanOrEqual(40);
	});

	it("shows a started step's title with its values in place, as its request recorded it", async () => {
		const titled = runbook(`version: 1
name: titled
title: Titles with values
inputs:
  table: {default: Lpas}
steps:
  - id: read
    title: Read \${{ inputs.table }}
    shell: echo read
  - id: drop
    title: Drop \${{ inputs.table }}
    shell: echo drop
`);
		const state = await replayedRun(titled, {operator: 'alice', pair: null}, at => [
			{type: 'step-started', at: at(0), key: 'read', attempt: 1, request: {title: 'Read Lpas', run: 'echo read'}},
		]);
		const view = mountSized(<StepList steps={titled.runbook.steps} state={state} current="read" rows={5} width={60} now={start} />, {columns: 62});
		const lines = view.frame().split('\n');
		expect(lines[0]).toMatch(/^▶ 1\. Read Lpas\b/);
		expect(lines[1]).toMatch(/^○ 2\. Drop \$\{\{ inputs\.table \}\}/);
	});

	it("the rule above says which steps the window shows, and is a plain rule where it shows them all", () => {
		const steps = long.runbook.steps;
		expect(stepsRule(steps, 's30', 7, 40)).toBe(`─ steps 27–33 of 40 ${'─'.repeat(20)}`);
		expect(stepsRule(steps, 's1', 5, 40)).toMatch(/^─ steps 1–5 of 40 ─+$/);
		expect(stepsRule(steps, 's40', 1, 30)).toMatch(/^─ step 40 of 40 ─+$/);
		expect(stepsRule(steps, 's3', 40, 30)).toBe('─'.repeat(30));
		expect(stepsRule(steps, 's3', 5, 12)).toBe('─'.repeat(12));
		for (const rows of [1, 3, 7]) {
			for (const current of ['s1', 's20', 's40']) {
				const {first, size} = stepWindow(steps, current, rows);
				expect(stepsRule(steps, current, rows, 60)).toContain(size === 1 ? `step ${first + 1} of 40` : `steps ${first + 1}–${first + size} of 40`);
				expect(stepsRule(steps, current, rows, 60)).toHaveLength(60);
			}
		}
	});
});
