/**
 * Crash safety, as an operator meets it: a run is killed (SIGKILL, no chance to clean up) at random
 * moments and resumed, again and again, until a resume finishes it. Finished steps never run twice,
 * and an interrupted step that changes things runs again only when the operator says so.
 *
 * The kill moments come from a seeded generator; the seed is logged, and BELAY_CRASH_SEED=N runs the
 * same choices again.
 */
import {existsSync, readFileSync} from 'node:fs';
import {mkdir, rm, writeFile} from 'node:fs/promises';
import {hostname} from 'node:os';
import {join} from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {seededRandom} from '../helpers/seeded-random.js';
import {journalViolations} from '../torture/check-run.js';
import {killedRunSettled} from '../torture/orphans.js';
import {belay, deadPid, describeExit, journalEvents, show, start, tempDir, until, writeAnswers, writeRunbook, type Exit} from './belay.js';

const seed = Number(process.env['BELAY_CRASH_SEED'] ?? Math.floor(Math.random() * 2 ** 31));

const shellIds = Array.from({length: 12}, (_, index) => `s${String(index + 1).padStart(2, '0')}`);
const idempotentIds = new Set(['s03', 's07', 's10']);
const items = ['a', 'b', 'c', 'd'];

/** Every step appends its id to the marks file, then takes a moment. */
function crashRunbook(): Record<string, unknown> {
	const shell = (id: string): Record<string, unknown> => ({
		id,
		title: `Step ${id}`,
		...(idempotentIds.has(id) ? {idempotent: true} : {}),
		shell: `echo ${id} >> "\${{ vars.marks }}"; sleep 0.05`,
	});
	return {
		version: 1,
		name: 'crash-resume',
		title: 'Killed and resumed',
		pairing: 'optional',
		inputs: {marks: {description: 'the file every step appends its id to'}},
		vars: {marks: '${{ inputs.marks }}'},
		steps: [
			...shellIds.slice(0, 6).map(shell),
			{id: 'check', title: 'Check by hand', manual: 'Look at the marks file.'},
			...shellIds.slice(6, 9).map(shell),
			{
				id: 'copy',
				title: 'Copy each item',
				foreach: {
					items,
					steps: [{id: 'put', title: 'Put ${{ item }}', shell: 'echo "put-${{ item }}" >> "${{ vars.marks }}"; sleep 0.05'}],
				},
			},
			...shellIds.slice(9).map(shell),
		],
	};
}

/** The step instance a line of the marks file belongs to. */
function keyOfMark(line: string): string {
	const put = /^put-(.)$/.exec(line);
	return put ? `copy[${items.indexOf(put[1]!)}].put` : line;
}

const markingKeys = [...shellIds, ...items.map((_, index) => `copy[${index}].put`)];

let dir: string;
let runbookPath: string;
const random = seededRandom(seed);
let totalKills = 0;
let totalRuns = 0;
let pausedWithoutAnswer = 0;
let totalMs = 0;

beforeAll(async () => {
	console.log(`crash-resume: seed ${seed} (run again with BELAY_CRASH_SEED=${seed})`);
	dir = await tempDir('crash');
	runbookPath = await writeRunbook(dir, 'crash.yaml', crashRunbook());
});

afterAll(async () => {
	console.log(
		`crash-resume: ${totalKills} kill/resume cycles over ${totalRuns} runs in ${totalMs} ms; ` +
			`${pausedWithoutAnswer} resumes paused on an interrupted step until the operator said retry (seed ${seed})`,
	);
	await rm(dir, {recursive: true, force: true});
});

type Attempt = {exit: Exit; killed: boolean; anchor: 'spawn' | 'first step done'; delay: number};

/**
 * Runs belay and SIGKILLs it after a random 20–400 ms, counted either from the spawn (so kills land
 * in start-up, replay and the first step) or from the first step it finishes (so every process gets
 * somewhere and kills land anywhere in the steps after it).
 */
