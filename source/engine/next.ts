import {assertNever} from '../assert-never.js';
import {definitionOf} from '../kinds/table.js';
import type {QuestionType} from './events.js';
import {isMutating, isSafeToRepeat} from './side-effects.js';
import {emptyStep, type RunState, type StepState} from './state.js';
import type {Runbook, Step} from '../runbook/types.js';

/** What the driver should do next: commands, imperative. `next` returns them; it never acts. */
export type Decision =
	| {readonly kind: 'check'; readonly key: string; readonly step: Step}
	| {readonly kind: 'list-options'; readonly key: string; readonly step: Step}
	| {readonly kind: 'ask'; readonly key: string; readonly step: Step; readonly question: QuestionType}
	| {readonly kind: 'expand'; readonly key: string; readonly step: Step}
	| {readonly kind: 'complete-foreach'; readonly key: string; readonly step: Step}
	| {readonly kind: 'dry-run'; readonly key: string; readonly step: Step}
	| {
			readonly kind: 'execute';
			readonly key: string;
			readonly step: Step;
			readonly attempt: number;
			/** Re-attach with the request the journal recorded (an interrupted wait). */
			readonly reattach: boolean;
			/** Not before this time (automatic retry delay), epoch ms. */
			readonly notBefore?: number;
	  }
	| {readonly kind: 'in-flight'; readonly key: string}
	/** The run cannot go on without someone outside belay acting first (a command still running). */
	| {readonly kind: 'pause'; readonly key: string; readonly question: QuestionType; readonly reason: string}
	| {readonly kind: 'finish'; readonly status: 'succeeded' | 'failed' | 'aborted'; readonly key?: string};

export type NextContext = {
	/** An operator can be asked (else onFailure defaults to abort). */
	readonly interactive: boolean;
	/** The environment is protected: every mutating step asks to confirm. */
	readonly protected: boolean;
	/** Whether the process group a killed run left behind still runs (a fact from the process probe). */
	readonly processAlive: (group: {readonly pid: number; readonly host: string}) => boolean;
};

/** The key of a step instance: `restore`, or `copy[2].put` inside a foreach item. */
export function stepKey(prefix: string, id: string): string {
	return `${prefix}${id}`;
}

export function itemPrefix(foreachKey: string, index: number): string {
	return `${foreachKey}[${index}].`;
}

/**
 * Pure: the decisions that can be acted on now. Sequential steps give one decision; a foreach with
 * `concurrency` gives one per active item. `finish` ends the run.
 */
export function next(state: RunState, runbook: Runbook, context: NextContext): Decision[] {
	return nextFrom(state, runbook, context, 0).decisions;
}

/**
 * Pure: `next`, looking from the top-level step `from` on, when the caller knows the steps before it
 * are finished (see `changedFrom`); `open` is the first top-level step not finished, where the next
 * look can start. A run's turn then costs the same at step 2,000 as at step 5.
 */
export function nextFrom(state: RunState, runbook: Runbook, context: NextContext, from: number): {decisions: Decision[]; open: number} {
	const {steps} = runbook;
	for (let index = Math.max(0, from); index < steps.length; index++) {
		const step = steps[index]!;
		const key = stepKey('', step.id);
		const decisions = decide(step, key, state.steps[key] ?? emptyStep(key), state, context);
		if (decisions !== 'done') return {decisions, open: index};
	}
	return {decisions: [{kind: 'finish', status: 'succeeded'}], open: steps.length};
}

type Visit = Decision[] | 'done';

function visit(steps: readonly Step[], prefix: string, state: RunState, context: NextContext): Visit {
	for (const step of steps) {
		const key = stepKey(prefix, step.id);
		const current = state.steps[key] ?? emptyStep(key);
		const decisions = decide(step, key, current, state, context);
		if (decisions !== 'done') return decisions;
	}
	return 'done';
}

function decide(step: Step, key: string, current: StepState, state: RunState, context: NextContext): Visit {
	switch (current.status) {
		case 'succeeded':
		case 'skipped':
			return 'done';
		case 'running':
			if (step.kind === 'foreach' && current.items) return foreachDecisions(step, key, current, state, context);
			return [{kind: 'in-flight', key}];
		case 'failed':
			return afterFailure(step, key, current, context);
		case 'interrupted':
			if (step.kind === 'foreach' && current.items) return foreachDecisions(step, key, current, state, context);
			if (current.process && context.processAlive(current.process)) {
				// belay was killed while this command ran, and it has not stopped: running it again now
				// would run it twice at once.
				const {pid} = current.process;
				return [
					{
						kind: 'pause',
						key,
						question: 'resume',
						reason: `the command of step ${key} from the interrupted run is still running (process group ${pid}); wait for it to end, or stop it with: kill -TERM -${pid}; then resume`,
					},
				];
			}
			if (isSafeToRepeat(step) || current.answers.resume?.value === 'retry') {
				return [{kind: 'execute', key, step, attempt: current.attempts + 1, reattach: step.kind === 'wait'}];
			}
			return [{kind: 'ask', key, step, question: 'resume'}];
		case 'pending':
			return pending(step, key, current, state, context);
		default:
			return assertNever(current.status);
	}
}

