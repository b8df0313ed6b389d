import {own} from '../records.js';
import {setMaxListeners} from 'node:events';
import {hostname} from 'node:os';
import {evaluateField, type EvaluationOptions, type SecretTaint} from '../expressions/evaluate.js';
import type {Step} from '../runbook/types.js';
import {assertNever} from '../assert-never.js';
import {actOnStep} from './act.js';
import {askQuestion} from './ask.js';
import type {DriveOutcome, DriverOptions} from './driver-options.js';
import type {LiveEvent, QuestionType, RunEvent} from './events.js';
import {executeStep} from './execute.js';
import {maskEvent} from './mask-event.js';
import {sensitiveInRequest} from './sensitive-request.js';
import {continuedFailures} from './outcome.js';
import {plainText} from './plain-text.js';
import {MASK, Masker} from './masker.js';
import {nextFrom, type Decision} from './next.js';
import {changedFrom} from './changed-from.js';
import {advance, workingCopy} from './reduce.js';
import {resolveRequest} from './request.js';
import {addDerived, scopeFor} from './scope.js';
import {readsSecret, secretStepIds, type SecretNames} from './secret-reads.js';
import type {RunState} from './state.js';
import {unresolvedEvent} from './unresolved.js';

export type {DriveOutcome, DriverOptions, Executors} from './driver-options.js';

type Pause = {readonly key: string; readonly question: QuestionType; readonly reason: string};

const renewEveryMs = 10_000;
/** The most turns of the event loop a flush waits for more events (each a few microseconds when idle). */
const gatherTurns = 4;

/**
 * Drives a run from its current state until it finishes, fails, pauses or is interrupted. It is the
 * only code that acts: `next` decides, executors do, and every event goes to the journal, then to
 * the run session, which every front end listens to.
 */
export class Driver {
	private state: RunState;
	private readonly inFlight = new Map<string, Promise<void>>();
	/** Set by a step that cannot go on without the operator (expired credentials while headless). */
	pendingPause: Pause | undefined;
	private readonly masker = new Masker();
	readonly signal: AbortSignal;
	private renewedAt = 0;
	/** An error no step can recover from (the journal cannot be written): the drive stops with it. */
	private fatal: unknown;
	/** Anything an expression computes from a secret becomes a secret. */
	private readonly taint: SecretTaint;
	private secretNames: SecretNames | undefined;
	/** The top-level steps before this one are finished: `next` looks from here (see `changedFrom`). */
	private open = 0;

	constructor(
		state: RunState,
		readonly options: DriverOptions,
	) {
		// The driver's working copy, advanced in place by each event it records.
		this.state = workingCopy(state);
		this.recorded = options.ports.journal.sequence;
		const {lease} = options.ports;
		this.signal = lease ? AbortSignal.any([options.signal, lease.lost]) : options.signal;
		// Every running step (and each AWS call) listens for the stop: 64 at once is not a leak.
		setMaxListeners(0, this.signal);
		const secretSteps = secretStepIds(options.loaded.runbook.steps);
		this.taint = {
			reads: source => {
				this.secretNames ??= {inputs: new Set(this.state.secretInputs), vars: new Set(Object.keys(options.secrets.vars)), steps: secretSteps};
				return readsSecret(source, this.secretNames);
			},
			found: value => {
				if (addDerived(options.secrets, value)) this.secretsChanged();
			},
		};
		this.secretsChanged();
	}

	get current(): RunState {
		return this.state;
	}

	/**
	 * Records an event: it is masked, applied to the state and told to the session at once, and
	 * journaled in order; the promise resolves once it is on disk. Whatever acts on the world waits for
	 * its own event (`step-started`) to be durable, and events are written in order, so an action never
	 * rests on an event that could be lost. Events are written in batches, one write and one fdatasync
	 * each (a group commit): an event someone waits for (`now`) is handed to the journal at once; one
	 * nobody waits for (`soon`: a step's end, a question) goes with the next batch, begun once the
	 * driver has recorded nothing for a turn of the event loop, so a step's end, the next step's
	 * question and an answer given at once share one flush. An event that cannot be written stops the
	 * drive.
	 */
	record(event: RunEvent, when: 'now' | 'soon' = 'now'): Promise<void> {
		return this.enqueue(event, when === 'now');
	}

