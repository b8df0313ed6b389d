import {appendFileSync} from 'node:fs';
import {evaluateField, resolveValue} from '../expressions/evaluate.js';
import type {LoadedRunbook, Step} from '../runbook/types.js';
import {StepFailure, type ExecutionContext, type Executor} from '../steps/executor.js';
import {Interrupted} from '../steps/shell.js';
import {checkAnswer} from './answers.js';
import type {LiveEvent, QuestionType, RunEvent, StepError} from './events.js';
import {hostname} from 'node:os';
import type {FrontEnd} from './front-end.js';
import {maskSecrets, maskWhole, MASK} from './mask.js';
import {next, type Decision} from './next.js';
import {reduce} from './reduce.js';
import {resolveRequest} from './request.js';
import {scopeFor, type Secrets} from './scope.js';
import type {RunState} from './state.js';
import type {Journal} from '../store/journal.js';
import {isAlive} from '../store/lock.js';
import type {AwsRuntime} from '../aws/runtime.js';
import {CredentialsExpired} from '../aws/errors.js';
import {evaluateTemplate} from '../expressions/evaluate.js';

export type Clock = {
	now(): Date;
	sleep(ms: number, signal: AbortSignal): Promise<void>;
};

export const systemClock: Clock = {
	now: () => new Date(),
	sleep: (ms, signal) =>
		new Promise(resolve => {
			if (ms <= 0 || signal.aborted) return resolve();
			const timer = setTimeout(done, ms);
			function done(): void {
				clearTimeout(timer);
				signal.removeEventListener('abort', done);
				resolve();
			}
			signal.addEventListener('abort', done, {once: true});
		}),
};

export type Executors = (step: Step) => Promise<Executor>;

export type DriverOptions = {
	readonly loaded: LoadedRunbook;
	readonly journal: Journal;
	readonly frontEnd: FrontEnd;
	readonly secrets: Secrets;
	readonly interactive: boolean;
	readonly cwd: string;
	readonly env: NodeJS.ProcessEnv;
	readonly logPath: string;
	readonly signal: AbortSignal;
	readonly executors: Executors;
	readonly aws: AwsRuntime;
	/** The environment shell steps get: the operator's, with the run's AWS identity on top. */
	readonly shellEnv: () => Promise<NodeJS.ProcessEnv>;
	readonly clock?: Clock;
};

export type DriveOutcome = {
	readonly status: 'succeeded' | 'failed' | 'aborted' | 'paused' | 'interrupted';
	readonly exitCode: 0 | 1 | 3 | 130;
	readonly state: RunState;
};

/** Drives a run from its current state until it finishes, fails, pauses or is interrupted. */
export class Driver {
	private state: RunState;
	private readonly inFlight = new Map<string, Promise<void>>();
	/** Set by a step that cannot go on without the operator (expired credentials while headless). */
	private pendingPause: {key: string; question: QuestionType; reason: string} | undefined;
	private readonly clock: Clock;

	constructor(
		state: RunState,
		private readonly options: DriverOptions,
	) {
		this.state = state;
		this.clock = options.clock ?? systemClock;
	}

	get current(): RunState {
		return this.state;
	}

	/** Journals an event (durably) and tells the front end. */
	record(event: RunEvent): void {
		this.options.journal.append(event);
		this.state = reduce(this.state, event);
		this.options.frontEnd.event(event, this.state);
	}

	/** Live output and notices: secret values are masked before a screen sees them. */
	private live(event: LiveEvent): void {
		if (event.type === 'process-started') {
			this.record({type: 'step-process', at: this.at(), key: event.key, pid: event.pid, host: hostname()});
			return;
		}
		const secrets = this.secretValues();
		const shown = secrets.length === 0 ? event : (maskSecrets(event, secrets) as LiveEvent);
		this.options.frontEnd.event(shown, this.state);
	}

	private log(line: string): void {
		try {
			const masked = maskSecrets(line, this.secretValues()) as string;
			appendFileSync(this.options.logPath, `${this.clock.now().toISOString()} ${masked}\n`, {mode: 0o600});
		} catch {}
	}

	private at(): string {
		return this.clock.now().toISOString();
	}

