import {DynamoDBClient} from '@aws-sdk/client-dynamodb';
import {SignatureV4} from '@smithy/signature-v4';
import {describe, expect, it} from 'vitest';
import {signedHeaders} from '../../source/store/dynamo/signed-put.js';

/** The short way of the event put signs as the SDK's own signer does (local DynamoDBs do not check signatures; AWS does). */
describe('the signed put', () => {
	it.each([
		['long-term keys', {accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY'}],
		['a session', {accessKeyId: 'ASIAEXAMPLE', secretAccessKey: 'secret/with+chars', sessionToken: 'FwoGZXIvYXdzEXAMPLE//token=='}],
	])('signs a PutItem as the SDK does, with %s', async (_, credentials) => {
		const client = new DynamoDBClient({region: 'eu-west-1', credentials});
		const signer = new SignatureV4({credentials, region: 'eu-west-1', service: 'dynamodb', sha256: client.config.sha256, applyChecksum: false});
		const now = new Date('2026-12-02T05:59:07.123Z');
		const body = JSON.stringify({TableName: 'belay-runs', Item: {run: {S: 'r1'}, seq: {N: '3'}, e: {S: '{"type":"step-checked"}'}}, ConditionExpression: 'attribute_not_exists(#s)', ExpressionAttributeNames: {'#s': 'seq'}});
		const host = 'dynamodb.eu-west-1.amazonaws.com';
		const ours = signedHeaders({host, region: 'eu-west-1', target: 'DynamoDB_20120810.PutItem', body, credentials, now});
		const theirs = await signer.sign(
			{method: 'POST', protocol: 'https:', hostname: host, path: '/', query: {}, headers: {'content-type': 'application/x-amz-json-1.0', host, 'x-amz-target': 'DynamoDB_20120810.PutItem'}, body} as never,
			{signingDate: now},
		);
		const headers = (theirs as unknown as {headers: Record<string, string>}).headers;
		expect(ours['authorization']).toBe(headers['authorization']);
		expect(ours['x-amz-date']).toBe(headers['x-amz-date']);
		expect(ours['x-amz-security-token']).toBe(headers['x-amz-security-token']);
		client.destroy();
	});
});