async function attempt(args: readonly string[]): Promise<Attempt> {
	const anchor = random() < 0.3 ? 'spawn' : 'first step done';
	const delay = Math.round(20 + random() * 380);
	const running = start(args);
	let killed = false;
	let timer: NodeJS.Timeout | undefined;
	const kill = (): void => {
		timer = setTimeout(() => {
			killed = running.child.kill('SIGKILL');
		}, delay);
	};
	if (anchor === 'spawn') kill();
	else running.onLine(line => (timer === undefined && line.startsWith('✔ ') ? kill() : undefined));
	const exit = await running.exited;
	clearTimeout(timer);
	return {exit, killed: killed && exit.signal === 'SIGKILL', anchor, delay};
}

function marks(path: string): string[] {
	return existsSync(path) ? readFileSync(path, 'utf8').split('\n').filter(line => line !== '') : [];
}

/** Drives one run to success through random kills; returns the number of kills. */
async function crashAndResume(runId: string): Promise<number> {
	const state = join(dir, `state-${runId}`);
	const marksPath = join(dir, `marks-${runId}`);
	const journal = join(state, 'runs', runId, 'journal.jsonl');
	const common = ['--state-dir', state, '--non-interactive', '--yes'];
	let kills = 0;
	let answers: string | undefined;
	const history: string[] = [];
	for (let round = 0; round < 400; round++) {
		const started = existsSync(journal) && readFileSync(journal, 'utf8').includes('\n');
		const args = started
			? ['resume', runId, ...common, ...(answers ? ['--answers', answers] : [])]
			: ['run', runbookPath, '--run-id', runId, '--operator', 'alice', '--pair', 'bob', '--input', `marks=${marksPath}`, ...common];
		const before = marks(marksPath);
		const result = await attempt(args);
		history.push(`${args[0]}${answers ? ' (answers)' : ''}: ${result.killed ? `killed after ${result.delay} ms from ${result.anchor}` : `exit ${result.exit.code}`}`);
		const context = `run ${runId}, seed ${seed}, history:\n${history.join('\n')}\n${describeExit(result.exit)}`;
		answers = undefined;
		if (result.killed) {
			kills++;
			await killedRunSettled(marksPath, journal);
			continue;
		}
		if (result.exit.code === 0) return kills;
		// Only one pause is possible: the run stopped in a step that changes things, and nobody said
		// whether to run it again.
		expect(result.exit.code, context).toBe(3);
		const document = await show(state, runId);
		expect(document.pausedOn?.question, context).toBe('resume');
		const key = document.pausedOn!.key;
		expect(document.steps.find(step => step.id === key)?.status, context).toBe('interrupted');
		expect(idempotentIds.has(key), `${key} is idempotent, yet the resume asked about it\n${context}`).toBe(false);
		expect(marks(marksPath), `the resume without an answer ran something\n${context}`).toEqual(before);
		expect(result.exit.stderr, context).toContain(`belay resume ${runId}`);
		pausedWithoutAnswer++;
		answers = await writeAnswers(dir, `answers-${runId}.yaml`, {steps: {[key]: {resume: 'retry'}}});
	}
	throw new Error(`run ${runId} did not finish in 400 rounds (seed ${seed})`);
}

