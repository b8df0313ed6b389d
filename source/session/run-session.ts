import {record} from '../records.js';
import {assertNever} from '../assert-never.js';
import {checkAnswer, type Checked} from '../engine/answers.js';
import type {LiveEvent, RunEvent} from '../engine/events.js';
import type {OpenQuestion} from '../engine/questions.js';
import type {RunState} from '../engine/state.js';
import type {Step} from '../runbook/types.js';
import {OutputRing, type OutputWindow} from './output-window.js';

/** The latest poll of a wait step. */
export type WaitProgress = {
	readonly attempt: number;
	readonly progress?: number;
	readonly message?: string;
	readonly nextPollAt: string;
	readonly polledAt: string;
};

export type Notice = {readonly key?: string; readonly level: 'info' | 'warning'; readonly message: string};

/** How the drive ended; absent while it goes on. */
export type SessionOutcome = {
	readonly status: 'succeeded' | 'failed' | 'aborted' | 'paused' | 'interrupted';
	readonly exitCode: 0 | 1 | 3 | 130;
	/** Steps that failed and were continued past, when the run reached its end. */
	readonly failedSteps?: readonly string[];
};

/** Everything a front end shows, as one immutable value (React's `useSyncExternalStore` reads it). */
export type SessionSnapshot = {
	/** Grows by one at every change. */
	readonly version: number;
	readonly state: RunState;
	/** Open questions in the order asked, with the reason the last answer was refused. */
	readonly questions: readonly OpenQuestion[];
	/** Each step's recent output, by step key. */
	readonly output: Readonly<Record<string, OutputWindow>>;
	readonly waits: Readonly<Record<string, WaitProgress>>;
	/** The latest notices (at most 50). */
	readonly notices: readonly Notice[];
	readonly outcome?: SessionOutcome;
};

/** What a listener is told: the event that changed the session (journal or live). */
export type SessionUpdate = {readonly event: RunEvent | LiveEvent | {readonly type: 'session-ended'; readonly outcome: SessionOutcome}};
export type SessionListener = (update: SessionUpdate) => void;

/** What the driver gets back when it asks. */
export type Reply =
	| {readonly kind: 'answered'; readonly value: unknown; readonly by: string | null}
	| {readonly kind: 'paused'; readonly reason: string}
	| {readonly kind: 'stopped'};

export type AnswerResult = {readonly ok: true} | {readonly ok: false; readonly reason: string};

type Pending = {
	readonly question: OpenQuestion;
	readonly step: Step;
	readonly resolve: (reply: Reply) => void;
};

const windowLines = 500;
const windowSteps = 50;
const noticeLimit = 50;

/**
 * The run session: the one store every front end listens to and answers. The driver publishes every
 * journaled event (once durable) and every live event (output, polls, notices); any number of
 * listeners subscribe; whoever holds the session answers an open question by its id.
 */
export class RunSession {
	private readonly listeners = new Set<SessionListener>();
	private readonly rings = new Map<string, OutputRing>();
	private readonly pending = new Map<string, Pending>();
	private readonly refused = new Map<string, string>();
	private waits: Record<string, WaitProgress> = record();
	private notices: Notice[] = [];
	private outcome: SessionOutcome | undefined;
	private version = 0;
	private snapshot: SessionSnapshot | undefined;

	constructor(private state: RunState) {}

	subscribe(listener: SessionListener): () => void {
		this.listeners.add(listener);
		return () => {
			this.listeners.delete(listener);
		};
	}

	getSnapshot = (): SessionSnapshot => {
		this.snapshot ??= {
			version: this.version,
			// A copy: the driver advances its state in place.
			state: {...this.state, steps: record(this.state.steps)},
			questions: Object.keys(this.state.questions).map(id => this.question(id)!),
			output: record([...this.rings].map(([key, ring]) => [key, ring.view()] as const)),
			waits: this.waits,
			notices: this.notices,
			...(this.outcome ? {outcome: this.outcome} : {}),
		};
		return this.snapshot;
	};

	/**
	 * The run's state now (the latest durable event applied). It is the driver's working copy: read
	 * it, do not keep it across events (`getSnapshot` gives a value that stays as it is).
	 */
	get current(): RunState {
		return this.state;
	}

