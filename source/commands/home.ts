import {relative} from 'node:path';
import {listRunbooks, runbookDirs} from '../runbook/discover.js';
import {listRuns} from '../ports/run-store.js';
import {openStore} from './open-store.js';
import {wantsInterface} from './front-end-choice.js';
import {newcomerHint} from './newcomer-hint.js';

/** `belay` with no command: runs that can be resumed, then the runbooks found. */
export async function homeCommand(options: {runbooks?: string; stateDir?: string; state?: string; plain?: boolean}): Promise<number> {
	if (wantsInterface(options)) {
		const {interactiveHome} = await import('./interface.js');
		return interactiveHome(await openStore(options), {input: [], ...options});
	}
	const found = await listRunbooks(runbookDirs(options.runbooks));
	const lines: string[] = ['belay: executable, resumable runbooks', ''];
	const store = await openStore(options);
	const unfinished = (await listRuns(store).finally(() => store.close())).filter(run => run.status !== 'succeeded');
	if (unfinished.length > 0) {
		lines.push('Runs that can be resumed:');
		for (const run of unfinished) {
			const {state} = run;
			const where = state.pausedOn ? ` at ${state.pausedOn.key}` : '';
			lines.push(
				`  ${state.id}  ${state.runbook.name}${state.environment ? ` (${state.environment})` : ''}  ${run.status}${where}${state.dryRun ? ' (dry run)' : ''}  updated ${state.updatedAt.slice(0, 19).replace('T', ' ')}`,
			);
		}
		lines.push("  Continue one with 'belay resume RUN-ID'.", '');
	}
	if (found.length === 0) {
		lines.push('No runbooks found in ./runbooks or the bundled set. Write one (see README) or pass --runbooks DIR.');
	} else {
		lines.push('Runbooks:');
		const width = Math.max(...found.map(item => (item.summary.ok ? item.summary.name.length : 0)), 10);
		for (const item of found) {
			const where = relative(process.cwd(), item.path) || item.path;
			if (item.summary.ok) {
				const {name, title} = item.summary;
				lines.push(`  ${name.padEnd(width)}  ${title}  (${where})`);
			} else {
				lines.push(`  ${'(invalid)'.padEnd(width)}  ${where}: ${item.summary.problems.length} problem(s); run belay validate ${where}`);
			}
		}
		lines.push('', "Start one with 'belay run NAME --env ENV'; read one with 'belay docs NAME'.");
		if (unfinished.length === 0) lines.push(newcomerHint);
	}
	process.stdout.write(`${lines.join('\n')}\n`);
	return 0;
}
