/**
 * The journal on disk: private (files 0600, run folders 0700, whatever the umask), and the truth about
 * a run: replaying the written journal gives exactly the state the driver built with `reduce` while
 * it ran, across a pause and a resume.
 */
import {spawn} from 'node:child_process';
import {existsSync, statSync} from 'node:fs';
import {mkdir, rm} from 'node:fs/promises';
import {hostname} from 'node:os';
import {join} from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {awsRuntimeFor} from '../../source/commands/open-run.js';
import type {RunEvent} from '../../source/engine/events.js';
import type {OperatorAnswer} from '../../source/headless/asker.js';
import type {RunJournal} from '../../source/ports/run-journal.js';
import {FileRunJournal} from '../../source/store/file-journal.js';
import {inProcessDriver, tableAsker} from '../helpers/in-process.js';
import {initialState, reduce, replay} from '../../source/engine/reduce.js';
import type {RunState} from '../../source/engine/state.js';
import {stepHashes} from '../../source/engine/step-hashes.js';
import {loadRunbookFile} from '../../source/runbook/load.js';
import type {LoadedRunbook} from '../../source/runbook/types.js';
import {readJournal} from '../../source/store/journal.js';
import {runPaths} from '../../source/store/paths.js';
import {belayBin, describeExit, tempDir, until, writeAnswers, writeRunbook, type Exit} from '../cli/belay.js';

let dir: string;

beforeAll(async () => {
	dir = await tempDir('journal');
});

afterAll(async () => {
	await rm(dir, {recursive: true, force: true});
});

const mode = (path: string): number => statSync(path).mode & 0o777;

