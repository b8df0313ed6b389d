import {afterEach, describe, expect, it, vi} from 'vitest';
import {stepProgress} from '../../../source/engine/estimates.js';
import type {RunState} from '../../../source/engine/state.js';
import {loadRunbookText} from '../../../source/runbook/load.js';
import type {InterfaceApi, RunbookEntry, RunEntry} from '../../../source/ui/api.js';
import {HomeScreen} from '../../../source/ui/screens/home-screen.js';
import {broken, restoreTable, tidyLogs} from './fixtures.js';
import {keys, mountSized, replayedRun, runbook, unmountAll, waitFor} from './helpers.js';

afterEach(unmountAll);

const restore = runbook(restoreTable, '/runbooks/restore-table.yaml');
const tidy = runbook(tidyLogs, '/runbooks/tidy-logs.yaml');
const invalid = loadRunbookText(broken, '/runbooks/broken.yaml');
if (invalid.ok) throw new Error('the broken runbook loaded');

const entry = (state: RunState): RunEntry => ({state, status: state.status, ...stepProgress(state)});

/** Paused in production on its second step, driven by alice with bob as pair. */
const paused = await replayedRun(restore, {environment: 'production', runId: 'restore-table-night', inputs: {ticket: 'CHG42', apiKey: 'key-abc'}}, at => [
	{type: 'step-started', at: at(1), key: 'snapshot', attempt: 1, request: {}},
	{type: 'step-succeeded', at: at(3), key: 'snapshot', result: {}, outputs: {}},
	{type: 'run-paused', at: at(15), key: 'copy', question: 'confirm', reason: 'needs an answer (confirm)'},
]);
/** A dry run, interrupted on its first step, carol alone. */
const interrupted = await replayedRun(tidy, {runId: 'tidy-logs-dry', operator: 'carol', pair: null, dryRun: true}, at => [
	{type: 'step-started', at: at(2), key: 'list', attempt: 1, request: {}},
	{type: 'run-interrupted', at: at(4), signal: 'SIGINT'},
]);
/** Finished: nothing to resume. */
const finished = await replayedRun(tidy, {runId: 'tidy-logs-done', operator: 'carol', pair: null}, at => [
	{type: 'step-skipped', at: at(1), key: 'list', reason: 'operator'},
	{type: 'step-skipped', at: at(1), key: 'delete', reason: 'operator'},
	{type: 'run-finished', at: at(2), status: 'succeeded'},
]);

const runbooks: RunbookEntry[] = [
	{ok: true, path: restore.path, name: restore.runbook.name, title: restore.runbook.title, environments: Object.keys(restore.runbook.environments)},
	{ok: false, path: '/runbooks/broken.yaml', problems: invalid.problems},
	{ok: true, path: tidy.path, name: tidy.runbook.name, title: tidy.runbook.title, environments: Object.keys(tidy.runbook.environments)},
];

function api(runs: RunEntry[] = [entry(paused), entry(interrupted), entry(finished)], books: RunbookEntry[] = runbooks): InterfaceApi {
	return {
		listRuns: () => runs,
		listRunbooks: async () => books,
		loadRunbook: () => Promise.reject(new Error('not on the home screen')),
		planStart: () => Promise.reject(new Error('not on the home screen')),
		openNewRun: () => Promise.reject(new Error('not on the home screen')),
		openResume: () => Promise.reject(new Error('not on the home screen')),
		isMutating: () => true,
		stepEstimates: () => ({}),
		whenRemembered: async () => undefined,
		remembered: () => ({}),
		remember: () => {},
	};
}

async function home(given: InterfaceApi = api()) {
	const onResume = vi.fn();
	const onStart = vi.fn();
	const onQuit = vi.fn();
	const view = mountSized(<HomeScreen api={given} onResume={onResume} onStart={onStart} onQuit={onQuit} />);
	await waitFor(view, frame => frame.includes('Quit'), 'the list');
	return {view, onResume, onStart, onQuit};
}