	async drive(): Promise<DriveOutcome> {
		const {loaded, signal} = this.options;
		const environment = loaded.runbook.environments[this.state.environment ?? ''];
		const context = {interactive: this.options.interactive, protected: environment?.protected ?? false};
		for (;;) {
			if (signal.aborted) return this.interrupted();
			if (this.pendingPause) return this.pause(this.pendingPause);
			const decisions = next(this.state, loaded.runbook, context);
			const finish = decisions.find(decision => decision.kind === 'finish');
			if (finish && finish.kind === 'finish') {
				await this.settle();
				if (signal.aborted) return this.interrupted();
				const status = finish.status;
				this.record({type: 'run-finished', at: this.at(), status});
				return {status, exitCode: status === 'succeeded' ? 0 : 1, state: this.state};
			}
			const actionable = decisions.filter(
				(decision): decision is Exclude<Decision, {kind: 'finish' | 'in-flight'}> =>
					decision.kind !== 'finish' && decision.kind !== 'in-flight' && !this.inFlight.has(decision.key),
			);
			if (actionable.length === 0) {
				if (this.inFlight.size === 0) throw new Error('the engine has nothing to do and nothing running');
				await Promise.race(this.inFlight.values());
				if (this.pendingPause) return this.pause(this.pendingPause);
				continue;
			}
			for (const decision of actionable) {
				const paused = await this.act(decision);
				if (paused) {
					await this.settle();
					if (signal.aborted) return this.interrupted();
					this.record({type: 'run-paused', at: this.at(), key: decision.key, question: paused.question, reason: paused.reason});
					return {status: 'paused', exitCode: 3, state: this.state};
				}
				if (signal.aborted) break;
			}
		}
	}

	private async pause(on: {key: string; question: QuestionType; reason: string}): Promise<DriveOutcome> {
		await this.settle();
		if (this.options.signal.aborted) return this.interrupted();
		this.record({type: 'run-paused', at: this.at(), key: on.key, question: on.question, reason: on.reason});
		return {status: 'paused', exitCode: 3, state: this.state};
	}

	private async settle(): Promise<void> {
		while (this.inFlight.size > 0) await Promise.all(this.inFlight.values());
	}

	private async interrupted(): Promise<DriveOutcome> {
		await this.settle();
		this.record({type: 'run-interrupted', at: this.at(), signal: String(this.options.signal.reason ?? 'SIGINT')});
		return {status: 'interrupted', exitCode: 130, state: this.state};
	}

	private scope(key: string): Record<string, unknown> {
		return scopeFor(key, this.state, this.options.loaded.runbook, this.options.secrets);
	}

	private evaluation(): {now: Date} {
		return {now: this.clock.now()};
	}

	/** Acts on one decision; returns the question when the run must pause for an answer. */
	private async act(decision: Decision): Promise<{question: Extract<Decision, {kind: 'ask'}>['question']; reason: string} | undefined> {
		switch (decision.kind) {
			case 'check': {
				const {step, key} = decision;
				try {
					const value = await evaluateField(String(step.when), this.scope(key), this.evaluation());
					if (value === true || (value !== false && value !== undefined && value !== null && value !== '' && value !== 0)) {
						this.record({type: 'step-checked', at: this.at(), key});
					} else {
						this.record({type: 'step-skipped', at: this.at(), key, reason: 'when'});
					}
				} catch (error) {
					this.fail(key, 1, {message: `when: ${(error as Error).message}`, code: 'Expression'}, true);
				}
				return undefined;
			}
			case 'expand': {
				const {step, key} = decision;
				if (step.kind !== 'foreach') return undefined;
				try {
					const items =
						typeof step.foreach.items === 'string'
							? await evaluateField(step.foreach.items, this.scope(key), this.evaluation())
							: await resolveValue(step.foreach.items, this.scope(key), this.evaluation());
					const list = items === undefined ? [] : Array.isArray(items) ? items : [items];
					this.record({type: 'foreach-expanded', at: this.at(), key, items: list});
				} catch (error) {
					this.fail(key, 1, {message: `items: ${(error as Error).message}`, code: 'Expression'}, true);
				}
				return undefined;
			}
			case 'complete-foreach': {
				const {step, key} = decision;
				if (step.kind !== 'foreach') return undefined;
				const items = this.state.steps[key]?.items ?? [];
				const result = items.map((item, index) => {
					const steps: Record<string, unknown> = {};
					for (const inner of step.foreach.steps) {
						const state = this.state.steps[`${key}[${index}].${inner.id}`];
						steps[inner.id] = {status: state?.status ?? 'pending', value: state?.value, result: state?.result, outputs: state?.outputs ?? {}};
					}
					return {item, index, steps};
				});
				this.record({type: 'step-succeeded', at: this.at(), key, result, outputs: await this.outputs(step, key, result)});
				return undefined;
			}
			case 'dry-run': {
				const request = await this.request(decision.step, decision.key, 1);
				if (request) {
					this.record({type: 'step-skipped', at: this.at(), key: decision.key, reason: 'dry-run', request: this.mask(decision.step, request)});
				}
				return undefined;
			}
			case 'list-options':
				await this.listOptions(decision.step, decision.key);
				return undefined;
			case 'ask':
				return this.ask(decision);
			case 'execute': {
				const task = this.execute(decision).finally(() => this.inFlight.delete(decision.key));
				this.inFlight.set(decision.key, task);
				return undefined;
			}
			case 'in-flight':
			case 'finish':
				return undefined;
		}
	}

