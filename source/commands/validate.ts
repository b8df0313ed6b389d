import {loadRunbookFile} from '../runbook/load.js';
import {formatProblem} from '../runbook/format-problem.js';

/** `belay validate FILE...`: 0 when every file is valid, 2 otherwise. Problems go to stderr. */
export async function validateCommand(files: readonly string[]): Promise<number> {
	let invalid = 0;
	for (const file of files) {
		const result = await loadRunbookFile(file);
		if (result.ok) {
			const {runbook} = result.loaded;
			process.stdout.write(`${file}: ok (${runbook.name}, ${countSteps(runbook.steps)} steps)\n`);
		} else {
			invalid++;
			for (const problem of result.problems) process.stderr.write(`${formatProblem(problem)}\n`);
		}
	}
	if (invalid > 0) {
		process.stderr.write(
			`${invalid} of ${files.length} runbook${files.length === 1 ? '' : 's'} invalid; fix the lines above and run belay validate again\n`,
		);
	}
	return invalid > 0 ? 2 : 0;
}

function countSteps(steps: readonly {kind: string; foreach?: {steps: readonly unknown[]}}[]): number {
	let count = 0;
	for (const step of steps) {
		count++;
		if (step.kind === 'foreach' && step.foreach) count += countSteps(step.foreach.steps as typeof steps);
	}
	return count;
}
