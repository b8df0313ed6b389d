import {DBInstanceNotFoundFault, RDSServiceException} from '@aws-sdk/client-rds';
import {describe, expect, test} from 'vitest';
import {RequestShapeError} from '../../source/aws/errors.js';
import {classifyPollError, pollError} from '../../source/aws/poll-error.js';

/**
 * What a wait makes of a failed poll, over errors shaped as the SDK throws them: AWS's answers reach
 * `until`/`failWhen` as `error`; throttling, server and network errors are polled again; the rest
 * fail the wait as any failed call does.
 */

const notFound = (): DBInstanceNotFoundFault =>
	Object.assign(new DBInstanceNotFoundFault({message: 'DBInstance lpa-old not found.', $metadata: {httpStatusCode: 404, requestId: 'r-1'}}), {
		Code: 'DBInstanceNotFound',
	});

const service = (name: string, httpStatusCode: number): RDSServiceException =>
	new RDSServiceException({name, $fault: httpStatusCode >= 500 ? 'server' : 'client', message: `${name} happened`, $metadata: {httpStatusCode}});

/** A network error as the SDK's HTTP handler throws it: a plain Error with a system code. */
const network = (code: string): Error => Object.assign(new Error(`connect ${code} 127.0.0.1:1`), {code, $metadata: {attempts: 3}});

describe('classifyPollError', () => {
	test('an error AWS answered (4xx) is for the conditions', () => {
		expect(classifyPollError(notFound())).toBe('answer');
		expect(classifyPollError(service('InvalidDBInstanceState', 400))).toBe('answer');
		expect(classifyPollError(service('AccessDenied', 403))).toBe('answer');
	});

	test('throttling, whatever its status', () => {
		expect(classifyPollError(service('ThrottlingException', 400))).toBe('throttled');
		expect(classifyPollError(service('Throttling', 400))).toBe('throttled');
		expect(classifyPollError(service('SlowDown', 503))).toBe('throttled');
	});

	test('server errors and network errors are transient', () => {
		expect(classifyPollError(service('InternalFailure', 500))).toBe('transient');
		expect(classifyPollError(service('ServiceUnavailable', 503))).toBe('transient');
		expect(classifyPollError(network('ECONNRESET'))).toBe('transient');
		expect(classifyPollError(network('ECONNREFUSED'))).toBe('transient');
		expect(classifyPollError(Object.assign(new Error('socket hang up'), {name: 'TimeoutError'}))).toBe('transient');
		expect(classifyPollError(Object.assign(new Error('fetch failed'), {cause: {code: 'ETIMEDOUT'}}))).toBe('transient');
	});

	test('expired credentials, a request that does not fit, no credentials, anything else: the wait fails as a call does', () => {
		expect(classifyPollError(service('ExpiredTokenException', 400))).toBe('fail');
		expect(classifyPollError(new RequestShapeError('rds', 'DescribeDBInstances', ['DBInstanceIdentifier: expected a string, got a list']))).toBe('fail');
		expect(classifyPollError(Object.assign(new Error('Could not load credentials from any providers'), {name: 'CredentialsProviderError'}))).toBe('fail');
		expect(classifyPollError(new Error('unknown AWS service'))).toBe('fail');
		expect(classifyPollError(undefined)).toBe('fail');
	});
});

describe('pollError: the error as `until` and `failWhen` read it', () => {
	test('name, message, the protocol code and the HTTP status', () => {
		expect(pollError(notFound())).toEqual({name: 'DBInstanceNotFoundFault', message: 'DBInstance lpa-old not found.', code: 'DBInstanceNotFound', statusCode: 404});
	});

	test('no code where the protocol sends none', () => {
		expect(pollError(service('ResourceNotFoundException', 400))).toEqual({name: 'ResourceNotFoundException', message: 'ResourceNotFoundException happened', statusCode: 400});
	});

	test('a network error is named by its system code', () => {
		expect(pollError(network('ECONNRESET'))).toEqual({name: 'ECONNRESET', message: 'connect ECONNRESET 127.0.0.1:1', code: 'ECONNRESET'});
	});
});
