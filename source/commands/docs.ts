import {formatProblem} from '../runbook/format-problem.js';
import {loadRunbookFile} from '../runbook/load.js';
import {renderDocs} from '../runbook/docs.js';
import {resolveRunbook, runbookDirs} from '../runbook/discover.js';
import {UsageError} from './usage-error.js';

/** `belay docs FILE-OR-NAME`: the runbook as Markdown on stdout. */
export async function docsCommand(fileOrName: string, options: {runbooks?: string}): Promise<number> {
	const path = await resolveRunbook(fileOrName, runbookDirs(options.runbooks));
	if (!path) {
		throw new UsageError(
			`no runbook '${fileOrName}': give a file path, or a name from 'belay' (the home listing)`,
		);
	}
	const result = await loadRunbookFile(path);
	if (!result.ok) {
		for (const problem of result.problems) process.stderr.write(`${formatProblem(problem)}\n`);
		process.stderr.write(`the runbook is invalid; fix it (belay validate ${path}) before reading its docs\n`);
		return 2;
	}
	process.stdout.write(renderDocs(result.loaded));
	return 0;
}