	private enqueue(event: RunEvent, awaited: boolean): Promise<void> {
		// Nothing secret reaches the journal, whichever field a secret found its way into.
		const kept = maskEvent(event, this.masker);
		this.state = advance(this.state, kept);
		this.open = Math.min(this.open, changedFrom(kept, this.options.loaded.runbook));
		this.recorded++;
		this.options.session.recorded(kept, this.state);
		return new Promise<void>((resolve, reject) => {
			this.queue.push({event, kept, secrets: this.secretsVersion, awaited, resolve, reject});
			if (awaited) this.pump();
			else this.gathering ??= this.pumpSoon();
		});
	}

	/** The journal position the next event recorded takes (written or still to be). */
	get sequence(): number {
		return this.recorded;
	}

	/**
	 * Records a step's end without waiting for the disk: the step that comes next acts only once its
	 * own `step-started`, written after this event, is durable. A failed write stops the drive.
	 */
	recordInOrder(event: RunEvent): void {
		this.enqueue(event, false).catch(() => {});
	}

	private readonly queue: {
		event: RunEvent;
		kept: RunEvent;
		secrets: number;
		/** Something waits for it (record, not recordInOrder): worth a flush of its own. */
		awaited: boolean;
		resolve: () => void;
		reject: (error: unknown) => void;
	}[] = [];
	/** Appends under way, and the promise of the last one begun (it settles after those before it). */
	private writing = 0;
	private lastWritten: Promise<void> = Promise.resolve();
	/** Events nothing waits for are queued: the batch is begun once the driver stops recording. */
	private gathering: Promise<void> | undefined;
	/** The events in the journal and recorded for it: the journal's length once the queue is written. */
	private recorded: number;
	/** Counts the changes to the secret values: an event queued before one is masked again when written. */
	private secretsVersion = 0;

	/**
	 * Begins a batch once the driver has recorded nothing for a turn of the event loop (waiting at
	 * most `gatherTurns` turns, and no longer once an event someone waits for has begun one).
	 */
	private async pumpSoon(): Promise<void> {
		for (let turn = 0; turn < gatherTurns && this.queue.length > 0; turn++) {
			const before = this.recorded;
			await new Promise(resolve => setImmediate(resolve));
			if (this.recorded === before) break;
		}
		this.gathering = undefined;
		this.pump();
	}

	/**
	 * Hands what is queued to the journal as one batch. A journal that takes overlapping appends (the
	 * file) gets the next batch while the last one's flush is still under way, so an event recorded
	 * meanwhile waits for one flush, not for the end of another first; events recorded while two
	 * batches are under way wait together for the next. Events nothing waits for (a step's end) do
	 * not start a second flush: they go with the next one (every flush costs the disk, and a thread).
	 */
	private pump(): void {
		const {journal} = this.options.ports;
		const limit = journal.overlapsAppends ? 2 : 1;
		while (this.queue.length > 0 && (this.writing === 0 || (this.writing < limit && this.queue.some(entry => entry.awaited)))) {
			const batch = this.queue.splice(0);
			const kept = batch.map(entry => (entry.secrets === this.secretsVersion ? entry.kept : maskEvent(entry.event, this.masker)));
			this.writing++;
			this.lastWritten = journal.appendAll(kept, journal.sequence).then(
				() => {
					for (const entry of batch) entry.resolve();
					this.wrote();
				},
				(error: unknown) => {
					this.fatal ??= error;
					for (const entry of batch) entry.reject(error);
					this.wrote();
				},
			);
		}
	}

	private wrote(): void {
		this.writing--;
		this.pump();
	}

	/** Live output and notices: secret values are masked before a screen or the log sees them. */
	live(event: LiveEvent, secretStep = false): void {
		switch (event.type) {
			case 'process-started':
				this.recordInOrder({type: 'step-process', at: this.at(), key: event.key, pid: event.pid, host: hostname()});
				return;
			case 'step-output': {
				// A secret step's output is what it returns: shown and logged as *** only.
				const lines = secretStep ? event.lines.map(() => MASK) : this.masker.lines(event.lines);
				// The screen keeps a command's colours; the log keeps its text.
				this.options.ports.output.write(lines.map(plainText), this.options.ports.clock.now(), `${event.key} | `);
				this.options.session.live(lines === event.lines ? event : {...event, lines});
				return;
			}
			case 'wait-polled':
			case 'notice':
			case 'answer-refused':
				this.options.session.live(this.masker.active ? (this.masker.value(event) as LiveEvent) : event);
				return;
			default:
				assertNever(event);
		}
	}

