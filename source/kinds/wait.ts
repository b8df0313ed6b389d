import {z} from 'zod';
import {formatDuration, parseDuration} from '../runbook/duration.js';
import {durationNote} from '../runbook/json-schema-notes.js';
import {code} from '../runbook/markdown.js';
import {awsCallSchema, describe, durationSchema, expressionSchema} from '../runbook/schema.js';
import type {AwsCall, StepBase} from '../runbook/types.js';
import {awsCall, awsCallBlock, checkAwsCall, resolveAwsCall} from './aws-call.js';
import type {KindDefinition} from './definition.js';

/** Polls an AWS call until a condition over its result holds. */
export type WaitStep = StepBase & {
	readonly kind: 'wait';
	readonly wait: {
		readonly aws: AwsCall;
		readonly until: string;
		readonly failWhen?: string;
		readonly intervalMs: number;
		readonly timeoutMs?: number;
		readonly progress?: string;
		readonly message?: string;
	};
};

/** The call to poll, and the conditions over its result. */
export const waitBodySchema = z.strictObject({
	aws: awsCallSchema,
	until: describe(expressionSchema, 'Over `result` (and `error` when the poll failed): the wait ends when this is true'),
	failWhen: describe(expressionSchema, 'Over `result` (and `error` when the poll failed): the wait fails when this is true').optional(),
	interval: durationSchema.optional(),
	timeout: durationSchema.optional(),
	progress: describe(expressionSchema, 'Over `result`: percent done, 0-100').optional(),
	message: z.string().optional(),
});

/** The wait kind. */
export const wait = {
	kind: 'wait',
	body: waitBodySchema,
	build(body, {base}) {
		const timeoutMs = body.timeout ? parseDuration(body.timeout) : base.timeoutMs;
		return {
			...base,
			kind: 'wait',
			wait: {
				aws: awsCall(body.aws),
				until: body.until,
				...(body.failWhen ? {failWhen: body.failWhen} : {}),
				intervalMs: body.interval ? parseDuration(body.interval)! : 30_000,
				...(timeoutMs !== undefined ? {timeoutMs} : {}),
				...(body.progress ? {progress: body.progress} : {}),
				...(body.message ? {message: body.message} : {}),
			},
		};
	},
	check(step, {path, expressions, checker, report}) {
		// `error` is the poll's failed call ({name, message, code, statusCode}) when AWS answered with one.
		const withResult = checker.extend(expressions, ['result', 'error']);
		checkAwsCall([...path, 'wait', 'aws'], step.wait.aws, expressions, checker, report);
		checker.field([...path, 'wait', 'until'], step.wait.until, withResult);
		checker.field([...path, 'wait', 'failWhen'], step.wait.failWhen, withResult);
		checker.field([...path, 'wait', 'progress'], step.wait.progress, withResult);
		checker.template([...path, 'wait', 'message'], step.wait.message, withResult);
	},
	async request(step, {scope, options}) {
		return resolveAwsCall(step.wait.aws, scope, options);
	},
	sideEffect: 'read-only',
	operatorQuestion: undefined,
	docs(step) {
		const poll = step.wait;
		const lines = [
			`- **Until:** ${code(poll.until)}`,
			...(poll.failWhen !== undefined ? [`- **Fails when:** ${code(poll.failWhen)}`] : []),
			`- **Polls every:** ${formatDuration(poll.intervalMs)}`,
			...(poll.timeoutMs !== undefined ? [`- **Gives up after:** ${formatDuration(poll.timeoutMs)}`] : []),
			...(poll.progress !== undefined ? [`- **Progress (%):** ${code(poll.progress)}`] : []),
			...(poll.message !== undefined ? [`- **Message:** ${code(poll.message)}`] : []),
		];
		return [
			awsCallBlock(poll.aws),
			`Polled (expressions are over \`result\`, the latest response, and \`error\` when AWS answered the poll with an error):\n\n${lines.join('\n')}`,
		];
	},
	schemaNotes: {
		title: 'wait step',
		description: 'Poll an AWS call until `until` is true (or `failWhen` is); both read `result`, and `error` when AWS answered the poll with one. Read-only.',
		fields: {
			aws: 'The AWS call to poll.',
			until:
				"Expression over `result`: the wait ends when it is true. When AWS answers the poll with an error, `result` is undefined and `error` is `{name, message, code, statusCode}`: `until: error.name = 'DBInstanceNotFoundFault'` waits until an instance is gone. An error neither `until` nor `failWhen` is true for fails the wait; throttling, server and network errors are retried without reaching them.",
			failWhen: 'Expression over `result` (and `error`, as for `until`): the wait fails when it is true.',
			interval: `Time between polls (default 30s): ${durationNote}.`,
			timeout: `Give up after this long: ${durationNote}.`,
			progress: 'Expression over `result`: percent done, 0-100.',
			message: 'Shown while waiting; may hold ${{ }} expressions.',
		},
		awsCalls: ['aws'],
	},
	executor: async () => (await import('../steps/wait.js')).runWait,
} satisfies KindDefinition<'wait', z.output<typeof waitBodySchema>>;