/** Runs belay under `umask 000`, so only belay's own modes keep its files private. */
function belayWithOpenUmask(args: readonly string[]): {exited: Promise<Exit>} {
	const began = Date.now();
	const quoted = [process.execPath, belayBin, ...args].map(arg => `'${arg.replace(/'/g, `'\\''`)}'`).join(' ');
	const child = spawn('/bin/sh', ['-c', `umask 000; exec ${quoted}`], {
		stdio: ['ignore', 'pipe', 'pipe'],
		env: {...process.env, BELAY_NO_STDIN: '1'},
	});
	let stdout = '';
	let stderr = '';
	child.stdout.on('data', chunk => (stdout += String(chunk)));
	child.stderr.on('data', chunk => (stderr += String(chunk)));
	return {
		exited: new Promise(resolve => child.on('close', (code, signal) => resolve({code, signal, stdout, stderr, ms: Date.now() - began}))),
	};
}

function sampleRunbook(marks: string): Record<string, unknown> {
	const mark = (id: string): string => `echo ${id} >> "${marks}"`;
	return {
		version: 1,
		name: 'journal-sample',
		title: 'Every kind of event',
		pairing: 'optional',
		inputs: {table: {default: 'Lpas'}},
		vars: {restored: "${{ inputs.table & '-restored' }}"},
		steps: [
			{id: 'first', title: 'First', shell: `${mark('first')}; echo '{"n": 1}'`, outputs: {n: '${{ $eval(result.stdout).n }}'}},
			{id: 'skipped', title: 'Skipped', when: false, shell: mark('skipped')},
			{id: 'optional', title: 'Optional', onFailure: 'continue', shell: 'exit 4'},
			{id: 'flaky', title: 'Flaky', retry: {attempts: 2, delay: '10ms'}, shell: `[ -f "${marks}.flaky" ] || { touch "${marks}.flaky"; exit 1; }`},
			{id: 'check', title: 'Check', manual: {text: 'Check ${{ vars.restored }}', checklist: ['looked', 'agreed']}},
			{id: 'name', title: 'Name', input: {prompt: 'Which name?'}},
			{id: 'each', title: 'Each', foreach: {items: ['a', 'b', 'c'], steps: [{id: 'put', title: 'Put', shell: 'echo "put-${{ item }}-${{ index }}"'}]}},
			{id: 'sign-off', title: 'Sign off', approve: {prompt: 'Go?', by: ['bob']}},
			{id: 'last', title: 'Last', shell: `${mark('last')}; echo "\${{ steps.name.value }}"`},
		],
	};
}

async function drive(loaded: LoadedRunbook, state: RunState, journal: RunJournal, log: string, opening: RunEvent[], answers: Partial<Record<string, OperatorAnswer>>) {
	const {driver, close} = inProcessDriver(state, {loaded, journal, logPath: log, asker: tableAsker(answers), cwd: dir, aws: awsRuntimeFor(undefined, state.id)});
	try {
		for (const event of opening) await driver.record(event);
		const outcome = await driver.drive();
		return {outcome, state: driver.current};
	} finally {
		close();
	}
}

describe('the journal', () => {
	it('replays to the very state the driver reduced, across a pause and a resume; files 0600, folders 0700', async () => {
		const marks = join(dir, 'marks-driver');
		const loaded = await loadRunbookFile(await writeRunbook(dir, 'sample.yaml', sampleRunbook(marks)));
		if (!loaded.ok) throw new Error(JSON.stringify(loaded.problems));
		const paths = runPaths(join(dir, 'state-driver'), 'j1');
		const previous = process.umask(0);
		let journal: RunJournal;
		try {
			journal = FileRunJournal.open(paths.journal, true, 0);
		} finally {
			process.umask(previous);
		}
		const started: RunEvent = {
			type: 'run-started',
			at: new Date().toISOString(),
			runId: 'j1',
			runbook: {name: loaded.loaded.runbook.name, title: loaded.loaded.runbook.title, path: loaded.loaded.path, sha256: loaded.loaded.sha256},
			stepHashes: stepHashes(loaded.loaded.runbook),
			environment: null,
			operator: 'alice',
			pair: 'bob',
			dryRun: false,
			inputs: {table: 'Lpas'},
			secretInputs: [],
			host: hostname(),
			pid: process.pid,
		};
		await journal.append(started, 0);
		const answers = {
			'check:checklist': {value: ['looked', 'agreed'], by: 'alice'},
			'name:input': {value: 'Lpas-2', by: 'alice'},
		};
		const first = await drive(loaded.loaded, initialState(started), journal, paths.log, [{type: 'vars-computed', at: new Date().toISOString(), vars: {restored: 'Lpas-restored'}}], answers);
		await journal.close();
		expect(first.outcome.status).toBe('paused');
		expect(first.state.pausedOn).toMatchObject({key: 'sign-off', question: 'approve'});
		const written = readJournal(paths.journal);
		expect(written.tornTail).toBe(false);
		expect(replay(written.events)).toEqual(first.state);

		// Resume as `belay resume` does: replay, then drive on from there.
		const reopened = FileRunJournal.open(paths.journal, false, written.events.length);
		const resumed: RunEvent = {type: 'run-resumed', at: new Date().toISOString(), host: hostname(), pid: process.pid, operator: null, acceptedChanges: []};
		const second = await drive(loaded.loaded, replay(written.events), reopened, paths.log, [resumed], {'sign-off:approve': {value: {approver: 'bob'}, by: 'bob'}});
		await reopened.close();
		expect(second.outcome.status).toBe('succeeded');
		const all = readJournal(paths.journal).events;
		expect(replay(all)).toEqual(second.state);
		// Folding event by event with `reduce` is the same as `replay`.
		const [head, ...rest] = all;
		expect(rest.reduce(reduce, initialState(head as Extract<RunEvent, {type: 'run-started'}>))).toEqual(replay(all));
		// Every kind of step event is in there.
		const types = new Set(all.map(event => event.type));
		for (const type of ['step-skipped', 'step-failed', 'operator-answered', 'foreach-expanded', 'run-paused', 'run-resumed', 'run-finished'] as const) {
			expect(types.has(type), type).toBe(true);
		}
		expect(second.state.steps['each[2].put']?.result).toMatchObject({stdout: 'put-c-2\n'});
		expect(second.state.steps['flaky']).toMatchObject({status: 'succeeded', attempts: 2});

		expect(mode(paths.dir)).toBe(0o700);
		expect(mode(paths.journal)).toBe(0o600);
		expect(mode(paths.log)).toBe(0o600);
	});

	it('is private when belay writes it, even under umask 000', async () => {
		const marks = join(dir, 'marks-cli');
		const file = await writeRunbook(dir, 'cli.yaml', {
			version: 1,
			name: 'private-files',
			title: 'Private files',
			inputs: {marks: {}},
			steps: [
				{id: 'slow', title: 'Slow', shell: 'echo started >> "${{ inputs.marks }}"; sleep 1'},
				{id: 'gate', title: 'Gate', manual: 'Go on?'},
				{id: 'done', title: 'Done', shell: 'echo done >> "${{ inputs.marks }}"'},
			],
		});
		const state = join(dir, 'state-cli');
		const paths = runPaths(state, 'p1');
		const run = belayWithOpenUmask(['run', file, '--run-id', 'p1', '--input', `marks=${marks}`, '--state-dir', state, '--non-interactive']);
		// While the run is driven, its lock is private too.
		expect(await until(() => existsSync(marks), 15_000)).toBe(true);
		expect(existsSync(paths.lock)).toBe(true);
		expect(mode(paths.lock)).toBe(0o600);
		const exit = await run.exited;
		expect(exit.code, describeExit(exit)).toBe(3);
		for (const folder of [state, join(state, 'runs'), paths.dir]) expect(mode(folder), folder).toBe(0o700);
		for (const written of [paths.journal, paths.log]) expect(mode(written), written).toBe(0o600);
		expect(existsSync(paths.lock)).toBe(false);

		const resumed = await belayWithOpenUmask(['resume', 'p1', '--state-dir', state, '--non-interactive', '--yes']).exited;
		expect(resumed.code, describeExit(resumed)).toBe(0);
		for (const written of [paths.journal, paths.log]) expect(mode(written), written).toBe(0o600);
		expect(mode(paths.dir)).toBe(0o700);

		// The written journal replays to the state `show` reports.
		const events = readJournal(paths.journal).events;
		expect(replay(events).status).toBe('succeeded');
		const [head, ...rest] = events;
		expect(rest.reduce(reduce, initialState(head as Extract<RunEvent, {type: 'run-started'}>))).toEqual(replay(events));
	});

	it('keeps an existing state dir private', async () => {
		const state = join(dir, 'state-existing');
		await mkdir(join(state, 'runs'), {recursive: true, mode: 0o755});
		const file = await writeRunbook(dir, 'tiny.yaml', {version: 1, name: 'tiny', title: 'Tiny', steps: [{id: 'a', title: 'A', shell: 'true'}]});
		const answers = await writeAnswers(dir, 'none.yaml', {});
		const exit = await belayWithOpenUmask(['run', file, '--run-id', 'e1', '--answers', answers, '--state-dir', state, '--non-interactive']).exited;
		expect(exit.code, describeExit(exit)).toBe(0);
		for (const folder of [state, join(state, 'runs'), join(state, 'runs', 'e1')]) expect(mode(folder), folder).toBe(0o700);
	});
});