	/**
	 * Answers an open question. The answer is checked at once: a refused one leaves the question open
	 * with the reason (every listener is told); an accepted one goes to the driver, which journals it.
	 */
	answer(questionId: string, value: unknown, by: string | null): AnswerResult {
		const pending = this.pending.get(questionId);
		if (!pending) return {ok: false, reason: `no open question ${questionId}`};
		const checked = this.check(pending, value);
		if (!checked.ok) {
			this.refused.set(questionId, checked.reason);
			this.emit({type: 'answer-refused', key: pending.question.key, questionId, reason: checked.reason});
			return checked;
		}
		this.settle(questionId, {kind: 'answered', value: checked.value, by});
		return {ok: true};
	}

	/** No answer can be had now (headless, nothing in the answers file): the run pauses on this question. */
	pause(questionId: string, reason?: string): void {
		const pending = this.pending.get(questionId);
		if (!pending) return;
		this.settle(questionId, {kind: 'paused', reason: reason ?? this.refused.get(questionId) ?? `needs an answer (${pending.question.type})`});
	}

	/**
	 * For the driver: opens a question for answers. Call it before journaling `question-asked`, so a
	 * listener that answers as soon as it hears of the question finds it open.
	 */
	waitForAnswer(question: OpenQuestion, step: Step, signal: AbortSignal): Promise<Reply> {
		return new Promise(resolve => {
			if (signal.aborted) return resolve({kind: 'stopped'});
			const onAbort = (): void => this.settle(question.id, {kind: 'stopped'});
			signal.addEventListener('abort', onAbort, {once: true});
			this.pending.set(question.id, {
				question,
				step,
				resolve: reply => {
					signal.removeEventListener('abort', onAbort);
					resolve(reply);
				},
			});
		});
	}

	/** An open question with the reason its last answer was refused, if any. */
	question(questionId: string): OpenQuestion | undefined {
		const question = this.state.questions[questionId];
		const reason = this.refused.get(questionId);
		return question && reason !== undefined ? {...question, refused: reason} : question;
	}

	/** Whether an answer can be given to this question now. */
	isOpen(questionId: string): boolean {
		return this.pending.has(questionId);
	}

	/** For the driver: a journaled event, once durable, with the state it leads to. */
	recorded(event: RunEvent, state: RunState): void {
		this.state = state;
		if (event.type === 'step-started') {
			this.rings.delete(event.key);
			const {[event.key]: _poll, ...waits} = this.waits;
			this.waits = record(waits);
		}
		this.emit(event);
	}

	/** For the driver: live output, polls and notices (already masked). */
	live(event: LiveEvent): void {
		switch (event.type) {
			case 'step-output': {
				let ring = this.rings.get(event.key);
				if (!ring) {
					this.rings.set(event.key, (ring = new OutputRing(windowLines)));
					// The windows of the steps that printed last; older output is in the run's log.
					if (this.rings.size > windowSteps) this.rings.delete(this.rings.keys().next().value!);
				}
				ring.push(event.stream, event.lines);
				break;
			}
			case 'wait-polled': {
				const {type: _type, key, ...poll} = event;
				this.waits = record({...this.waits, [key]: {...poll, polledAt: new Date().toISOString()}});
				break;
			}
			case 'notice':
				this.notices = [...this.notices.slice(1 - noticeLimit), {...(event.key ? {key: event.key} : {}), level: event.level, message: event.message}];
				break;
			case 'process-started':
			case 'answer-refused':
				break;
			default:
				assertNever(event);
		}
		this.emit(event);
	}

	/** For the driver: the drive is over. */
	end(outcome: SessionOutcome): void {
		this.outcome = outcome;
		for (const id of [...this.pending.keys()]) this.settle(id, {kind: 'stopped'});
		this.changed();
		for (const listener of [...this.listeners]) listener({event: {type: 'session-ended', outcome}});
	}

	private check(pending: Pending, value: unknown): Checked {
		const {question, step} = pending;
		const options = question.type === 'select' ? question.options : undefined;
		return checkAnswer(question.type, value, {
			step,
			request: question.request,
			operator: this.state.operator,
			pair: this.state.pair,
			...(options ? {options} : {}),
		});
	}

	private settle(questionId: string, reply: Reply): void {
		const pending = this.pending.get(questionId);
		if (!pending) return;
		this.pending.delete(questionId);
		this.refused.delete(questionId);
		pending.resolve(reply);
	}

	private changed(): void {
		this.version++;
		this.snapshot = undefined;
	}

	private emit(event: SessionUpdate['event']): void {
		this.changed();
		for (const listener of [...this.listeners]) listener({event});
	}
}
