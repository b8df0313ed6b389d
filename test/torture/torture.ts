/**
 * The torture driver: runs test/torture/every-kind.yaml (every step kind, a foreach in batches two
 * at a time, AWS calls against a local DynamoDB) and SIGKILLs it at random moments, resuming it each
 * time, until `kills` kills have landed; each run is then resumed to its end and its history checked.
 *
 * After every kill: `belay show` reads the run. When a resume stops on an interrupted step that
 * changes things, the driver decides (retry or skip, seeded) and resumes with that answer; every
 * decision must be in the journal. At the end of each run: no finished step started again, no
 * interrupted mutating step started again without a retry, no shell step ran more often than it
 * started (the marks file), and the run succeeded.
 */
import {existsSync, readFileSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {belay, describeExit, journalEvents, start, type Exit} from '../cli/belay.js';
import {everyKindRunbook} from './every-kind.js';
import {startLocalDynamo, tableExists, type LocalDynamo} from './local-dynamodb.js';
import {checkRun, type Decision} from './check-run.js';
import {killedRunSettled} from './orphans.js';
import {seededRandom} from '../helpers/seeded-random.js';
import {stringify} from 'yaml';

export type TortureOptions = {
	readonly seed: number;
	readonly kills: number;
	/** A scratch folder for the runs' state, marks and config files. */
	readonly dir: string;
	/** Stop killing after this long (the run under way is then finished and checked). */
	readonly killForMs?: number;
	/** Progress lines (one per run). */
	readonly log?: (line: string) => void;
};

export type TortureStats = {
	seed: number;
	kills: number;
	/** Processes started: runs and resumes, killed or not. */
	processes: number;
	resumes: number;
	/** Resumes that stopped on an interrupted mutating step, and the driver's answers. */
	decisions: {retry: number; skip: number};
	/** `belay show` after a kill: how often it read the run, and how often no run was there yet. */
	shows: {read: number; notStarted: number};
	runs: number;
	ms: number;
};

/** A violation of what the torture test promises, with what is needed to see it again. */
export class TortureFailure extends Error {}

type Run = {
	readonly id: string;
	readonly state: string;
	readonly journal: string;
	readonly marks: string;
	readonly config: string;
	readonly table: string;
	answers: string;
	readonly decisions: Decision[];
	readonly history: string[];
};

const secret = 'torture-token-9c1e';

export async function torture(options: TortureOptions): Promise<TortureStats> {
	const random = seededRandom(options.seed);
	const began = Date.now();
	const stats: TortureStats = {seed: options.seed, kills: 0, processes: 0, resumes: 0, decisions: {retry: 0, skip: 0}, shows: {read: 0, notStarted: 0}, runs: 0, ms: 0};
	const dynamo = await startLocalDynamo(300);
	try {
		const killUntil = began + (options.killForMs ?? Number.POSITIVE_INFINITY);
		const killing = (): boolean => stats.kills < options.kills && Date.now() < killUntil;
		while (killing()) {
			const run = newRun(options.dir, ++stats.runs, options.seed);
			const killsBefore = stats.kills;
			await driveRun(run, dynamo, random, stats, killing);
			await checkRun(run, dynamo, options.seed);
			if (process.env['BELAY_TORTURE_DEBUG']) options.log?.(run.history.join('\n'));
			options.log?.(`run ${run.id}: ${stats.kills - killsBefore} kills, ${run.decisions.length} decisions; ${stats.kills}/${options.kills} kills in ${Math.round((Date.now() - began) / 1000)} s`);
		}
	} finally {
		await dynamo.stop();
	}
	stats.ms = Date.now() - began;
	return stats;
}

function newRun(dir: string, index: number, seed: number): Run {
	const id = `torture-${seed}-${index}`;
	const config = join(dir, `config-${index}.json`);
	writeFileSync(config, '{"table": "old"}\n');
	const run: Run = {
		id,
		state: join(dir, 'state'),
		journal: join(dir, 'state', 'runs', id, 'journal.jsonl'),
		marks: join(dir, `marks-${index}`),
		config,
		table: `torture-${index}`,
		answers: join(dir, `answers-${index}.yaml`),
		decisions: [],
		history: [],
	};
	writeAnswers(run, {});
	return run;
}

/** The answers file: the run's questions, and the driver's decisions on interrupted steps so far. */
function writeAnswers(run: Run, resume: Record<string, string>): void {
	const steps: Record<string, unknown> = {ticket: {value: 'CHG-1'}, mode: {value: 'careful'}, 'sign-off': {approver: 'bob'}};
	for (const [key, answer] of Object.entries(resume)) steps[key] = {resume: answer};
	writeFileSync(run.answers, stringify({steps}));
}

function context(run: Run, seed: number): string {
	return `run ${run.id} (seed ${seed}; run again with --seed ${seed}), history:\n${run.history.join('\n')}`;
}

async function driveRun(run: Run, dynamo: LocalDynamo, random: () => number, stats: TortureStats, killing: () => boolean): Promise<void> {
	const common = ['--state-dir', run.state, '--non-interactive', '--yes', '--answers', run.answers, '--input', `token=${secret}`];
	for (let round = 0; round < 1000; round++) {
		const started = existsSync(run.journal) && readFileSync(run.journal, 'utf8').includes('\n');
		const args = started
			? ['resume', run.id, ...common]
			: ['run', everyKindRunbook, '--run-id', run.id, '--operator', 'alice', '--pair', 'bob', ...common,
				'--input', `marks=${run.marks}`, '--input', `table=${run.table}`, '--input', `config=${run.config}`];
		if (started) stats.resumes++;
		stats.processes++;
		const result = await attempt(args, dynamo.env, random, killing());
		// A decision answers one question: the next process gets none unless the driver decides again.
		writeAnswers(run, {});
		run.history.push(`${args[0]} (${result.exit.ms} ms): ${result.killed ? `killed after ${result.delay} ms from ${result.anchor}` : `exit ${result.exit.code}`}`);
		if (result.killed) {
			stats.kills++;
			const settling = Date.now();
			await killedRunSettled(run.marks, run.journal);
			const showing = Date.now();
			await showAfterKill(run, stats, seedOf(run));
			run.history.push(`  settled in ${showing - settling} ms, show took ${Date.now() - showing} ms`);
			continue;
		}
		if (result.exit.code === 0) return;
		if (result.exit.code !== 3) throw new TortureFailure(`unexpected exit\n${context(run, seedOf(run))}\n${describeExit(result.exit)}`);
		await decide(run, dynamo, random, stats, result.exit);
	}
	throw new TortureFailure(`the run did not finish in 1000 rounds\n${context(run, seedOf(run))}`);
}

const seedOf = (run: Run): number => Number(run.id.split('-')[1]);

/** `belay show` must read the run after any kill (or find none, when the kill came before its first event). */
async function showAfterKill(run: Run, stats: TortureStats, seed: number): Promise<void> {
	const exit = await belay(['show', run.id, '--json', '--state-dir', run.state]);
	const empty = !existsSync(run.journal) || readFileSync(run.journal, 'utf8').trim() === '';
	if (exit.code === 0) {
		JSON.parse(exit.stdout);
		stats.shows.read++;
	} else if (empty && exit.code === 2 && exit.stderr.includes(`no run '${run.id}'`)) {
		stats.shows.notStarted++;
	} else {
		throw new TortureFailure(`belay show failed after a kill\n${context(run, seed)}\n${describeExit(exit)}`);
	}
}

/**
 * The resume stopped on an interrupted step that changes things: the driver answers. The table is
 * skipped when it exists (it was created) and retried when not; the marker item is always written
 * again (the steps after it read it); anything else is retried or skipped at random.
 */
async function decide(run: Run, dynamo: LocalDynamo, random: () => number, stats: TortureStats, exit: Exit): Promise<void> {
	// The journal's last pause says where it stopped (cheaper than another process).
	const paused = (await journalEvents(run.journal)).findLast(event => event['type'] === 'run-paused') as {key: string; question: string} | undefined;
	if (paused?.question !== 'resume') throw new TortureFailure(`paused on something else than an interrupted step\n${context(run, seedOf(run))}\n${describeExit(exit)}`);
	const {key} = paused;
	const id = key.slice(key.lastIndexOf('.') + 1);
	const answer: 'retry' | 'skip' =
		id === 'create-table' ? ((await tableExists(dynamo.endpoint, run.table)) ? 'skip' : 'retry') : id === 'put-marker' ? 'retry' : random() < 0.5 ? 'retry' : 'skip';
	stats.decisions[answer]++;
	run.decisions.push({key, answer});
	run.history.push(`  ${key} was interrupted: the driver answered ${answer}`);
	writeAnswers(run, {[key]: answer});
}

type Attempt = {exit: Exit; killed: boolean; anchor: 'spawn' | 'first step done'; delay: number};

/**
 * Runs belay and, when `killing`, SIGKILLs it after a random 20–500 ms counted from the spawn (kills
 * in start-up, replay and the first step) or from the first step it finishes (kills anywhere after).
 */
async function attempt(args: readonly string[], env: Readonly<Record<string, string>>, random: () => number, killing: boolean): Promise<Attempt> {
	const anchor = random() < 0.25 ? 'spawn' : 'first step done';
	const delay = Math.round(20 + random() * 480);
	const running = start(args, {env});
	let killed = false;
	let timer: NodeJS.Timeout | undefined;
	const kill = (): void => {
		timer = setTimeout(() => {
			killed = running.child.kill('SIGKILL');
		}, delay);
	};
	if (killing && anchor === 'spawn') kill();
	else if (killing) running.onLine(line => (timer === undefined && line.startsWith('✔ ') ? kill() : undefined));
	const exit = await running.exited;
	clearTimeout(timer);
	return {exit, killed: killed && exit.signal === 'SIGKILL', anchor, delay};
}
