import {CredentialsExpired, errorFacts} from '../aws/errors.js';
import {classifyPollError, pollError, type PollError} from '../aws/poll-error.js';
import type {AwsCallRequest} from '../aws/runtime.js';
import {formatDuration} from '../runbook/duration.js';
import {awsFailure} from './aws.js';
import {StepFailure, type ExecutionContext, type ExecutionResult} from './executor.js';
import {Interrupted} from './shell.js';

const maxThrottleMs = 5 * 60_000;
/** Server or network errors in a row (each after the SDK's own retries) before the wait fails on them. */
const maxTransientInARow = 5;

/**
 * A `wait` step: polls an AWS call at `interval` (with ±10 % jitter) until `until` is true, failing on
 * `failWhen` or `timeout`, reporting `progress` and `message` after every poll.
 *
 * A poll AWS answers with an error (4xx) is read by the conditions as `error`, `result` then
 * undefined (`until: error.name = 'DBInstanceNotFoundFault'`); an error neither condition is true
 * for fails the wait. Throttling, server (5xx) and network errors never reach them: throttling
 * doubles the interval, the others are polled again at the interval (five in a row fail the wait),
 * and the timeout bounds both. Expired credentials surface as CredentialsExpired so the operator can
 * refresh them and the same poll goes on.
 */
export async function runWait(context: ExecutionContext): Promise<ExecutionResult> {
	const {step} = context;
	if (step.kind !== 'wait') throw new Error('not a wait step');
	const wait = step.wait;
	const request = context.request as unknown as AwsCallRequest;
	const started = context.clock.now().getTime();
	const elapsed = (): number => context.clock.now().getTime() - started;
	let attempt = 0;
	let throttledDelay = wait.intervalMs;
	let transientInARow = 0;
	for (;;) {
		if (context.signal.aborted) throw new Interrupted();
		let result: unknown;
		let thrown: unknown;
		let error: PollError | undefined;
		try {
			result = await context.aws.call(request, context.signal);
		} catch (caught) {
			if (context.signal.aborted) throw new Interrupted();
			const kind = classifyPollError(caught);
			if (kind === 'fail' || (kind === 'transient' && ++transientInARow > maxTransientInARow)) throw awsFailure(request, caught);
			if (kind === 'throttled' || kind === 'transient') {
				// Throttled: slow down, doubling the interval. A server or network error: the next poll as usual.
				if (kind === 'throttled') throttledDelay = Math.min(maxThrottleMs, throttledDelay * 2);
				const delay = kind === 'throttled' ? throttledDelay : jitter(wait.intervalMs, context.clock.random());
				const facts = errorFacts(caught);
				if (wait.timeoutMs !== undefined && elapsed() + delay > wait.timeoutMs) {
					throw new StepFailure({
						message: `gave up after ${formatDuration(wait.timeoutMs)} (${attempt} polls answered): the last poll failed with ${facts.code}: ${facts.message}`,
						code: 'Timeout',
						details: {error: pollError(caught)},
					});
				}
				const why = kind === 'throttled' ? 'throttled by AWS' : `${facts.code} (a server or network error)`;
				context.emit({type: 'notice', key: context.key, level: 'warning', message: `${why}; next poll in ${formatDuration(delay)}`});
				await context.sleep(delay);
				continue;
			}
			thrown = caught;
			error = pollError(caught);
		}
		transientInARow = 0;
		throttledDelay = wait.intervalMs;
		attempt++;
		// A poll AWS answered with an error: `until` and `failWhen` read it as `error`, and `result` is undefined.
		const over = error ? {result: undefined, error} : {result};
		const truthy = async (expression: string | undefined): Promise<boolean> =>
			expression !== undefined && isTrue(await context.evaluate(expression, over, 'field'));
		const failed = await truthy(wait.failWhen);
		const done = !failed && (await truthy(wait.until));
		// An error neither condition speaks of fails the wait, as any failed AWS call does.
		if (error && !failed && !done) throw awsFailure(request, thrown);
		const progress = wait.progress === undefined ? undefined : toPercent(await context.evaluate(wait.progress, over, 'field'));
		const message = wait.message === undefined ? undefined : String(await context.evaluate(wait.message, over, 'template'));
		const next = jitter(wait.intervalMs, context.clock.random());
		context.emit({
			type: 'wait-polled',
			key: context.key,
			attempt,
			...(progress !== undefined ? {progress} : {}),
			...(message !== undefined ? {message} : {}),
			nextPollAt: new Date(context.clock.now().getTime() + next).toISOString(),
		});
		const answered = error ? ` ${error.name}` : '';
		context.log(`${context.key} | poll ${attempt}${answered}${progress !== undefined ? ` ${progress}%` : ''}${message ? ` ${message}` : ''}`);
		if (failed) {
			throw new StepFailure({
				message: `the wait ended in failure (failWhen is true)${message ? `: ${message}` : ''}${error ? `; the poll failed with ${error.name}: ${error.message}` : ''}`,
				code: 'WaitFailed',
				details: error ? {error} : {result},
			});
		}
		if (done) return {result};
		if (wait.timeoutMs !== undefined && elapsed() + next > wait.timeoutMs) {
			throw new StepFailure({
				message: `gave up after ${formatDuration(wait.timeoutMs)} (${attempt} polls) without the condition becoming true${message ? `; last: ${message}` : ''}`,
				code: 'Timeout',
				details: {result},
			});
		}
		await context.sleep(next);
	}
}

function isTrue(value: unknown): boolean {
	return value === true || (Array.isArray(value) && value.length > 0 && value.every(item => item === true));
}

function toPercent(value: unknown): number | undefined {
	const number = typeof value === 'number' ? value : Number(value);
	if (!Number.isFinite(number)) return undefined;
	return Math.max(0, Math.min(100, Math.round(number * 10) / 10));
}

/** The interval give or take 10 %, so many waits do not poll in step. */
function jitter(ms: number, random: number): number {
	return Math.max(0, Math.round(ms * (0.9 + random * 0.2)));
}

export {CredentialsExpired};