function pending(step: Step, key: string, current: StepState, state: RunState, context: NextContext): Visit {
	if (step.when !== undefined && step.when !== true && !current.checked) return [{kind: 'check', key, step}];
	if (step.kind === 'foreach') {
		if (!current.items) {
			// A foreach asks once for all its items: `confirm:` on it, or a protected environment when it mutates.
			if (!state.dryRun && !insideConfirmedForeach(key, state) && nextQuestion(step, current, context) === 'confirm') {
				return [{kind: 'ask', key, step, question: 'confirm'}];
			}
			return [{kind: 'expand', key, step}];
		}
		return foreachDecisions(step, key, current, state, context);
	}
	if (state.dryRun && (isMutating(step) || waitsOnShownSteps(step, state))) return [{kind: 'dry-run', key, step}];
	// The steps of a foreach the operator confirmed are not confirmed again, chunk by chunk, for being
	// in a protected environment (a `confirm:` of their own still asks).
	const question = nextQuestion(step, current, insideConfirmedForeach(key, state) ? {...context, protected: false} : context);
	if (question === 'list-options') return [{kind: 'list-options', key, step}];
	if (question) return [{kind: 'ask', key, step, question}];
	return [{kind: 'execute', key, step, attempt: current.attempts + 1, reattach: false}];
}

/** The next answer a pending step needs before it can run, in the order an operator is asked. */
export function nextQuestion(step: Step, current: StepState, context: NextContext): QuestionType | 'list-options' | undefined {
	const answered = (question: QuestionType): boolean => current.answers[question] !== undefined;
	const needsConfirm = step.confirm !== undefined && step.confirm !== false;
	if (step.kind !== 'manual' && (needsConfirm || (context.protected && isMutating(step))) && !answered('confirm')) {
		return 'confirm';
	}
	if (step.confirmText !== undefined && !answered('confirmText')) return 'confirmText';
	const asks = definitionOf(step).operatorQuestion;
	if (asks === undefined || answered(asks)) return undefined;
	// A select from AWS lists its options (once) before it can ask.
	if (asks === 'select' && step.kind === 'select' && 'from' in step.select && !current.options) return 'list-options';
	return asks;
}

/** Whether a step key (`copy[3].put`) lies inside a foreach whose run the operator confirmed. */
export function insideConfirmedForeach(key: string, state: RunState): boolean {
	for (const match of key.matchAll(/\[\d+\]\./g)) {
		if (state.steps[key.slice(0, match.index)]?.answers.confirm !== undefined) return true;
	}
	return false;
}

/** Whether a failure is final: no automatic retry is left. */
export function isFinalFailure(step: Step, attempt: number): boolean {
	return !step.retry || attempt >= step.retry.attempts;
}

/** `when`: false, null, 0, '' and an undefined value skip the step; anything else runs it. */
export function isTruthy(value: unknown): boolean {
	return value === true || (value !== false && value !== undefined && value !== null && value !== '' && value !== 0);
}

function afterFailure(step: Step, key: string, current: StepState, context: NextContext): Visit {
	const attempt = current.attempts + 1;
	if (!current.failedFinal) {
		const retry = step.retry;
		const delay = retry ? retry.delayMs * retry.backoff ** Math.max(0, current.attempts - 1) : 0;
		const ended = current.endedAt ? Date.parse(current.endedAt) : 0;
		return [{kind: 'execute', key, step, attempt, reattach: false, notBefore: ended + delay}];
	}
	const answer = current.answers.failure?.value;
	if (answer === 'continue') return 'done';
	if (answer === 'retry') return [{kind: 'execute', key, step, attempt, reattach: false}];
	if (answer === 'abort') return [{kind: 'finish', status: 'aborted', key}];
	const policy = step.onFailure ?? (context.interactive ? 'prompt' : 'abort');
	if (policy === 'continue') return 'done';
	if (policy === 'abort') return [{kind: 'finish', status: 'failed', key}];
	return [{kind: 'ask', key, step, question: 'failure'}];
}

function foreachDecisions(
	step: Extract<Step, {kind: 'foreach'}>,
	key: string,
	current: StepState,
	state: RunState,
	context: NextContext,
): Visit {
	const items = current.items ?? [];
	const decisions: Decision[] = [];
	let active = 0;
	// Items before the cursor are finished (reduce keeps it), so a turn costs the same at item 4,000 as at 5.
	const concurrency = current.concurrency ?? (typeof step.foreach.concurrency === 'number' ? step.foreach.concurrency : 1);
	for (let index = current.cursor ?? 0; index < items.length && active < concurrency; index++) {
		const result = visit(step.foreach.steps, itemPrefix(key, index), state, context);
		if (result === 'done') continue;
		const finish = result.find(decision => decision.kind === 'finish');
		if (finish) return [finish];
		decisions.push(...result);
		active++;
	}
	if (active === 0) return [{kind: 'complete-foreach', key, step}];
	return decisions;
}

/**
 * In a dry run, a wait after a step that was only shown polls for a state that nothing brought
 * about (the pipeline will never stop: StopPipeline was not called): it is shown, not polled.
 */
export function waitsOnShownSteps(step: Step, state: RunState): boolean {
	return step.kind === 'wait' && Object.values(state.steps).some(other => other.skipReason === 'dry-run');
}