	/** Appends a line to the run's output log, masked. */
	log(line: string): void {
		this.options.ports.output.write([this.masker.text(line)], this.options.ports.clock.now());
	}

	mask(value: unknown): unknown {
		return this.masker.value(value);
	}

	/** The secret values changed (a secret answer or step result): mask them from now on. */
	secretsChanged(): void {
		const {secrets} = this.options;
		this.secretNames = undefined;
		const values: (string | number)[] = [...secrets.derived];
		for (const value of Object.values(secrets.inputs)) if (value !== undefined) values.push(String(value));
		// What a secret step returned: every string in its value, result and outputs (and each trimmed,
		// as commands print them with a newline that expressions often trim away).
		const collect = (item: unknown): void => {
			if (typeof item === 'string') values.push(item, item.trim());
			// A number of one or two digits (an exit code, a count) says nothing and would mask every digit.
			else if (typeof item === 'number' && String(item).length >= 3) values.push(item);
			else if (Array.isArray(item)) item.forEach(collect);
			else if (item !== null && typeof item === 'object') Object.values(item).forEach(collect);
		};
		for (const value of Object.values(secrets.vars)) collect(value);
		for (const entry of secrets.steps.values()) collect([entry.value, entry.result, entry.outputs]);
		this.masker.update(values);
		this.secretsVersion++;
	}

	at(): string {
		return this.options.ports.clock.now().toISOString();
	}

	/** The scope of step instance `key`; `onRead` hears each step an expression reads. */
	scope(key: string, onRead?: (instance: string) => void): Record<string, unknown> {
		return scopeFor(key, this.state, this.options.loaded.runbook, this.options.secrets, onRead);
	}

	/** How expressions are evaluated now; in a secret step everything they read is secret (its `result` too). */
	evaluation(secretStep = false): EvaluationOptions {
		return {now: this.options.ports.clock.now(), secrets: secretStep ? this.secretTaint : this.taint};
	}

	private readonly secretTaint: SecretTaint = {reads: () => true, found: value => this.taint.found(value)};

	/** A field of the step's definition, evaluated in its scope plus `extra`. */
	evaluate(text: string, key: string, extra: Record<string, unknown> = {}, secretStep = false): Promise<unknown> {
		return evaluateField(text, {...this.scope(key), ...extra}, this.evaluation(secretStep));
	}

	/** The step's resolved request; undefined (with the step failed or shown as unresolvable) when it cannot be resolved. */
	async request(step: Step, key: string, attempt: number): Promise<Record<string, unknown> | undefined> {
		try {
			const read = new Set<string>();
			const scope = this.scope(key, instance => read.add(instance));
			const request = await resolveRequest(step, scope, {...this.evaluation(), cwd: this.options.cwd, runId: this.state.id, key});
			// A dry run never sends a request built from a step it only showed (its fields would be missing).
			const shown = this.state.dryRun ? [...read].filter(instance => this.state.steps[instance]?.skipReason === 'dry-run') : [];
			if (shown.length > 0) {
				await this.record(unresolvedEvent(this.state, key, attempt, shown.map(instance => `steps.${instance}`).join(', '), this.at()));
				return undefined;
			}
			// What the SDK marks sensitive (a password) is a secret from now on.
			const sensitive = await sensitiveInRequest(request, this.options.aws);
			if (addDerived(this.options.secrets, sensitive)) this.secretsChanged();
			return request;
		} catch (error) {
			// Stopped while an expression ran: the step is left as it was, not failed.
			if (await this.stopping()) return undefined;
			await this.record(unresolvedEvent(this.state, key, attempt, (error as Error).message, this.at()));
			return undefined;
		}
	}

	/**
	 * Whether the run is being stopped, once a signal that came in the meantime has been heard: a
	 * long expression runs without letting the event loop in, so its signal waits until it ends.
	 */
	async stopping(): Promise<boolean> {
		await new Promise(resolve => setImmediate(resolve));
		return this.signal.aborted;
	}

