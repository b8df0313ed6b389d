/**
 * npm run test:torture [-- --kills N] [-- --seed N]: the torture driver (test/torture/torture.ts) at
 * full length: 300 kills unless told otherwise, with a random seed it prints first (give it back with
 * --seed to repeat the same kills). Exits 1 naming the first broken promise, 0 with the numbers.
 * --keep keeps the runs (their state, marks and config files); BELAY_TORTURE_DEBUG=1 prints each
 * run's history of processes, kills and decisions.
 */
import {mkdtemp, rm} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {parseArgs} from 'node:util';
import {torture} from './torture.js';

process.env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] = 'true';

function positive(name: string, text: string | undefined, fallback: number): number {
	if (text === undefined) return fallback;
	const value = Number(text);
	if (!Number.isInteger(value) || value < 0) {
		process.stderr.write(`torture: --${name} is a whole number, not '${text}'\n`);
		process.exit(2);
	}
	return value;
}

let values: {kills?: string; seed?: string; keep?: boolean};
try {
	({values} = parseArgs({options: {kills: {type: 'string'}, seed: {type: 'string'}, keep: {type: 'boolean'}}}));
} catch (error) {
	process.stderr.write(`torture: ${(error as Error).message}\nusage: npm run test:torture -- [--kills N] [--seed N] [--keep]\n`);
	process.exit(2);
}
const kills = positive('kills', values.kills, 300);
const seed = positive('seed', values.seed, Math.floor(Math.random() * 2 ** 31));
const dir = await mkdtemp(join(tmpdir(), 'belay-torture-'));
process.stdout.write(`torture: seed ${seed}, ${kills} kills (run again with: npm run test:torture -- --seed ${seed} --kills ${kills})\n`);
try {
	const stats = await torture({seed, kills, dir, log: line => process.stdout.write(`  ${line}\n`)});
	process.stdout.write(
		`torture: ${stats.kills} kills and ${stats.resumes} resumes over ${stats.runs} runs (${stats.processes} processes) in ${(stats.ms / 1000).toFixed(1)} s; ` +
			`${stats.decisions.retry + stats.decisions.skip} decisions on interrupted steps (${stats.decisions.retry} retry, ${stats.decisions.skip} skip); ` +
			`belay show read the run after ${stats.shows.read} kills (${stats.shows.notStarted} came before its first event); seed ${seed}\n`,
	);
	if (!values.keep) await rm(dir, {recursive: true, force: true});
} catch (error) {
	process.stderr.write(`torture: FAILED (seed ${seed}): ${(error as Error).message}\nthe runs are kept in ${dir}\n`);
	process.exit(1);
}
