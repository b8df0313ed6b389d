import {CredentialsExpired, isThrottling} from '../aws/errors.js';
import type {AwsCallRequest} from '../aws/runtime.js';
import {formatDuration} from '../runbook/duration.js';
import {awsFailure} from './aws.js';
import {StepFailure, type ExecutionContext, type ExecutionResult} from './executor.js';
import {Interrupted} from './shell.js';

const maxThrottleMs = 5 * 60_000;

/**
 * A `wait` step: polls an AWS call at `interval` (with ±10 % jitter) until `until` is true, failing on
 * `failWhen` or `timeout`, reporting `progress` and `message` after every poll. Throttling backs off;
 * expired credentials surface as CredentialsExpired so the operator can refresh them and the same
 * poll goes on.
 */
export async function runWait(context: ExecutionContext): Promise<ExecutionResult> {
	const {step} = context;
	if (step.kind !== 'wait') throw new Error('not a wait step');
	const wait = step.wait;
	const request = context.request as unknown as AwsCallRequest;
	const started = context.clock.now().getTime();
	let attempt = 0;
	let delay = wait.intervalMs;
	for (;;) {
		if (context.signal.aborted) throw new Interrupted();
		let result: unknown;
		try {
			result = await context.aws.call(request, context.signal);
		} catch (error) {
			if (context.signal.aborted) throw new Interrupted();
			if (isThrottling(error)) {
				delay = Math.min(maxThrottleMs, delay * 2);
				context.emit({type: 'notice', key: context.key, level: 'warning', message: `throttled by AWS; next poll in ${formatDuration(delay)}`});
				await context.sleep(delay);
				continue;
			}
			const failure = awsFailure(request, error);
			throw failure;
		}
		delay = wait.intervalMs;
		attempt++;
		const truthy = async (expression: string | undefined): Promise<boolean> =>
			expression !== undefined && isTrue(await context.evaluate(expression, {result}, 'field'));
		const failed = await truthy(wait.failWhen);
		const done = !failed && (await truthy(wait.until));
		const progress = wait.progress === undefined ? undefined : toPercent(await context.evaluate(wait.progress, {result}, 'field'));
		const message = wait.message === undefined ? undefined : String(await context.evaluate(wait.message, {result}, 'template'));
		const next = jitter(wait.intervalMs, context.clock.random());
		context.emit({
			type: 'wait-polled',
			key: context.key,
			attempt,
			...(progress !== undefined ? {progress} : {}),
			...(message !== undefined ? {message} : {}),
			nextPollAt: new Date(context.clock.now().getTime() + next).toISOString(),
		});
		context.log(`${context.key} | poll ${attempt}${progress !== undefined ? ` ${progress}%` : ''}${message ? ` ${message}` : ''}`);
		if (failed) {
			throw new StepFailure({
				message: `the wait ended in failure (failWhen is true)${message ? `: ${message}` : ''}`,
				code: 'WaitFailed',
				details: {result},
			});
		}
		if (done) return {result};
		if (wait.timeoutMs !== undefined && context.clock.now().getTime() - started + next > wait.timeoutMs) {
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
