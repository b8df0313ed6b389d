// The run screen over a REAL run, for the run screen's tests: the real driver and shell executor
// drive the runbook in-process, its session feeds the screen, and the operator answers through the
// keys. Questions stay open until the screen answers them (no asker).
import {writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {setTimeout as delay} from 'node:timers/promises';
import type {DriveOutcome} from '../../../source/engine/run.js';
import type {StartGiven} from '../../../source/engine/plan-start.js';
import {isMutatingStep} from '../../../source/runbook/side-effect.js';
import type {LoadedRunbook} from '../../../source/runbook/types.js';
import {RunController} from '../../../source/ui/controller.js';
import {RunScreen} from '../../../source/ui/screens/run-screen.js';
import {drivenRun, mountSized, runbook, unmountAll, type DrivenRun, type Mounted} from './helpers.js';

export type Running = {run: DrivenRun; controller: RunController; view: Mounted; outcome: Promise<DriveOutcome>};

const started: Running[] = [];

/** For afterEach: unmounts the screens, stops the runs shown and waits for them to end. */
export async function endShownRuns(): Promise<void> {
	unmountAll();
	for (const {run, controller, outcome} of started.splice(0)) {
		controller.quit();
		const ended = await Promise.race([outcome.then(() => true, () => true), delay(3000).then(() => false)]);
		// A command the stop missed (a stop landing between a step starting and its command, once a bug:
		// run-screen.test.tsx) ends when its file appears.
		if (!ended) for (const file of ['go', 'done']) writeFileSync(join(run.dir, file), '');
		await outcome.catch(() => undefined);
		await run.closed;
		run.dispose();
	}
}

/** Renders the run screen over a real run, then starts the drive as the app does. */
export async function show(
	loaded: LoadedRunbook,
	given: Partial<StartGiven> = {},
	size: {columns?: number; rows?: number} = {},
	beforeStart: (run: DrivenRun, controller: RunController) => void = () => {},
): Promise<Running> {
	const run = await drivenRun(loaded, given);
	const controller = new RunController(run.live);
	const view = mountSized(<RunScreen controller={controller} estimates={{}} isMutating={isMutatingStep} />, size);
	beforeStart(run, controller);
	const outcome = controller.start();
	const running = {run, controller, view, outcome};
	started.push(running);
	return running;
}

/** A step printing 5,000 lines, then waiting for a file `go` in the run's folder; then a manual step. */
export const noisy = runbook(`version: 1
name: noisy
title: Print a lot
steps:
  - id: print
    title: Print 5000 lines
    shell: 'for i in $(seq 1 5000); do echo "line $i"; done; while [ ! -f go ]; do sleep 0.05; done'
  - id: after
    title: After
    manual: Done?
`);

/** How many lines the tallest frame written since the screen was mounted has. */
export const tallest = (view: Mounted): number => Math.max(...view.frames().map(frame => frame.split('\n').length));