/** What the journal says about each step instance: how often it started, and whether that was allowed. */
async function checkHistory(runId: string): Promise<void> {
	const state = join(dir, `state-${runId}`);
	const marksPath = join(dir, `marks-${runId}`);
	const events = await journalEvents(join(state, 'runs', runId, 'journal.jsonl'));
	// The driver answers every interrupted step with retry; what the journal then shows must keep the rules.
	for (const event of events) if (event['type'] === 'operator-answered' && event['question'] === 'resume') expect(event['answer']).toBe('retry');
	const {violations, starts} = journalViolations(events, undefined, key => !idempotentIds.has(key));
	expect(violations, `seed ${seed}`).toEqual([]);
	const counted = new Map<string, number>();
	for (const line of marks(marksPath)) counted.set(keyOfMark(line), (counted.get(keyOfMark(line)) ?? 0) + 1);
	for (const key of markingKeys) {
		const times = counted.get(key) ?? 0;
		const started = starts.get(key) ?? 0;
		expect(times, `${key} left no mark (seed ${seed})`).toBeGreaterThanOrEqual(1);
		// A command runs at most once per start; a step that started once ran exactly once.
		expect(times, `${key} ran ${times} times but started ${started} times (seed ${seed})`).toBeLessThanOrEqual(started);
	}
	expect([...counted.keys()].sort()).toEqual([...markingKeys].sort());
	const document = await show(state, runId);
	expect(document.status).toBe('succeeded');
	expect(document.steps.every(step => step.status === 'succeeded')).toBe(true);
	expect(document.steps.map(step => step.id)).toEqual([
		...shellIds.slice(0, 6),
		'check',
		...shellIds.slice(6, 9),
		'copy',
		...items.map((_, index) => `copy[${index}].put`),
		...shellIds.slice(9),
	]);
}

describe('a run killed at random moments', () => {
	it('resumes to the end; finished steps never run twice; interrupted mutating steps wait for the operator', async () => {
		const began = Date.now();
		// At least three runs and 25 kills; stop adding runs after 75 s so the file stays under two minutes.
		while (totalRuns < 3 || (totalKills < 25 && Date.now() - began < 75_000)) {
			const runId = `crash-${++totalRuns}`;
			totalKills += await crashAndResume(runId);
			await checkHistory(runId);
		}
		totalMs = Date.now() - began;
		expect(totalKills, `only ${totalKills} kills in ${totalMs} ms (seed ${seed})`).toBeGreaterThanOrEqual(25);
	}, 180_000);

	it('a run killed before it journaled anything starts again with the same id', async () => {
		const state = join(dir, 'state-empty');
		const runDir = join(state, 'runs', 'early');
		await mkdir(runDir, {recursive: true, mode: 0o700});
		// What a kill between creating the journal and writing its first event leaves behind.
		await writeFile(join(runDir, 'journal.jsonl'), '', {mode: 0o600});
		await writeFile(join(runDir, 'lock'), JSON.stringify({host: hostname(), pid: deadPid(), startedAt: new Date().toISOString()}), {mode: 0o600});
		const marksPath = join(dir, 'marks-early');
		const resumed = await belay(['resume', 'early', '--state-dir', state, '--non-interactive']);
		expect(resumed.code, describeExit(resumed)).toBe(2);
		expect(resumed.stderr).toContain('belay run FILE-OR-NAME --run-id early');
		const run = await belay([
			'run', runbookPath, '--run-id', 'early', '--input', `marks=${marksPath}`, '--state-dir', state, '--non-interactive', '--yes',
		]);
		expect(run.code, describeExit(run)).toBe(0);
		expect(marks(marksPath)).toHaveLength(16);
	});

	it('a run killed between its first event and its vars resumes with the vars computed', async () => {
		const state = join(dir, 'state-vars');
		const marksPath = join(dir, 'marks-vars');
		const run = await belay(['run', runbookPath, '--run-id', 'v', '--input', `marks=${marksPath}`, '--state-dir', state, '--non-interactive']);
		expect(run.code, describeExit(run)).toBe(3);
		const journal = join(state, 'runs', 'v', 'journal.jsonl');
		const first = readFileSync(journal, 'utf8').split('\n')[0]!;
		await writeFile(journal, `${first}\n`);
		await rm(marksPath);
		const resumed = await belay(['resume', 'v', '--state-dir', state, '--non-interactive', '--yes']);
		expect(resumed.code, describeExit(resumed)).toBe(0);
		expect(marks(marksPath)).toHaveLength(16);
		const vars = (await journalEvents(journal)).filter(event => event['type'] === 'vars-computed');
		expect(vars).toEqual([expect.objectContaining({vars: {marks: marksPath}})]);
	});
});
