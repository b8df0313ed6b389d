import type {Problem} from './types.js';

/** `FILE:LINE:COLUMN: message`, the form editors and terminals link. */
export function formatProblem(problem: Problem): string {
	return `${problem.file}:${problem.line}:${problem.column}: ${problem.message}`;
}
