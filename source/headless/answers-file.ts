import {own, record} from '../records.js';
import {readFile} from 'node:fs/promises';
import {z} from 'zod';
import {YamlSource} from '../runbook/yaml-source.js';
import {parseWith} from '../runbook/zod-problems.js';
import type {Problem} from '../runbook/types.js';

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

export async function loadAnswersFile(path: string): Promise<AnswersLoad> {
	let text: string;
	try {
		text = await readFile(path, 'utf8');
	} catch (error) {
		return {ok: false, problems: [{file: path, line: 1, column: 1, message: `cannot read the answers file: ${(error as Error).message}`}]};
	}
	const source = new YamlSource(path, text);
	const syntax = source.syntaxProblems();
	if (syntax.length) return {ok: false, problems: syntax};
	const problems: Problem[] = [];
	const data = source.document.toJS() ?? {};
	const parsed = parseWith(answersSchema, data, source, [], problems, () => Object.keys(answersSchema.shape));
	if (!parsed) return {ok: false, problems};
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
