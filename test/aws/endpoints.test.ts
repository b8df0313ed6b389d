import {describe, expect, test} from 'vitest';
import {endpointConfig, endpointVariable, endpointVariables, resolveEndpoint} from '../../source/aws/endpoints.js';
import {awsServices} from '../../source/aws/catalog.js';
import {epochTimestamps} from '../../source/aws/legacy-timestamps.js';

/** Which endpoint each client gets: pure rules over the environment's `endpoints:` and the variables. */

describe('resolveEndpoint: endpoints: key, then AWS_ENDPOINT_URL_<SERVICE>, then AWS_ENDPOINT_URL', () => {
	const env = {AWS_ENDPOINT_URL: 'http://all:1', AWS_ENDPOINT_URL_OSIS: 'http://osis:2'};

	test('the variable suffix is the SDK service id, upper-cased, spaces as underscores', () => {
		expect(endpointVariable('OSIS')).toBe('AWS_ENDPOINT_URL_OSIS');
		expect(endpointVariable('DynamoDB')).toBe('AWS_ENDPOINT_URL_DYNAMODB');
		expect(endpointVariable('Elastic Beanstalk')).toBe('AWS_ENDPOINT_URL_ELASTIC_BEANSTALK');
	});

	test('each supported service has its variable', () => {
		const variables: Record<string, string> = {'dynamodb-document': 'AWS_ENDPOINT_URL_DYNAMODB', elasticbeanstalk: 'AWS_ENDPOINT_URL_ELASTIC_BEANSTALK'};
		const variable = (service: string): string => variables[service] ?? `AWS_ENDPOINT_URL_${service.toUpperCase()}`;
		const names = Object.fromEntries(awsServices.map(service => [service, resolveEndpoint(service, {}, {[variable(service)]: 'http://x:1'})?.from]));
		expect(names).toEqual({
			dynamodb: 'AWS_ENDPOINT_URL_DYNAMODB',
			'dynamodb-document': 'AWS_ENDPOINT_URL_DYNAMODB',
			backup: 'AWS_ENDPOINT_URL_BACKUP',
			osis: 'AWS_ENDPOINT_URL_OSIS',
			opensearch: 'AWS_ENDPOINT_URL_OPENSEARCH',
			rds: 'AWS_ENDPOINT_URL_RDS',
			sts: 'AWS_ENDPOINT_URL_STS',
			kms: 'AWS_ENDPOINT_URL_KMS',
			s3: 'AWS_ENDPOINT_URL_S3',
			elasticbeanstalk: 'AWS_ENDPOINT_URL_ELASTIC_BEANSTALK',
		});
	});

	test('the service variable wins over the general one; the general one serves the rest', () => {
		expect(resolveEndpoint('osis', {}, env)).toEqual({url: 'http://osis:2', from: 'AWS_ENDPOINT_URL_OSIS'});
		expect(resolveEndpoint('rds', {}, env)).toEqual({url: 'http://all:1', from: 'AWS_ENDPOINT_URL'});
	});

	test("the environment's endpoints: entry wins over both", () => {
		expect(resolveEndpoint('osis', {osis: 'http://runbook:3'}, env)).toEqual({url: 'http://runbook:3', from: 'endpoints.osis'});
	});

	test('the document client uses the dynamodb entry and variable, its own entry first', () => {
		expect(resolveEndpoint('dynamodb-document', {dynamodb: 'http://d:4'}, {})).toEqual({url: 'http://d:4', from: 'endpoints.dynamodb'});
		expect(resolveEndpoint('dynamodb-document', {'dynamodb-document': 'http://doc:5', dynamodb: 'http://d:4'}, {})?.url).toBe('http://doc:5');
		expect(resolveEndpoint('dynamodb-document', {}, {AWS_ENDPOINT_URL_DYNAMODB: 'http://d:6'})?.url).toBe('http://d:6');
	});

	test('nothing set, or empty values: the SDK default (AWS)', () => {
		expect(resolveEndpoint('s3', {}, {})).toBeUndefined();
		expect(resolveEndpoint('s3', {s3: ''}, {AWS_ENDPOINT_URL_S3: ' ', AWS_ENDPOINT_URL: ''})).toBeUndefined();
	});

	test('AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true ignores the variables, not the runbook', () => {
		const ignoring = {...env, AWS_IGNORE_CONFIGURED_ENDPOINT_URLS: 'true'};
		expect(resolveEndpoint('osis', {}, ignoring)).toBeUndefined();
		expect(resolveEndpoint('osis', {osis: 'http://runbook:3'}, ignoring)?.url).toBe('http://runbook:3');
	});
});

describe('endpointConfig and the shell variables', () => {
	test('S3 against a custom endpoint is addressed path-style; other clients get the endpoint only', () => {
		expect(endpointConfig('s3', {url: 'http://127.0.0.1:5000', from: 'AWS_ENDPOINT_URL'})).toEqual({endpoint: 'http://127.0.0.1:5000', forcePathStyle: true});
		expect(endpointConfig('rds', {url: 'http://127.0.0.1:5000', from: 'AWS_ENDPOINT_URL'})).toEqual({endpoint: 'http://127.0.0.1:5000'});
		expect(endpointConfig('s3', undefined)).toEqual({});
	});

	test('shell steps get the endpoints: entries under the SDK variable names; dynamodb wins over its document client', () => {
		expect(endpointVariables({'dynamodb': 'http://d:1', 'dynamodb-document': 'http://doc:2', osis: 'http://o:3'})).toEqual({
			AWS_ENDPOINT_URL_DYNAMODB: 'http://d:1',
			AWS_ENDPOINT_URL_OSIS: 'http://o:3',
		});
		expect(endpointVariables({'dynamodb-document': 'http://doc:2'})).toEqual({AWS_ENDPOINT_URL_DYNAMODB: 'http://doc:2'});
	});
});

describe('epochTimestamps: ISO texts an emulator sends, as the old osis client reads timestamps', () => {
	const members = new Set(['CreatedAt', 'LastUpdatedAt']);

	test('named members with ISO 8601 texts become epoch seconds, anywhere in the response', () => {
		const response = {Pipelines: [{PipelineName: 'p', CreatedAt: '2026-12-01T23:47:00.406703+00:00', LastUpdatedAt: '2026-12-01T23:47:00Z'}]};
		expect(epochTimestamps(response, members)).toEqual({
			Pipelines: [{PipelineName: 'p', CreatedAt: Date.parse('2026-12-01T23:47:00.406Z') / 1000, LastUpdatedAt: Date.parse('2026-12-01T23:47:00Z') / 1000}],
		});
	});

	test('numbers, other members and texts that are not timestamps are left alone; nothing changed, the same object', () => {
		const response = {Pipeline: {CreatedAt: 1764633000, Description: '2026-12-01T23:47:00Z', LastUpdatedAt: 'soon'}};
		expect(epochTimestamps(response, members)).toBe(response);
	});
});
