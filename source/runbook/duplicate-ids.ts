import type {Path, YamlSource} from './yaml-source.js';
import type {Problem} from './types.js';

/**
 * Step ids used twice, found in the YAML as written: so a duplicate is reported even where the
 * steps, or the runbook around them, have other problems (only built steps reach the other checks).
 */
export function duplicateIdProblems(data: Record<string, unknown>, source: YamlSource): Problem[] {
	const problems: Problem[] = [];
	const first = new Map<string, number>();
	const visit = (steps: unknown, path: Path): void => {
		if (!Array.isArray(steps)) return;
		steps.forEach((step, index) => {
			if (step === null || typeof step !== 'object' || Array.isArray(step)) return;
			const record = step as Record<string, unknown>;
			const at = [...path, index];
			if (typeof record['id'] === 'string') {
				const line = first.get(record['id']);
				if (line === undefined) first.set(record['id'], source.position([...at, 'id']).line);
				else {
					problems.push(
						source.problem(
							source.valuePosition([...at, 'id']),
							`duplicate step id '${record['id']}' (first used at line ${line}); step ids must be unique in a runbook`,
						),
					);
				}
			}
			const foreach = record['foreach'];
			if (foreach !== null && typeof foreach === 'object' && !Array.isArray(foreach)) visit((foreach as Record<string, unknown>)['steps'], [...at, 'foreach', 'steps']);
		});
	};
	visit(data['steps'], ['steps']);
	return problems;
}
