import {record} from '../records.js';
import {assertNever} from '../assert-never.js';
import type {RunEvent} from './events.js';
import {foreachResult} from './foreach-result.js';
import {chunked, resolveItemsFrom} from './items-from.js';
import {emptyStep, type RunState, type StepState} from './state.js';

type Draft = {-readonly [K in keyof RunState]: RunState[K]} & {steps: Record<string, StepState>};

/** The state a journal's first event starts. */
export function initialState(event: Extract<RunEvent, {type: 'run-started'}>): RunState {
	return {
		id: event.runId,
		runbook: event.runbook,
		stepHashes: event.stepHashes,
		environment: event.environment,
		operator: event.operator,
		pair: event.pair,
		dryRun: event.dryRun,
		inputs: event.inputs,
		secretInputs: event.secretInputs,
		startedAt: event.at,
		updatedAt: event.at,
		status: 'running',
		questions: record(),
		steps: record(),
		eventCount: 1,
	};
}

/** Pure: the run's state after one more event. */
export function reduce(state: RunState, event: RunEvent): RunState {
	const draft: Draft = {...state, steps: record(state.steps)};
	apply(draft, event);
	return draft;
}

/**
 * The state as seen from outside when the process that drove a run is gone without a word (killed):
 * what it had started is interrupted, as a `run-interrupted` event would have said.
 */
export function holderGone(state: RunState): RunState {
	if (state.status !== 'running') return state;
	const draft: Draft = {...state, steps: record(state.steps)};
	interrupt(draft);
	return draft;
}

/**
 * Applies an event to a state the caller owns (see `workingCopy`), in place: the driver's working copy, so
 * an event costs the same in a run of 10,000 step instances as in a run of ten. The rules are those
 * of `reduce`.
 */
export function advance(owned: RunState, event: RunEvent): RunState {
	apply(owned as Draft, event);
	return owned;
}

/** A copy of a state that the caller may `advance` in place. */
export function workingCopy(state: RunState): RunState {
	return {...state, steps: record(state.steps)};
}

/** Replays a whole journal through the same rules as `reduce`, without copying per event. */
export function replay(events: readonly RunEvent[]): RunState {
	const [first, ...rest] = events;
	if (!first || first.type !== 'run-started') throw new Error('a journal starts with run-started');
	const draft: Draft = {...initialState(first), steps: record()};
	for (const event of rest) apply(draft, event);
	return draft;
}

function interrupt(draft: Draft): void {
	draft.status = 'interrupted';
	draft.questions = record();
	for (const [key, current] of Object.entries(draft.steps)) {
		if (current.status === 'running' && current.items === undefined) {
			draft.steps[key] = {...current, status: 'interrupted'};
		}
	}
}

/** A foreach item step that finished: its foreach's cursor moves past every finished item. */
function advanceCursor(draft: Draft, key: string): void {
	const item = /^(.*)\[(\d+)\]\.[a-z][a-z0-9-]*$/.exec(key);
	if (!item) return;
	const foreachKey = item[1]!;
	const foreach = draft.steps[foreachKey];
	if (!foreach?.items || !foreach.itemSteps || Number(item[2]) !== (foreach.cursor ?? 0)) return;
	let cursor = foreach.cursor ?? 0;
	const finished = (index: number): boolean =>
		foreach.itemSteps!.every(id => {
			const status = draft.steps[`${foreachKey}[${index}].${id}`]?.status;
			return status === 'succeeded' || status === 'skipped';
		});
	while (cursor < foreach.items.length && finished(cursor)) cursor++;
	draft.steps[foreachKey] = {...foreach, cursor};
}

/** A step of item N became unfinished again: its foreach's cursor goes back to N at most. */
function rewindCursor(draft: Draft, key: string): void {
	const item = /^(.*)\[(\d+)\]\.[a-z][a-z0-9-]*$/.exec(key);
	const foreach = item ? draft.steps[item[1]!] : undefined;
	if (!item || !foreach || foreach.cursor === undefined) return;
	draft.steps[item[1]!] = {...foreach, cursor: Math.min(foreach.cursor, Number(item[2]))};
}

function closeQuestions(draft: Draft, key: string): void {
	if (!Object.values(draft.questions).some(question => question.key === key)) return;
	draft.questions = record(Object.entries(draft.questions).filter(([, question]) => question.key !== key));
}

