import {loadRunbookFile} from '../runbook/load.js';
import {openStore} from './open-store.js';
import {orderedSteps} from './show.js';

/**
 * `belay runs [--json]`: id, runbook, environment, status, step n/m, operators, started, updated. A
 * run whose journal is damaged is listed as `damaged`, with the file and line, after the others.
 */
export async function runsCommand(options: {json?: boolean; stateDir?: string; state?: string}): Promise<number> {
	const store = await openStore(options);
	const {runs, damaged} = await store.scan().finally(() => store.close());
	const rows = [];
	for (const run of runs) {
		const loaded = await loadRunbookFile(run.state.runbook.path);
		const steps = orderedSteps(run.state, loaded.ok ? loaded.loaded.runbook : undefined);
		const done = steps.filter(step => step.status === 'succeeded' || step.status === 'skipped').length;
		rows.push({
			id: run.state.id,
			runbook: run.state.runbook.name,
			environment: run.state.environment,
			status: run.status,
			...(run.state.failedSteps ? {failedSteps: run.state.failedSteps} : {}),
			step: `${done}/${steps.length}`,
			operator: run.state.operator,
			pair: run.state.pair,
			dryRun: run.state.dryRun,
			startedAt: run.state.startedAt,
			updatedAt: run.state.updatedAt,
		});
	}
	if (options.json) {
		const broken = damaged.map(run => ({id: run.id, status: 'damaged', journal: run.journal, line: run.line ?? null, message: run.message}));
		process.stdout.write(`${JSON.stringify([...rows, ...broken], null, 2)}\n`);
		return 0;
	}
	if (rows.length === 0 && damaged.length === 0) {
		process.stdout.write("No runs yet. Start one with 'belay run NAME'.\n");
		return 0;
	}
	const header = ['ID', 'RUNBOOK', 'ENV', 'STATUS', 'STEP', 'OPERATORS', 'STARTED', 'UPDATED'];
	const table = rows.map(row => [
		row.id,
		row.runbook,
		row.environment ?? '-',
		`${row.status}${row.failedSteps ? ` (${row.failedSteps.length} failed)` : ''}${row.dryRun ? ' (dry)' : ''}`,
		row.step,
		[row.operator, row.pair].filter(Boolean).join(' + ') || '-',
		row.startedAt.slice(0, 19).replace('T', ' '),
		row.updatedAt.slice(0, 19).replace('T', ' '),
	]);
	for (const run of damaged) table.push([run.id, '?', '?', 'damaged', '?', '?', '?', '?']);
	const widths = header.map((title, column) => Math.max(title.length, ...table.map(row => row[column]!.length)));
	for (const row of [header, ...table]) process.stdout.write(`${row.map((cell, column) => cell.padEnd(widths[column]!)).join('  ').trimEnd()}\n`);
	for (const run of damaged) {
		process.stdout.write(`damaged: ${run.id}: ${run.line !== undefined ? `${run.journal}:${run.line}` : run.journal}; see: belay show ${run.id}\n`);
	}
	return 0;
}
