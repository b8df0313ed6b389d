import {CredentialsExpired} from '../aws/errors.js';
import {evaluateField, evaluateTemplate} from '../expressions/evaluate.js';
import type {Step} from '../runbook/types.js';
import {StepFailure, type ExecutionContext, type ExecutionResult} from '../steps/executor.js';
import {Interrupted} from '../steps/shell.js';
import {stepOutputs} from './act.js';
import {ask} from './ask.js';
import type {StepError} from './events.js';
import {MASK} from './masker.js';
import {maskWhole} from './mask.js';
import {isFinalFailure, type Decision} from './next.js';
import type {Driver} from './run.js';
import {isMutating} from './side-effects.js';
import {plainValue} from './plain-text.js';

/** Runs one step's executor and journals what came of it. */
export async function executeStep(driver: Driver, decision: Extract<Decision, {kind: 'execute'}>): Promise<void> {
	const {step, key, attempt} = decision;
	const {clock} = driver.options.ports;
	if (decision.notBefore !== undefined) {
		await clock.sleep(decision.notBefore - clock.now().getTime(), driver.signal);
		if (driver.signal.aborted) return;
	}
	const previous = driver.current.steps[key];
	const request =
		decision.reattach && previous?.request && typeof previous.request === 'object'
			? (previous.request as Record<string, unknown>)
			: await driver.request(step, key, attempt);
	if (!request) return;
	// A step that changes things (idempotent or not) acts only once its start is on disk, so the journal
	// holds every change made. One that only reads (a wait, a Describe) does not wait for the disk:
	// lost in a crash, it just reads again on resume.
	const reads = step.kind === 'wait' || !isMutating(step);
	const started = driver.record({type: 'step-started', at: driver.at(), key, attempt, request: driver.mask(request)}, reads ? 'soon' : 'now');
	if (reads) started.catch(() => {});
	else await started;
	const context: ExecutionContext = {
		key,
		step,
		attempt,
		request,
		answers: driver.current.steps[key]?.answers ?? {},
		signal: driver.signal,
		env: driver.options.env,
		cwd: driver.options.cwd,
		runId: driver.current.id,
		emit: event => driver.live(event, step.secret),
		log: line => driver.log(step.secret ? `${key} | ${MASK}` : line),
		reattach: decision.reattach,
		aws: driver.options.aws,
		evaluate: (text, extra, mode) => {
			const scope = {...driver.scope(key), ...extra};
			const options = driver.evaluation(step.secret);
			return mode === 'field' ? evaluateField(text, scope, options) : evaluateTemplate(text, scope, options);
		},
		sleep: ms => clock.sleep(ms, driver.signal),
		clock,
	};
	let outcome: ExecutionResult;
	try {
		const executor = await driver.options.executors(step);
		const env = step.kind === 'shell' ? await driver.options.shellEnv() : context.env;
		outcome = await withCredentials(driver, step, key, () => executor({...context, env}));
	} catch (error) {
		if (error instanceof Interrupted || (await driver.stopping())) return;
		if (error instanceof CredentialsPause) return;
		const stepError: StepError = plainValue(error instanceof StepFailure ? error.error : {message: (error as Error).message ?? String(error)});
		// A secret step's output is secret: its failure keeps the first line only.
		const shown = step.secret
			? {message: `${stepError.message.split('\n')[0]!.replace(/; last lines:$/, '')} (output hidden: the step is secret)`, ...(stepError.code ? {code: stepError.code} : {})}
			: stepError;
		driver.log(`${key} failed (attempt ${attempt}): ${shown.message}`);
		driver.recordInOrder({type: 'step-failed', at: driver.at(), key, attempt, error: driver.mask(shown) as StepError, final: isFinalFailure(step, attempt)});
		return;
	}
	// A command's colours stay on the screen; what is journaled is its text.
	if (step.kind === 'shell') outcome = {...outcome, result: plainValue(outcome.result)};
	let outputs: Record<string, unknown>;
	try {
		outputs = await stepOutputs(driver, step, key, outcome.result);
	} catch (error) {
		await driver.fail(key, attempt, `outputs: ${(error as Error).message}`, 'Expression');
		return;
	}
	if (step.secret) {
		driver.options.secrets.steps.set(key, {value: outcome.value, result: outcome.result, outputs});
		driver.secretsChanged();
		driver.recordInOrder({
			type: 'step-succeeded',
			at: driver.at(),
			key,
			result: maskWhole(outcome.result),
			outputs: maskWhole(outputs) as Record<string, unknown>,
			...(outcome.value !== undefined ? {value: MASK} : {}),
		});
		return;
	}
	const succeeded = {
		type: 'step-succeeded' as const,
		at: driver.at(),
		key,
		result: driver.mask(outcome.result),
		outputs: driver.mask(outputs) as Record<string, unknown>,
		...(outcome.value !== undefined ? {value: driver.mask(outcome.value)} : {}),
	};
	// A result holding a secret is journaled masked; this process's later steps still read it in clear.
	const touched = succeeded.result !== outcome.result || succeeded.outputs !== outputs || succeeded.value !== outcome.value;
	if (touched && JSON.stringify([succeeded.result, succeeded.outputs, succeeded.value]) !== JSON.stringify([outcome.result, outputs, outcome.value])) {
		driver.options.secrets.clear.set(key, {value: outcome.value, result: outcome.result, outputs});
	}
	driver.recordInOrder(succeeded);
}

/** A step left running because the run pauses for refreshed credentials. */
class CredentialsPause extends Error {}

/**
 * Runs an executor; when a wait meets expired credentials, asks the operator to refresh them and
 * goes on with the same poll. Without an operator the run pauses; resuming re-attaches the wait.
 */
async function withCredentials(driver: Driver, step: Step, key: string, run: () => Promise<ExecutionResult>): Promise<ExecutionResult> {
	for (;;) {
		try {
			return await run();
		} catch (error) {
			if (!(error instanceof CredentialsExpired)) throw error;
			const reason = `${error.message}. Refresh the credentials (aws sso login, a new aws-vault session), then continue`;
			driver.live({type: 'notice', key, level: 'warning', message: reason});
			if (step.kind !== 'wait') throw new StepFailure({message: `${reason}; the call was refused, so retrying it is safe`, code: error.facts.code});
			const request = (driver.current.steps[key]?.request as Record<string, unknown> | undefined) ?? {title: step.title};
			const reply = await ask(driver, step, key, 'credentials', request, reason);
			if (reply.kind === 'stopped' || driver.signal.aborted) throw new Interrupted();
			if (reply.kind === 'paused') {
				driver.pendingPause = {key, question: 'credentials', reason: `${error.message}; refresh the credentials and resume: the wait re-attaches to the same poll`};
				throw new CredentialsPause();
			}
			await driver.record({type: 'operator-answered', at: driver.at(), key, question: 'credentials', answer: 'refreshed', by: reply.by});
			driver.options.aws.reset();
		}
	}
}