function apply(draft: Draft, event: RunEvent): void {
	draft.updatedAt = event.at;
	draft.eventCount += 1;
	const step = (key: string): StepState => draft.steps[key] ?? emptyStep(key);
	const set = (key: string, change: Partial<StepState>): void => {
		draft.steps[key] = {...step(key), ...change};
	};
	switch (event.type) {
		case 'run-started':
			throw new Error('run-started may only start a journal');
		case 'vars-computed':
			draft.vars = event.vars;
			return;
		case 'caller-identified':
			draft.caller = {account: event.account, arn: event.arn};
			return;
		case 'run-resumed': {
			draft.status = 'running';
			delete draft.pausedOn;
			// Questions are asked again by the process that resumes.
			draft.questions = record();
			if (event.operator) draft.operator = event.operator;
			for (const [key, current] of Object.entries(draft.steps)) {
				if (current.status === 'running') draft.steps[key] = {...current, status: 'interrupted'};
				// Resuming a run that stopped on a failed step is the operator's word to try it again.
				if (current.status === 'failed' && current.failedFinal && current.answers.failure?.value !== 'continue') {
					const {failure: _failure, ...answers} = current.answers;
					draft.steps[key] = {...current, status: 'pending', failedFinal: false, answers};
				}
			}
			return;
		}
		case 'step-checked':
			set(event.key, {checked: true});
			return;
		case 'step-skipped':
			set(event.key, {
				status: 'skipped',
				skipReason: event.reason,
				endedAt: event.at,
				...(event.request !== undefined ? {request: event.request} : {}),
			});
			closeQuestions(draft, event.key);
			advanceCursor(draft, event.key);
			return;
		case 'operator-answered': {
			const current = step(event.key);
			const answers = {...current.answers, [event.question]: {value: event.answer, by: event.by, at: event.at}};
			if ((event.question === 'resume' || event.question === 'failure') && event.answer === 'skip') {
				set(event.key, {answers, status: 'skipped', skipReason: 'operator', endedAt: event.at});
			} else if (event.question === 'resume' && event.answer === 'done') {
				set(event.key, {answers, status: 'succeeded', byOperator: true, endedAt: event.at, outputs: {}});
			} else {
				set(event.key, {answers});
			}
			if (draft.pausedOn?.key === event.key) {
				delete draft.pausedOn;
				draft.status = 'running';
			}
			closeQuestions(draft, event.key);
			advanceCursor(draft, event.key);
			return;
		}
		case 'question-asked': {
			closeQuestions(draft, event.question.key);
			draft.questions = record({...draft.questions, [event.question.id]: event.question});
			return;
		}
		case 'options-listed':
			set(event.key, {options: event.options, ...(event.default !== undefined ? {defaultOption: event.default} : {})});
			return;
		case 'step-started': {
			const {resume: _resume, failure: _failure, ...answers} = step(event.key).answers;
			set(event.key, {
				status: 'running',
				attempts: event.attempt,
				startedAt: event.at,
				request: event.request,
				answers,
				failedFinal: false,
				...(draft.operator ? {startedBy: draft.operator} : {}),
			});
			if (draft.status !== 'running') draft.status = 'running';
			return;
		}
		case 'step-succeeded':
			set(event.key, {
				status: 'succeeded',
				endedAt: event.at,
				result: event.fromItems ? foreachResult(draft.steps, event.key, step(event.key).itemSteps ?? [], step(event.key).batched === true) : event.result,
				outputs: event.outputs,
				...(event.value !== undefined ? {value: event.value} : {}),
				...(event.byOperator ? {byOperator: true} : {}),
			});
			closeQuestions(draft, event.key);
			advanceCursor(draft, event.key);
			return;
		case 'step-failed':
			set(event.key, {status: 'failed', endedAt: event.at, error: event.error, failedFinal: event.final, attempts: event.attempt});
			return;
		case 'step-process':
			set(event.key, {process: {pid: event.pid, host: event.host}});
			return;
		case 'secret-forgotten': {
			const {input: _input, select: _select, ...answers} = step(event.key).answers;
			const {value: _value, result: _result, ...rest} = step(event.key);
			draft.steps[event.key] = {...rest, status: 'pending', answers};
			rewindCursor(draft, event.key);
			return;
		}
		case 'foreach-expanded':
			set(event.key, {
				items: event.items ?? (event.itemsFrom ? chunked(resolveItemsFrom(event.itemsFrom, draft.steps), event.batch) : []),
				status: 'running',
				startedAt: step(event.key).startedAt ?? event.at,
				...(event.stepIds ? {itemSteps: event.stepIds, cursor: 0} : {}),
				...(event.concurrency !== undefined ? {concurrency: event.concurrency} : {}),
				...(event.batch ? {batched: true} : {}),
			});
			return;
		case 'run-paused':
			draft.status = 'paused';
			draft.pausedOn = {key: event.key, question: event.question, reason: event.reason};
			return;
		case 'run-interrupted':
			interrupt(draft);
			return;
		case 'step-rerun': {
			// The step (a foreach with all its items) starts over; later steps will read its new result.
			for (const key of Object.keys(draft.steps)) {
				if (key === event.key || key.startsWith(`${event.key}[`)) delete draft.steps[key];
			}
			closeQuestions(draft, event.key);
			delete draft.failedSteps;
			return;
		}
		case 'run-finished':
			draft.status = event.status;
			if (event.failedSteps?.length) draft.failedSteps = event.failedSteps;
			draft.questions = record();
			return;
		default:
			assertNever(event);
	}
}
