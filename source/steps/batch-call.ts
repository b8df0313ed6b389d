import {errorFacts, isThrottling} from '../aws/errors.js';
import type {AwsCallRequest} from '../aws/runtime.js';
import {
	backoffMs,
	batchRule,
	countPending,
	describePending,
	mergeBatchResponses,
	pendingOf,
	retryInput,
	type BatchRule,
} from '../aws/unprocessed.js';
import {formatDuration} from '../runbook/duration.js';
import {StepFailure, type ExecutionContext} from './executor.js';
import {Interrupted} from './shell.js';

type Json = Record<string, unknown>;

/**
 * One AWS call, and for a batch command (unprocessed.ts) its unprocessed items sent again, with
 * exponential back-off and jitter from the run's clock, until none are left; the result is every
 * round's response merged. It gives up, failing the step with how many were left, when the next
 * round would pass the step's timeout or a round fails; a stopped run stops it between rounds.
 * Throttling of a round is backed off and the same items sent again.
 */
export async function callUntilProcessed(context: ExecutionContext, request: AwsCallRequest, signal: AbortSignal): Promise<unknown> {
	const rule = batchRule(request.service, request.command);
	const started = context.clock.now().getTime();
	const first = await context.aws.call(request, signal);
	if (!rule) return first;
	const responses = [first as Json];
	let pending = pendingOf(rule, first);
	for (let round = 0; pending; round++) {
		const left = countPending(rule, pending);
		const delay = backoffMs(round, context.clock.random());
		const timeoutMs = context.step.timeoutMs;
		if (timeoutMs !== undefined && context.clock.now().getTime() - started + delay > timeoutMs) {
			throw gaveUp(request, rule, pending, `before the step's timeout (${formatDuration(timeoutMs)}) ran out`);
		}
		const notice = `${request.service} ${request.command}: ${describePending(rule, left)} left unprocessed; sending ${left === 1 ? 'it' : 'them'} again in ${formatDuration(delay)}`;
		context.emit({type: 'notice', key: context.key, level: 'info', message: notice});
		context.log(`${context.key} | ${notice}`);
		await context.sleep(delay);
		if (context.signal.aborted) throw new Interrupted();
		let response: unknown;
		try {
			response = await context.aws.call({...request, input: retryInput(rule, request.input, pending)}, signal);
		} catch (error) {
			if (context.signal.aborted) throw new Interrupted();
			if (signal.aborted) throw gaveUp(request, rule, pending, "before the step's timeout ran out");
			if (isThrottling(error)) continue;
			const facts = errorFacts(error);
			throw gaveUp(request, rule, pending, `when sending them again failed: ${facts.code}: ${facts.message}`);
		}
		responses.push(response as Json);
		pending = pendingOf(rule, response);
	}
	return mergeBatchResponses(rule, responses);
}

/** The step's failure when unprocessed work is left: how much, of how much, and what to do. */
function gaveUp(request: AwsCallRequest, rule: BatchRule, pending: Json, why: string): StepFailure {
	const left = countPending(rule, pending);
	const sent = request.input[rule.request];
	const total = sent !== null && typeof sent === 'object' ? countPending(rule, sent as Json) : left;
	const done = rule.noun === 'item' ? 'written' : 'read';
	return new StepFailure({
		message:
			`${request.service} ${request.command} left ${describePending(rule, left)} of ${total} unprocessed: ` +
			`they were not ${done} ${why}. Retry the step to send the whole request again` +
			(rule.noun === 'item' ? ' (a put or delete sent twice leaves the same item)' : ''),
		code: 'Unprocessed',
		details: {service: request.service, command: request.command, unprocessed: left, [rule.pending]: pending},
	});
}
