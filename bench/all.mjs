// `npm run bench`: builds belay once, runs every benchmark of bench/benchmarks.mjs whose file exists
// (each writes its own section of docs/BENCHMARKS.md and its figures to bench/results/NAME.json),
// then writes the summary at the top of docs/BENCHMARKS.md from those result files: the machine, and
// for each figure the median measured, its comparison measured in the same run, their ratio, the
// target and whether it is met.
//
//   npm run bench                                   (everything, full sizes: about 10 minutes on 2 cores)
//   node bench/all.mjs --only startup,wait-idle     (some benchmarks; the summary keeps the others' last figures)
//   node bench/all.mjs --quick                      (small sizes, a smoke check: the figures mean little)
//   node bench/all.mjs --quick --only wait-idle --no-docs   (prints the summary; docs/BENCHMARKS.md untouched)
//   node bench/all.mjs --list
//
// --no-build measures the dist/ that exists. A benchmark that fails is reported, and the others run.
import {spawn, spawnSync} from 'node:child_process';
import {existsSync, mkdirSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {dirname, join} from 'node:path';
import {fileURLToPath} from 'node:url';
import {parseArgs} from 'node:util';
import {benchmarks} from './benchmarks.mjs';
import {machine, readResult} from './results.mjs';
import {summary} from './summary.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const usage = 'usage: node bench/all.mjs [--only NAME[,NAME...]] [--quick] [--no-docs] [--no-build] [--list]';
let flags;
try {
	flags = parseArgs({
		options: {
			only: {type: 'string'},
			quick: {type: 'boolean', default: false},
			'no-docs': {type: 'boolean', default: false},
			'no-build': {type: 'boolean', default: false},
			list: {type: 'boolean', default: false},
		},
		strict: true,
	}).values;
} catch (error) {
	process.stderr.write(`${error.message}\n${usage}\n`);
	process.exit(2);
}

const present = benchmarks.filter(each => existsSync(join(root, each.file)));
if (flags.list) {
	for (const each of benchmarks) process.stdout.write(`${each.name.padEnd(10)} ${existsSync(join(root, each.file)) ? '' : '(missing) '}${each.what} (${each.file})\n`);
	process.exit(0);
}
const only = flags.only?.split(',').map(name => name.trim()).filter(Boolean);
for (const name of only ?? []) {
	if (!benchmarks.some(each => each.name === name)) {
		process.stderr.write(`--only: no benchmark '${name}' (there are: ${benchmarks.map(each => each.name).join(', ')})\n${usage}\n`);
		process.exit(2);
	}
	if (!present.some(each => each.name === name)) {
		process.stderr.write(`--only: ${benchmarks.find(each => each.name === name).file} does not exist on this branch\n`);
		process.exit(2);
	}
}
const chosen = only ? present.filter(each => only.includes(each.name)) : present;

const dist = join(root, 'dist', 'belay.js');
if (!flags['no-build'] || !existsSync(dist)) {
	process.stderr.write('bench: building belay (npm run build)\n');
	const built = spawnSync(process.execPath, [join(root, 'scripts', 'build.mjs')], {cwd: root, stdio: 'inherit'});
	if (built.status !== 0) {
		process.stderr.write('bench: the build failed\n');
		process.exit(1);
	}
}

const resultsDir = process.env.BENCH_RESULTS ?? join(root, 'bench', 'results');
mkdirSync(resultsDir, {recursive: true});
const env = {...process.env, BENCH_RESULTS: resultsDir, BENCH_ROOT: root};

/** Runs one benchmark; resolves with how it ended, its wall time and what it printed. */
function runOne(each) {
	const args = [...(flags.quick ? each.quick : each.args), ...(flags['no-docs'] ? ['--no-docs'] : [])];
	const command = each.runner === 'run.mjs' ? [join(root, 'bench', 'run.mjs'), each.name, '--no-build', ...args] : [join(root, each.file), ...args];
	const shown = `node ${command.map(part => part.replace(`${root}/`, '')).join(' ')}`;
	process.stderr.write(`\n=== ${each.name}: ${shown}\n`);
	const start = Date.now();
	const child = spawn(process.execPath, command, {cwd: root, env, stdio: ['ignore', 'pipe', 'inherit']});
	let printed = '';
	child.stdout.on('data', chunk => {
		printed += chunk;
		process.stdout.write(chunk);
	});
	current = child;
	return new Promise(resolve =>
		child.on('exit', (code, signal) => {
			current = undefined;
			resolve({name: each.name, command: shown, code, signal, seconds: (Date.now() - start) / 1000, printed});
		}),
	);
}

let current;
for (const signal of ['SIGINT', 'SIGTERM']) {
	process.on(signal, () => {
		current?.kill(signal);
		process.stderr.write(`\nbench: stopped by ${signal}\n`);
		process.exit(130);
	});
}

const started = new Date();
const ran = [];
for (const each of chosen) {
	// A failed benchmark must not leave an earlier run's figures looking like this run's.
	rmSync(join(resultsDir, `${each.name}.json`), {force: true});
	const outcome = await runOne(each);
	ran.push(outcome);
	if (outcome.code === 0 && each.section && !flags['no-docs']) writeSection(each.section, captured(each, outcome));
}

/** The report of a benchmark that prints it and writes no docs: as it is if it is a section, else in a block. */
function captured(each, outcome) {
	const text = outcome.printed.trim();
	if (text.startsWith(`## ${each.section}\n`)) return text;
	return [`## ${each.section}`, '', `Measured ${new Date().toISOString().slice(0, 10)} with \`${outcome.command}\` (${each.file}), as it printed:`, '', '```', text, '```'].join('\n');
}

const results = benchmarks.map(each => ({benchmark: each, result: readResult(join(resultsDir, `${each.name}.json`))}));
const table = summary({
	started,
	machine: machine(),
	command: `node bench/all.mjs${process.argv.slice(2).length ? ` ${process.argv.slice(2).join(' ')}` : ''}`,
	quick: flags.quick,
	results,
	ran,
	present: present.map(each => each.name),
});
process.stdout.write(`\n${table}\n`);
if (!flags['no-docs']) writeSummary(table);
const failed = ran.filter(outcome => outcome.code !== 0);
if (failed.length) process.stderr.write(`bench: ${failed.map(outcome => outcome.name).join(', ')} FAILED (see above)\n`);
process.exit(failed.length ? 1 : 0);

function docsText() {
	const file = join(root, 'docs', 'BENCHMARKS.md');
	return existsSync(file) ? readFileSync(file, 'utf8') : '# Benchmarks\n';
}

function saveDocs(text) {
	mkdirSync(join(root, 'docs'), {recursive: true});
	writeFileSync(join(root, 'docs', 'BENCHMARKS.md'), `${text.trimEnd()}\n`);
}

/** The pattern of a `## TITLE` section, up to the next `## ` heading or the end. */
function sectionPattern(title) {
	return new RegExp(`^## ${title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\n[\\s\\S]*?(?=^## |(?![\\s\\S]))`, 'm');
}

function writeSection(title, section) {
	const existing = docsText();
	const pattern = sectionPattern(title);
	const text = `${section.trimEnd()}\n\n`;
	saveDocs(pattern.test(existing) ? existing.replace(pattern, () => text) : `${existing.trimEnd()}\n\n${text}`);
	process.stderr.write(`wrote the "${title}" section of docs/BENCHMARKS.md\n`);
}

/** The summary goes first, right under the title: replaced where it is, else put there. */
function writeSummary(section) {
	const existing = docsText();
	const pattern = sectionPattern('Summary');
	const text = `${section.trimEnd()}\n\n`;
	if (pattern.test(existing)) saveDocs(existing.replace(pattern, () => text));
	else {
		const firstSection = existing.search(/^## /m);
		saveDocs(firstSection < 0 ? `${existing.trimEnd()}\n\n${text}` : `${existing.slice(0, firstSection)}${text}${existing.slice(firstSection)}`);
	}
	process.stderr.write('wrote the "Summary" section of docs/BENCHMARKS.md\n');
}