describe('home screen', () => {
	it('lists the runs that can be resumed first, each with runbook, environment, step n/m, status, operators and last activity', async () => {
		const {view} = await home();
		const lines = view.frame().split('\n');
		const at = (text: string) => lines.findIndex(line => line.includes(text));
		const first = lines[at('⏸ restore-table')] ?? '';
		for (const part of ['restore-table', 'production', 'step 1/4', 'paused', 'alice', 'bob', '02:25']) expect(first).toContain(part);
		const second = lines[at('⏸ tidy-logs')] ?? '';
		for (const part of ['tidy-logs', 'step 0/2', 'interrupted', 'dry run', 'carol', '02:14']) expect(second).toContain(part);
		expect(second).not.toContain('bob');
		// Then the runbooks, with title and environments.
		expect(lines[at('▷ restore-table')]).toContain('▷ restore-table — Restore a DynamoDB table (staging, production)');
		expect(lines[at('▷ tidy-logs')]).toContain('▷ tidy-logs — Tidy the log bucket');
		expect(at('⏸ restore-table')).toBeGreaterThan(-1);
		expect(at('⏸ restore-table')).toBeLessThan(at('⏸ tidy-logs'));
		expect(at('⏸ tidy-logs')).toBeLessThan(at('▷ restore-table'));
		expect(at('▷ restore-table')).toBeLessThan(at('▷ tidy-logs'));
		expect(at('▷ tidy-logs')).toBeLessThan(at('Quit'));
		expect(view.frame()).toContain('2 runs can be resumed (⏸); 2 runbooks (▷)');
	});

	// Once a bug: a run's line names its id, not its runbook ("night-1 (production) step 1/4 ...");
	// a run started with --run-id does not say which runbook it belongs to. Default ids begin with the
	// runbook's name, which hides this.
	it('names the runbook of a run whose id does not', async () => {
		const custom = await replayedRun(restore, {environment: 'production', runId: 'night-1', inputs: {ticket: 'CHG42', apiKey: 'key-abc'}}, () => []);
		const {view} = await home(api([entry(custom)]));
		const line = view.frame().split('\n').find(line => line.includes('⏸ ')) ?? '';
		expect(line).toContain('night-1');
		expect(line).toContain('restore-table');
	});

	it('runbooks listed before the screen was shown: its first frame lists them, and they are not listed again', async () => {
		const given = {...api(), listRunbooks: vi.fn(async () => runbooks)};
		const view = mountSized(<HomeScreen api={given} listed={runbooks} onResume={() => {}} onStart={() => {}} onQuit={() => {}} />);
		const [first] = view.frames();
		expect(first).toContain('▷ restore-table — Restore a DynamoDB table (staging, production)');
		expect(first).toContain('2 runs can be resumed (⏸); 2 runbooks (▷)');
		expect(first).not.toContain('looking for runbooks');
		await waitFor(view, frame => frame.includes('Quit'), 'the list');
		expect(given.listRunbooks).not.toHaveBeenCalled();
	});

	it('leaves out a run that succeeded', async () => {
		const {view} = await home();
		expect(view.frame()).not.toContain('succeeded');
		expect(view.frame().match(/⏸ /g)).toHaveLength(2);
	});

	it('names two invalid runbooks of five, then how many more, and stays below a 40×12 terminal', async () => {
		const broken: RunbookEntry[] = Array.from({length: 5}, (_, index) => ({ok: false, path: `/runbooks/broken-${index}.yaml`, problems: invalid.problems}));
		const books = [...runbooks, ...broken];
		const view = mountSized(<HomeScreen api={api([entry(finished)], books)} listed={books} onResume={() => {}} onStart={() => {}} onQuit={() => {}} />, {columns: 40, rows: 12});
		const frame = await waitFor(view, frame => frame.includes('more invalid'), 'the invalid runbooks');
		expect(frame.split('\n').length, frame).toBeLessThan(12);
		expect(frame).toContain('invalid: /runbooks/broken.yaml');
		expect(frame).toContain('… and 4 more invalid');
		expect(frame).toContain('▷ restore-table');
	});

	it('names an invalid runbook, with its path and the command that shows its problems', async () => {
		const {view} = await home();
		expect(view.frame()).toContain('invalid: /runbooks/broken.yaml');
		expect(view.frame()).toContain('belay validate shows them');
		// It cannot be chosen.
		expect(view.frame()).not.toContain('▷ broken');
	});

	// Once a bug: with one problem the line reads "(1 problems; ...)".
	it('says "1 problem", not "1 problems"', async () => {
		expect(invalid.problems).toHaveLength(1);
		const {view} = await home();
		expect(view.frame()).toContain('(1 problem;');
	});

	it('resumes the run under the cursor on Enter, by its id', async () => {
		const {view, onResume, onStart} = await home();
		await view.type(keys.enter);
		expect(onResume).toHaveBeenCalledExactlyOnceWith('restore-table-night');
		expect(onStart).not.toHaveBeenCalled();
	});

	it('resumes the second run after moving down to it', async () => {
		const {view, onResume} = await home();
		await view.type(keys.down, keys.enter);
		expect(onResume).toHaveBeenCalledExactlyOnceWith('tidy-logs-dry');
	});

	it('starts a runbook on Enter, with its entry', async () => {
		const {view, onResume, onStart} = await home();
		await view.type(keys.down, keys.down, keys.down, keys.enter);
		expect(onResume).not.toHaveBeenCalled();
		expect(onStart).toHaveBeenCalledOnce();
		const [chosen] = onStart.mock.calls[0]! as [Extract<RunbookEntry, {ok: true}>];
		expect(chosen.path).toBe('/runbooks/tidy-logs.yaml');
		expect(chosen.title).toBe('Tidy the log bucket');
	});

	it('quits from the last item', async () => {
		const {view, onQuit, onStart, onResume} = await home();
		await view.type(keys.up, keys.enter);
		expect(onQuit).toHaveBeenCalledOnce();
		expect(onStart).not.toHaveBeenCalled();
		expect(onResume).not.toHaveBeenCalled();
	});

	it('with no runs, opens on the runbooks', async () => {
		const {view, onStart} = await home(api([]));
		expect(view.frame()).not.toContain('⏸');
		expect(view.frame()).toContain('2 runbooks (▷)');
		await view.type(keys.enter);
		expect(onStart.mock.calls[0]![0]).toMatchObject({path: '/runbooks/restore-table.yaml'});
	});

	it('says it is looking while the runbooks load', async () => {
		let found: (entries: RunbookEntry[]) => void = () => {};
		const slow = {...api(), listRunbooks: () => new Promise<RunbookEntry[]>(resolve => (found = resolve))};
		const view = mountSized(<HomeScreen api={slow} onResume={() => {}} onStart={() => {}} onQuit={() => {}} />);
		await waitFor(view, frame => frame.includes('looking for runbooks…'), 'that it is looking');
		found(runbooks);
		await waitFor(view, frame => frame.includes('▷ tidy-logs'), 'the runbooks');
	});

	it('shows a newcomer the whole hint, wrapped to the width, when no run can be resumed', async () => {
		const {view} = await home(api([entry(finished)]));
		const frame = view.frame().replace(/\s+/g, ' ');
		expect(frame).toContain("New here? Rehearse with no AWS account: 'belay sandbox' in another terminal, then run a runbook with --env sandbox.");
		expect(view.frame().split('\n').every(line => line.length <= 100)).toBe(true);
	});

	// Below the terminal's height, the focused item always in sight (once, at 40×12, the title and
	// the first runbooks scrolled off the top, and the list ran on into the hint).
	it.each([
		[40, 12],
		[80, 12],
		[30, 10],
	])('on a %i×%i terminal keeps below its height, the title and the focused item in sight', async (columns, rows) => {
		const many: RunbookEntry[] = Array.from({length: 12}, (_, index) => ({ok: true, path: `/runbooks/book-${index}.yaml`, name: `book-${index}`, title: `Runbook number ${index}`, environments: []}));
		const view = mountSized(<HomeScreen api={api([entry(finished)], many)} listed={many} onResume={() => {}} onStart={() => {}} onQuit={() => {}} />, {columns, rows});
		const frame = await waitFor(view, frame => frame.includes('book-0'), 'the list');
		const lines = frame.split('\n');
		expect(lines.length, frame).toBeLessThan(rows);
		expect(lines[0]).toContain('belay —');
		expect(lines.find(line => line.includes('❯'))).toContain('book-0');
		expect(lines.at(-1)).toContain('↑↓ choose (13, the list');
		for (let press = 0; press < 11; press++) await view.type(keys.down);
		const last = await waitFor(view, frame => (frame.split('\n').find(line => line.includes('❯')) ?? '').includes('book-11'), 'the last runbook focused');
		expect(last.split('\n').length, last).toBeLessThan(rows);
	});
});
