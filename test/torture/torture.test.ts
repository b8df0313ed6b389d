/**
 * The torture test, bounded (npm run test:torture runs it at full length): the every-kind runbook
 * killed with SIGKILL at random moments and resumed each time, 15 kills or 12 s of killing, whichever
 * comes first; then the run is finished and checked (see test/torture/torture.ts). The seed is
 * printed; BELAY_TORTURE_SEED=N repeats it.
 */
import {rm} from 'node:fs/promises';
import {afterAll, beforeAll, expect, it} from 'vitest';
import {tempDir} from '../cli/belay.js';
import {torture} from './torture.js';

const seed = Number(process.env['BELAY_TORTURE_SEED'] ?? Math.floor(Math.random() * 2 ** 31));
let dir: string;

beforeAll(async () => {
	dir = await tempDir('torture');
});

afterAll(async () => {
	await rm(dir, {recursive: true, force: true});
});

it('a run of every step kind killed 15 times: nothing finished runs again, no interrupted change runs again undecided, show always reads it', async () => {
	console.log(`torture: seed ${seed} (run again with BELAY_TORTURE_SEED=${seed})`);
	const stats = await torture({seed, kills: 15, killForMs: 12_000, dir});
	console.log(
		`torture: ${stats.kills} kills, ${stats.resumes} resumes, ${stats.runs} runs, ${stats.decisions.retry} retry and ${stats.decisions.skip} skip decisions in ${stats.ms} ms (seed ${seed})`,
	);
	expect(stats.kills, `seed ${seed}`).toBeGreaterThanOrEqual(3);
	expect(stats.shows.read + stats.shows.notStarted).toBe(stats.kills);
	// Every kill is followed by a resume, except one that came before the run's first event: a new run then.
	expect(stats.resumes, `seed ${seed}`).toBeGreaterThanOrEqual(stats.kills - stats.shows.notStarted);
}, 90_000);