	/** A select `from:` an AWS call: the call is made once and its options recorded. */
	private async listOptions(step: Step, key: string): Promise<void> {
		if (step.kind !== 'select' || !('from' in step.select)) return;
		const select = step.select;
		const request = await this.request(step, key, 1);
		if (!request) return;
		let result: unknown;
		try {
			result = await this.options.aws.call(request['from'] as Parameters<AwsRuntime['call']>[0], this.options.signal);
		} catch (error) {
			if (this.options.signal.aborted) return;
			const {awsFailure} = await import('../steps/aws.js');
			const failure = awsFailure(request['from'] as Parameters<typeof awsFailure>[0], error);
			const stepError = failure instanceof StepFailure ? failure.error : {message: failure.message, code: 'CredentialsExpired'};
			this.fail(key, 1, stepError, true);
			return;
		}
		// The call succeeded: a failure from here on is the runbook's expressions, not AWS.
		try {
			const scope = {...this.scope(key), result};
			const items = await evaluateField(select.items, scope, this.evaluation());
			const list = items === undefined ? [] : Array.isArray(items) ? items : [items];
			const options: {label: string; value: unknown}[] = [];
			for (const item of list) {
				const value = select.value ? await evaluateField(select.value, {...scope, item}, this.evaluation()) : item;
				const label = select.label ? await evaluateField(select.label, {...scope, item}, this.evaluation()) : value;
				options.push({label: typeof label === 'string' ? label : JSON.stringify(label), value});
			}
			if (options.length === 0) {
				this.fail(key, 1, {message: `${String((request['from'] as {command: string}).command)} returned nothing to choose from`, code: 'NoOptions'}, true);
				return;
			}
			this.record({type: 'options-listed', at: this.at(), key, options});
		} catch (error) {
			this.fail(key, 1, {message: `options: ${(error as Error).message}`, code: 'Expression'}, true);
		}
	}

	private async request(step: Step, key: string, attempt: number): Promise<Record<string, unknown> | undefined> {
		try {
			return await resolveRequest(step, this.scope(key), {...this.evaluation(), cwd: this.options.cwd, runId: this.state.id, key});
		} catch (error) {
			const message = (error as Error).message;
			const shownOnly = Object.values(this.state.steps).some(other => other.skipReason === 'dry-run');
			if (this.state.dryRun && shownOnly) {
				// A rehearsal: the value comes from a step that was shown, not performed, so this step
				// cannot be resolved either. Show it as such instead of failing the dry run.
				this.record({type: 'step-skipped', at: this.at(), key, reason: 'dry-run', request: {unresolved: message}});
				return undefined;
			}
			this.fail(key, attempt, {message, code: 'Expression'}, true);
			return undefined;
		}
	}

