// The summary section of docs/BENCHMARKS.md, from the benchmarks' result files (bench/results.mjs):
// one row per figure. A pure function of what it is given, so that it is tested without running a
// benchmark (test/bench/summary.test.ts).

/** 2.7183 → "2.72 ×"; null → "". */
const times = ratio => (ratio === null || ratio === undefined || !Number.isFinite(ratio) ? '' : `${ratio.toFixed(2)} ×`);
const verdict = met => (met === true ? 'yes' : met === false ? '**no**' : '—');
/** Pipes would end a cell of the table. */
const cell = text => String(text ?? '').replaceAll('|', '\\|').replaceAll('\n', ' ');

/**
 * @param {object} facts
 * @param {Date} facts.started          when this run began
 * @param {string} facts.machine
 * @param {string} facts.command        how the summary was made
 * @param {boolean} facts.quick
 * @param {{benchmark: import('./benchmarks.d.mts').Benchmark, result: import('./results.d.mts').Result | undefined}[]} facts.results  in the registry's order
 * @param {{name: string, code: number | null, signal: string | null, seconds: number}[]} facts.ran  what this run ran
 * @param {string[]} facts.present      the benchmarks whose file exists
 * @returns {string}
 */
export function summary({started, machine, command, quick, results, ran, present}) {
	const rows = [];
	const notes = [];
	for (const {benchmark, result} of results) {
		if (!present.includes(benchmark.name)) continue;
		const outcome = ran.find(each => each.name === benchmark.name);
		if (outcome && outcome.code !== 0) {
			rows.push(`| ${cell(benchmark.what)} | **failed** (${outcome.signal ?? `exit ${outcome.code}`}) | | | | — | \`${benchmark.name}\`, this run |`);
			continue;
		}
		if (!result) {
			notes.push(
				outcome
					? `- \`${benchmark.name}\` (${benchmark.file}) ran but wrote no figures: it does not call \`writeResult\` (bench/results.mjs) yet; its report is in its section below.`
					: `- \`${benchmark.name}\` (${benchmark.file}): no figures yet (run \`node bench/all.mjs --only ${benchmark.name}\`).`,
			);
			continue;
		}
		const thisRun = outcome !== undefined && Date.parse(result.measuredAt) >= started.getTime();
		const when = thisRun ? 'this run' : `${result.measuredAt.slice(0, 10)}, an earlier run`;
		for (const figure of result.figures) {
			rows.push(
				`| ${cell(figure.figure)} | ${cell(figure.measured)} | ${cell(figure.comparison)} | ${times(figure.ratio)} | ${cell(figure.target)} | ${verdict(figure.met)} | \`${benchmark.name}\`, ${when} |`,
			);
		}
	}
	const elapsed = ran.reduce((sum, each) => sum + each.seconds, 0);
	const loads = results
		.filter(({benchmark, result}) => result && ran.some(each => each.name === benchmark.name && each.code === 0))
		.map(({benchmark, result}) => `${benchmark.name} ${result.load[0]?.toFixed(2)}`);
	return [
		'## Summary',
		'',
		`Made ${started.toISOString().slice(0, 16).replace('T', ' ')} UTC by \`${command}\` (\`npm run bench\`; bench/all.mjs) from the figures each benchmark wrote`,
		'to bench/results/; every figure and its comparison were measured in the same run of its benchmark, one after the other',
		'(interleaved), and the ratio is of their medians. The details of each are in its section below.',
		...(quick ? ['', '**Quick run (`--quick`): small sizes, for a smoke check; these figures are not the benchmarks\' own.**'] : []),
		'',
		`- Machine: ${machine}`,
		`- Benchmarks run: ${ran.length ? ran.map(each => `${each.name} ${each.seconds.toFixed(0)} s`).join(', ') : 'none'} (${(elapsed / 60).toFixed(1)} min in all)`,
		...(loads.length ? [`- Load average (1 min) as each ended: ${loads.join(', ')} (the machine is shared: other work inflates the times, unevenly)`] : []),
		'',
		...(rows.length
			? ['| figure | measured | comparison (same run) | ratio | target | met? | benchmark |', '|---|---|---|---|---|---|---|', ...rows]
			: ['No figures yet.']),
		...(notes.length ? ['', ...notes] : []),
		'',
	].join('\n');
}
