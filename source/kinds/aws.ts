import type {z} from 'zod';
import {isReadOnlyCommand} from '../aws/catalog.js';
import {withIdempotencyToken} from '../aws/runtime.js';
import {awsCallNotes} from '../runbook/json-schema-notes.js';
import {awsCallSchema} from '../runbook/schema.js';
import type {AwsCall, StepBase} from '../runbook/types.js';
import {awsCall, awsCallBlock, checkAwsCall, resolveAwsCall} from './aws-call.js';
import type {KindDefinition} from './definition.js';

/** Calls one command of an AWS SDK v3 client; the result is the response. */
export type AwsStep = StepBase & {readonly kind: 'aws'; readonly aws: AwsCall};

/** The aws kind. */
export const aws = {
	kind: 'aws',
	body: awsCallSchema,
	build(body, {base}) {
		return {...base, kind: 'aws', aws: awsCall(body)};
	},
	check(step, {path, expressions, checker, report}) {
		checkAwsCall([...path, 'aws'], step.aws, expressions, checker, report);
	},
	async request(step, {scope, options}) {
		const call = await resolveAwsCall(step.aws, scope, options);
		const input = call['input'] as Record<string, unknown>;
		return {...call, input: withIdempotencyToken(step.aws.service, step.aws.command, input, options.runId, options.key)};
	},
	sideEffect: step => (isReadOnlyCommand(step.aws.command) ? 'read-only' : 'mutating'),
	operatorQuestion: undefined,
	docs(step) {
		return [awsCallBlock(step.aws)];
	},
	schemaNotes: {
		title: 'aws step',
		description:
			'Call a command of an AWS SDK v3 client; the result is the response. Read-only for Describe/List/Get/Scan/Query/BatchGet/TransactGet/Head/Lookup/Search/Check/Validate commands, else mutating. DynamoDB BatchWriteItem and BatchGetItem (and the document client\'s BatchWrite and BatchGet) send their unprocessed items again until none are left.',
		fields: awsCallNotes,
		awsCalls: [''],
	},
	executor: async () => (await import('../steps/aws.js')).runAws,
} satisfies KindDefinition<'aws', z.output<typeof awsCallSchema>>;
