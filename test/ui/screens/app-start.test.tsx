import {setTimeout as delay} from 'node:timers/promises';
import {afterEach, describe, expect, it, vi} from 'vitest';
import type {LiveRun} from '../../../source/commands/live-run.js';
import {planStart, type StartGiven} from '../../../source/engine/plan-start.js';
import type {InterfaceApi} from '../../../source/ui/api.js';
import {App, openingNoticeMs} from '../../../source/ui/app.js';
import {drivenRun, facts, keys, mountSized, runbook, tick, unmountAll, waitFor, type DrivenRun} from './helpers.js';

/**
 * From "Start now?" to the run screen in the whole interface (App), over a real run driven
 * in-process: what the operator sees between Enter and the run screen, however long the run takes
 * to open.
 */
const book = runbook(
	`version: 1
name: quick-check
title: Quick check
pairing: none
steps:
  - id: look
    title: Look at the table
    manual: Check the table is there.
`,
	'/runbooks/quick-check.yaml',
);
const given: StartGiven = {inputs: {}, operator: 'alice', pair: null, dryRun: false};

const runs: DrivenRun[] = [];
afterEach(() => {
	unmountAll();
	for (const run of runs.splice(0)) {
		run.live.stop('test over');
		run.dispose();
	}
});

/** The App on `belay run` with everything given, its run opened by `open` (the real run, when it lets it). */
async function startApp(open: (live: LiveRun) => Promise<LiveRun>) {
	const run = await drivenRun(book, given);
	runs.push(run);
	const openNewRun = vi.fn(() => open(run.live));
	const api: InterfaceApi = {
		listRuns: () => [],
		listRunbooks: async () => [],
		loadRunbook: () => Promise.reject(new Error('not from home')),
		planStart: (loaded, wanted) => planStart(loaded, wanted, facts),
		openNewRun,
		openResume: () => Promise.reject(new Error('not a resume')),
		isMutating: () => false,
		stepEstimates: () => ({}),
		whenRemembered: async () => undefined,
		remembered: () => ({}),
		remember: () => {},
	};
	const view = mountSized(<App request={{kind: 'start', loaded: book, given}} api={api} onDone={() => {}} onController={() => {}} />);
	await waitFor(view, frame => frame.includes('Start now?'), '"Start now?"');
	return {view, openNewRun};
}

describe('from "Start now?" to the run screen', () => {
	it('a run that opens quickly (the lease and the journal, some milliseconds): Enter goes straight to the run screen, no frame in between', async () => {
		const {view} = await startApp(async live => (await delay(30), live));
		const before = view.frames().length;
		await view.type(keys.enter);
		await waitFor(view, frame => frame.includes('belay · Quick check') && frame.includes('Look at the table'), 'the run screen');
		const between = view.frames().slice(before);
		expect(between.filter(frame => frame.includes('Checking the account'))).toEqual([]);
		expect(between.filter(frame => !frame.includes('belay · Quick check') && !frame.includes('Start now?'))).toEqual([]);
	});

	it('a run slow to open (the account check): the screen says so until the run screen comes, and a second Enter opens nothing more', async () => {
		let opened: (live: LiveRun) => void = () => {};
		const {view, openNewRun} = await startApp(live => new Promise(resolve => (opened = () => resolve(live))));
		await view.type(keys.enter);
		await view.type(keys.enter);
		expect(openNewRun).toHaveBeenCalledTimes(1);
		await tick(openingNoticeMs + 50);
		expect(view.frame()).toMatch(/Checking the account and starting run quick-check-\S+…/);
		opened(runs[0]!.live);
		await waitFor(view, frame => frame.includes('belay · Quick check') && frame.includes('Look at the table'), 'the run screen');
		expect(openNewRun).toHaveBeenCalledTimes(1);
	});
});
