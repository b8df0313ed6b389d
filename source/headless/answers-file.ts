import {own, record} from '../records.js';
import {readText} from '../runbook/read-text.js';
import {z} from 'zod';
import {YamlSource} from '../runbook/yaml-source.js';
import {parseWith} from '../runbook/zod-problems.js';
import {didYouMean} from '../runbook/suggest.js';
import type {Problem, Runbook, Step} from '../runbook/types.js';

/** An answers file: who runs the run, its inputs, and answers for steps that need an operator. */
export type Answers = {
	readonly operator?: string;
	readonly pair?: string;
	readonly inputs: Readonly<Record<string, unknown>>;
	readonly steps: Readonly<Record<string, unknown>>;
};

const answersSchema = z.strictObject({
	operator: z.string().min(1).optional(),
	pair: z.string().min(1).optional(),
	inputs: z.record(z.string(), z.unknown()).optional(),
	steps: z.record(z.string(), z.unknown()).optional(),
});

export type AnswersLoad = {ok: true; answers: Answers} | {ok: false; problems: Problem[]};

/**
 * Reads an answers file. With the runbook, every step it names must be one of the runbook's (an id,
 * or an instance such as `copy[2].put`): a name it lacks is a problem at that key, with the nearest id.
 */
export async function loadAnswersFile(path: string, runbook?: Runbook): Promise<AnswersLoad> {
	const read = await readText(path);
	if (!read.ok) return {ok: false, problems: [{file: path, line: 1, column: 1, message: `cannot read the answers file: ${read.reason}`}]};
	const source = new YamlSource(path, read.text);
	const syntax = source.syntaxProblems();
	if (syntax.length) return {ok: false, problems: syntax};
	const problems: Problem[] = [];
	const plain = source.data();
	if (!plain.ok) return {ok: false, problems: [plain.problem]};
	const data = plain.data ?? {};
	const parsed = parseWith(answersSchema, data, source, [], problems, () => Object.keys(answersSchema.shape));
	if (!parsed) return {ok: false, problems};
	if (runbook) {
		const ids = allStepIds(runbook.steps);
		for (const key of Object.keys(parsed.steps ?? {})) {
			const names = key.split(/\[\d+\]\./);
			const unknown = names.find(name => !ids.has(name));
			if (unknown !== undefined) {
				const at = source.keyPosition(['steps', key]);
				problems.push({file: path, ...at, message: `runbook ${runbook.name} has no step '${unknown}'${didYouMean(unknown, ids)}`});
			}
		}
		if (problems.length) return {ok: false, problems};
	}
	return {ok: true, answers: {...parsed, inputs: record(parsed.inputs ?? {}), steps: record(parsed.steps ?? {})}};
}

/**
 * The answer for a step instance: by its full key (`copy[2].put`) first, then its id (`put`).
 * An answer written as a mapping may hold several questions: `{confirmText: ..., approver: ...}`.
 */
export function stepAnswer(answers: Answers | undefined, key: string): unknown {
	if (!answers) return undefined;
	const exact = own(answers.steps, key);
	if (exact !== undefined) return exact;
	return own(answers.steps, key.slice(key.lastIndexOf('.') + 1));
}

/** Every step id of a runbook, nested ones too. */
function allStepIds(steps: readonly Step[], ids = new Set<string>()): Set<string> {
	for (const step of steps) {
		ids.add(step.id);
		if (step.kind === 'foreach') allStepIds(step.foreach.steps, ids);
	}
	return ids;
}