	private async ask(decision: Extract<Decision, {kind: 'ask'}>): Promise<{question: typeof decision.question; reason: string} | undefined> {
		const {step, key, question} = decision;
		const stepState = this.state.steps[key];
		const request = question === 'resume' || question === 'failure' ? ((stepState?.request as Record<string, unknown>) ?? {}) : await this.request(step, key, 1);
		if (!request) return undefined;
		let refused: string | undefined;
		for (let tries = 0; tries < 5; tries++) {
			const answer = await this.options.frontEnd.ask(
				{
					key,
					step,
					question,
					request,
					...(stepState?.options ? {options: stepState.options} : {}),
					...(stepState?.error ? {error: stepState.error} : {}),
					...(refused ? {refused} : {}),
				},
				this.state,
			);
			if (this.options.signal.aborted) return undefined;
			if (!answer) return {question, reason: refused ?? `needs an answer (${question})`};
			const checked = checkAnswer(question, answer.value, {
				step,
				request,
				operator: this.state.operator,
				pair: this.state.pair,
				...(stepState?.options ? {options: stepState.options} : {}),
			});
			if (!checked.ok) {
				refused = checked.reason;
				continue;
			}
			const secret = step.secret || (step.kind === 'input' && step.input.secret);
			if (secret && (question === 'input' || question === 'select')) {
				this.options.secrets.steps.set(key, {value: checked.value, result: checked.value});
			}
			this.record({
				type: 'operator-answered',
				at: this.at(),
				key,
				question,
				answer: secret && (question === 'input' || question === 'select') ? MASK : checked.value,
				by: answer.by,
			});
			return undefined;
		}
		return {question, reason: refused ?? 'no acceptable answer'};
	}

	private fail(key: string, attempt: number, error: StepError, final: boolean): void {
		this.record({type: 'step-failed', at: this.at(), key, attempt, error, final});
	}

	private secretValues(): string[] {
		const values: string[] = [];
		for (const value of Object.values(this.options.secrets.inputs)) if (value !== undefined) values.push(String(value));
		for (const value of Object.values(this.options.secrets.vars)) if (typeof value === 'string') values.push(value);
		// What a secret step returned: every string in its value, result and outputs (and each trimmed,
		// as commands print them with a newline that expressions often trim away).
		const collect = (item: unknown): void => {
			if (typeof item === 'string') values.push(item, item.trim());
			else if (Array.isArray(item)) item.forEach(collect);
			else if (item !== null && typeof item === 'object') Object.values(item).forEach(collect);
		};
		for (const entry of this.options.secrets.steps.values()) collect([entry.value, entry.result, entry.outputs]);
		return values;
	}

	private mask(step: Step, value: unknown): unknown {
		return maskSecrets(value, this.secretValues());
	}

	private async outputs(step: Step, key: string, result: unknown): Promise<Record<string, unknown>> {
		const outputs: Record<string, unknown> = {};
		const scope = {...this.scope(key), result};
		for (const [name, expression] of Object.entries(step.outputs)) {
			outputs[name] = await evaluateField(expression, scope, this.evaluation());
		}
		return outputs;
	}

	/**
	 * Runs an executor; when a wait meets expired credentials, asks the operator to refresh them and
	 * goes on with the same poll. Without an operator the run pauses; resuming re-attaches the wait.
	 */
	private async withCredentials(step: Step, key: string, run: () => Promise<{result: unknown; value?: unknown}>): Promise<{result: unknown; value?: unknown}> {
		for (;;) {
			try {
				return await run();
			} catch (error) {
				if (!(error instanceof CredentialsExpired)) throw error;
				const reason = `${error.message}. Refresh the credentials (aws sso login, a new aws-vault session), then continue`;
				this.live({type: 'notice', key, level: 'warning', message: reason});
				if (step.kind !== 'wait') throw new StepFailure({message: `${reason}; the call was refused, so retrying it is safe`, code: error.facts.code});
				const answer = await this.options.frontEnd.ask(
					{key, step, question: 'credentials', request: (this.state.steps[key]?.request as Record<string, unknown>) ?? {}, refused: reason},
					this.state,
				);
				if (this.options.signal.aborted) throw new Interrupted();
				if (!answer) {
					this.pendingPause = {key, question: 'credentials', reason: `${error.message}; refresh the credentials and resume: the wait re-attaches to the same poll`};
					throw new CredentialsPause();
				}
				this.record({type: 'operator-answered', at: this.at(), key, question: 'credentials', answer: 'refreshed', by: answer.by});
				this.options.aws.reset();
			}
		}
	}