	async fail(key: string, attempt: number, message: string, code: string): Promise<void> {
		await this.record({type: 'step-failed', at: this.at(), key, attempt, error: {message, code}, final: true});
	}

	async drive(): Promise<DriveOutcome> {
		const {loaded, ports} = this.options;
		const environment = own(loaded.runbook.environments, this.state.environment ?? '');
		const context = {
			interactive: this.options.interactive,
			protected: environment?.protected ?? false,
			processAlive: (group: {pid: number; host: string}) => ports.probe.isGroupAlive(group),
		};
		try {
			for (;;) {
				// Let signals, timers and the screen in: steps answered at once never leave the microtask queue.
				await new Promise(resolve => setImmediate(resolve));
				if (this.fatal) throw await this.failed(this.fatal);
				if (this.signal.aborted) return await this.interrupted();
				await this.renew();
				if (this.pendingPause) return await this.pause(this.pendingPause);
				const {decisions, open} = nextFrom(this.state, loaded.runbook, context, this.open);
				this.open = open;
				const stop = decisions.find(decision => decision.kind === 'finish' || decision.kind === 'pause');
				if (stop?.kind === 'pause') return await this.pause(stop);
				if (stop?.kind === 'finish') {
					await this.settle();
					if (this.signal.aborted) return await this.interrupted();
					// Reaching the end past failed steps is not a plain success: it says so, and exits 1.
					const failedSteps = stop.status === 'succeeded' ? continuedFailures(this.state) : [];
					await this.record({type: 'run-finished', at: this.at(), status: stop.status, ...(failedSteps.length ? {failedSteps} : {})});
					return {status: stop.status, exitCode: stop.status === 'succeeded' && failedSteps.length === 0 ? 0 : 1, state: this.state};
				}
				const actionable = decisions.filter(
					(decision): decision is Exclude<Decision, {kind: 'finish' | 'in-flight' | 'pause'}> =>
						decision.kind !== 'in-flight' && decision.kind !== 'finish' && decision.kind !== 'pause' && !this.inFlight.has(decision.key),
				);
				if (actionable.length === 0) {
					if (this.inFlight.size === 0) throw new Error('the engine has nothing to do and nothing running');
					await Promise.race(this.inFlight.values());
					continue;
				}
				for (const decision of actionable) {
					if (decision.kind === 'execute') {
						// A step whose events cannot be saved stops the whole drive (see `fatal`).
						const task = executeStep(this, decision)
							.catch((error: unknown) => void (this.fatal ??= error))
							.finally(() => this.inFlight.delete(decision.key));
						this.inFlight.set(decision.key, task);
						continue;
					}
					const paused = decision.kind === 'ask' ? await askQuestion(this, decision) : await actOnStep(this, decision);
					if (paused) return await this.pause(paused);
					if (this.signal.aborted) break;
				}
			}
		} finally {
			ports.output.flush();
		}
	}

	/** What stopped the drive from inside a step (the journal could not be written): waits for the other steps, then rethrows. */
	private async failed(error: unknown): Promise<unknown> {
		while (this.inFlight.size > 0) await Promise.allSettled(this.inFlight.values());
		return error;
	}

	private async renew(): Promise<void> {
		const {lease, clock} = this.options.ports;
		const now = clock.now().getTime();
		if (!lease || now - this.renewedAt < renewEveryMs) return;
		this.renewedAt = now;
		await lease.renew();
	}

	private async pause(on: Pause): Promise<DriveOutcome> {
		await this.settle();
		if (this.signal.aborted) return this.interrupted();
		await this.record({type: 'run-paused', at: this.at(), key: on.key, question: on.question, reason: on.reason});
		return {status: 'paused', exitCode: 3, state: this.state};
	}

	private async settle(): Promise<void> {
		while (this.inFlight.size > 0) await Promise.all(this.inFlight.values());
		// Events recorded without being awaited (a process id) are on disk before the drive ends.
		while (this.writing > 0 || this.queue.length > 0) await (this.gathering ?? this.lastWritten);
	}

	private async interrupted(): Promise<DriveOutcome> {
		await this.settle();
		const reason = this.options.signal.aborted ? this.options.signal.reason : 'lease lost';
		await this.record({type: 'run-interrupted', at: this.at(), signal: String(reason ?? 'SIGINT')});
		return {status: 'interrupted', exitCode: 130, state: this.state};
	}
}
