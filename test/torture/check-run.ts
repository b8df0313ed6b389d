import {existsSync, readFileSync} from 'node:fs';
import {belay, describeExit, journalEvents, type ShowDocument} from '../cli/belay.js';
import {keyOfMark, markingIds, mutatingIds} from './every-kind.js';
import {tableExists, type LocalDynamo} from './local-dynamodb.js';

/** The driver's answer to a resume stopped on an interrupted step. */
export type Decision = {readonly key: string; readonly answer: 'retry' | 'skip'};

type CheckedRun = {
	readonly id: string;
	readonly state: string;
	readonly journal: string;
	readonly marks: string;
	readonly config: string;
	readonly table: string;
	readonly decisions: readonly Decision[];
	readonly history: readonly string[];
};

const idOf = (key: string): string => key.slice(key.lastIndexOf('.') + 1);

/**
 * What the journal says each step instance did: how often it started, and every rule it kept. A step
 * instance for which `needsDecision` holds (a mutating step, by default) may start again after an
 * interruption only after a `retry` answer; every resume answer must be one of `decisions` (when given).
 */
export function journalViolations(
	events: readonly Record<string, unknown>[],
	decisions: readonly Decision[] | undefined,
	needsDecision: (key: string) => boolean = key => mutatingIds.has(idOf(key)),
): {violations: string[]; starts: Map<string, number>} {
	const violations: string[] = [];
	const starts = new Map<string, number>();
	const open = new Set<string>();
	const finished = new Set<string>();
	const retried = new Set<string>();
	const unmatched = [...(decisions ?? [])];
	for (const event of events) {
		const key = event['key'] as string;
		switch (event['type']) {
			case 'operator-answered':
				if (event['question'] !== 'resume') break;
				if (decisions !== undefined) {
					const index = unmatched.findIndex(decision => decision.key === key && decision.answer === event['answer']);
					if (index === -1) violations.push(`${key}: the journal records a resume answer '${String(event['answer'])}' the driver never gave`);
					else unmatched.splice(index, 1);
				}
				if (event['answer'] === 'retry') retried.add(key);
				break;
			case 'step-started':
				if (finished.has(key)) violations.push(`${key} started again after it finished`);
				if (open.has(key) && needsDecision(key) && !retried.has(key)) violations.push(`${key} ran again after an interruption without a decision`);
				retried.delete(key);
				open.add(key);
				starts.set(key, (starts.get(key) ?? 0) + 1);
				break;
			case 'step-succeeded':
			case 'step-failed':
			case 'step-skipped':
				open.delete(key);
				finished.add(key);
				break;
			default:
				break;
		}
	}
	return {violations, starts};
}

/** Checks a run the driver finished: its journal, its marks, its show document, what it left behind. */
export async function checkRun(run: CheckedRun, dynamo: LocalDynamo, seed: number): Promise<void> {
	const where = `run ${run.id} (seed ${seed}; run again with --seed ${seed}), history:\n${run.history.join('\n')}`;
	const events = await journalEvents(run.journal);
	const {violations, starts} = journalViolations(events, run.decisions);
	const shown = await belay(['show', run.id, '--json', '--state-dir', run.state]);
	if (shown.code !== 0) throw new Error(`belay show failed\n${where}\n${describeExit(shown)}`);
	const document = JSON.parse(shown.stdout) as ShowDocument;
	if (document.status !== 'succeeded') violations.push(`the run ended ${document.status}`);
	const skipped = new Set(document.steps.filter(step => step.status === 'skipped').map(step => step.id));
	for (const step of document.steps) {
		if (step.status !== 'succeeded' && !(step.status === 'skipped' && step.skipReason === 'operator')) violations.push(`${step.id} ended ${step.status}`);
	}
	const counted = new Map<string, number>();
	const lines = existsSync(run.marks) ? readFileSync(run.marks, 'utf8').split('\n').filter(line => line !== '') : [];
	for (const line of lines) counted.set(keyOfMark(line), (counted.get(keyOfMark(line)) ?? 0) + 1);
	for (const step of document.steps.filter(candidate => markingIds.has(idOf(candidate.id)))) {
		const times = counted.get(step.id) ?? 0;
		const started = starts.get(step.id) ?? 0;
		// A command runs at most once per start; a step that succeeded ran at least once.
		if (times > started) violations.push(`${step.id} ran ${times} times but started ${started} times`);
		if (step.status === 'succeeded' && times === 0) violations.push(`${step.id} succeeded without running`);
		counted.delete(step.id);
	}
	if (counted.size) violations.push(`marks of no step: ${[...counted.keys()].join(', ')}`);
	if (!(await tableExists(dynamo.endpoint, run.table))) violations.push(`the table ${run.table} does not exist`);
	const config = JSON.parse(readFileSync(run.config, 'utf8')) as Record<string, unknown>;
	if (!skipped.has('set-config') && (config['table'] !== run.table || config['mode'] !== 'careful')) violations.push(`the config holds ${JSON.stringify(config)}`);
	if (violations.length) throw new Error(`${violations.join('\n')}\n${where}`);
}