	private async execute(decision: Extract<Decision, {kind: 'execute'}>): Promise<void> {
		const {step, key, attempt} = decision;
		if (decision.notBefore !== undefined) {
			await this.clock.sleep(decision.notBefore - this.clock.now().getTime(), this.options.signal);
			if (this.options.signal.aborted) return;
		}
		const previous = this.state.steps[key];
		if (previous?.status === 'interrupted' && previous.process && stillRunning(previous.process)) {
			// belay was killed while this command ran; it has not stopped. Running it again now would
			// run it twice at once.
			const {pid} = previous.process;
			this.pendingPause = {
				key,
				question: 'resume',
				reason: `the command of step ${key} from the interrupted run is still running (process group ${pid}); wait for it to end, or stop it with: kill -TERM -${pid}; then resume`,
			};
			return;
		}
		const request =
			decision.reattach && previous?.request && typeof previous.request === 'object'
				? (previous.request as Record<string, unknown>)
				: await this.request(step, key, attempt);
		if (!request) return;
		this.record({type: 'step-started', at: this.at(), key, attempt, request: this.mask(step, request)});
		const context: ExecutionContext = {
			key,
			step,
			attempt,
			request,
			answers: this.state.steps[key]?.answers ?? {},
			signal: this.options.signal,
			env: this.options.env,
			cwd: this.options.cwd,
			runId: this.state.id,
			// A secret step's output is what it returns: shown and logged as *** only.
			emit: event => this.live(step.secret && event.type === 'step-output' ? {...event, line: MASK} : event),
			log: line => this.log(step.secret ? `${key} | ${MASK}` : line),
			reattach: decision.reattach,
			aws: this.options.aws,
			evaluate: (text, extra, mode) => {
				const scope = {...this.scope(key), ...extra};
				return mode === 'field' ? evaluateField(text, scope, this.evaluation()) : evaluateTemplate(text, scope, this.evaluation());
			},
			sleep: ms => this.clock.sleep(ms, this.options.signal),
		};
		let outcome: {result: unknown; value?: unknown};
		try {
			const executor = await this.options.executors(step);
			const env = step.kind === 'shell' ? await this.options.shellEnv() : context.env;
			outcome = await this.withCredentials(step, key, () => executor({...context, env}));
		} catch (error) {
			if (error instanceof Interrupted || this.options.signal.aborted) return;
			if (error instanceof CredentialsPause) return;
			const stepError: StepError =
				error instanceof StepFailure ? error.error : {message: (error as Error).message ?? String(error)};
			const final = !step.retry || attempt >= step.retry.attempts;
			// A secret step's output is secret: its failure keeps the first line only.
			const shown = step.secret
				? {message: `${stepError.message.split('\n')[0]!.replace(/; last lines:$/, '')} (output hidden: the step is secret)`, ...(stepError.code ? {code: stepError.code} : {})}
				: stepError;
			this.log(`${key} failed (attempt ${attempt}): ${shown.message}`);
			this.fail(key, attempt, maskSecrets(shown, this.secretValues()) as StepError, final);
			return;
		}
		let outputs: Record<string, unknown>;
		try {
			outputs = await this.outputs(step, key, outcome.result);
		} catch (error) {
			this.fail(key, attempt, {message: `outputs: ${(error as Error).message}`, code: 'Expression'}, true);
			return;
		}
		if (step.secret) {
			this.options.secrets.steps.set(key, {value: outcome.value, result: outcome.result, outputs});
			this.record({
				type: 'step-succeeded',
				at: this.at(),
				key,
				result: maskWhole(outcome.result),
				outputs: maskWhole(outputs) as Record<string, unknown>,
				...(outcome.value !== undefined ? {value: MASK} : {}),
			});
			return;
		}
		const secrets = this.secretValues();
		this.record({
			type: 'step-succeeded',
			at: this.at(),
			key,
			result: maskSecrets(outcome.result, secrets),
			outputs: maskSecrets(outputs, secrets) as Record<string, unknown>,
			...(outcome.value !== undefined ? {value: maskSecrets(outcome.value, secrets)} : {}),
		});
	}
}

/** A step left running because the run pauses for refreshed credentials. */
class CredentialsPause extends Error {}

/** Whether a process group recorded on this host still has a live member. */
function stillRunning(group: {pid: number; host: string}): boolean {
	return group.host === hostname() && isAlive(-group.pid);
}
