import {afterAll, beforeAll, describe, expect, test} from 'vitest';
import {motoUrl, uniqueName} from '../helpers/moto.js';
import {buildPrivateCli, describeExit, show, stepOf, type Cli} from './cli.js';
import {MotoRunner} from './moto-run.js';

/**
 * Binary values and streamed bodies, against moto through the CLI: a KMS ciphertext is kept as base64
 * text (as the AWS CLI prints it) and goes back as bytes to Decrypt, also after a resume, when it
 * comes from the journal; an S3 object's body is read (not journaled as a socket); SDK warnings never
 * reach the screen.
 */

let cli: Cli;
let runner: MotoRunner;

beforeAll(async () => {
	cli = await buildPrivateCli();
	runner = new MotoRunner(cli, await motoUrl(), 'binary');
});

afterAll(() => {
	runner?.dispose();
	cli?.dispose();
});

describe('binary values', () => {
	test('a KMS ciphertext round-trips, across a resume, and an S3 body is read as base64', async () => {
		const bucket = uniqueName('binary').toLowerCase();
		const run = await runner.run([
			{id: 'key', title: 'A key', aws: {service: 'kms', command: 'CreateKey', input: {Description: 'belay test'}}, outputs: {id: 'result.KeyMetadata.KeyId'}},
			{
				id: 'encrypt',
				title: 'Encrypt',
				aws: {service: 'kms', command: 'Encrypt', input: {KeyId: '${{ steps.key.outputs.id }}', Plaintext: "${{ $base64encode('restore me') }}"}},
				outputs: {blob: 'result.CiphertextBlob'},
			},
			{id: 'gate', title: 'Gate', manual: 'Go on?'},
			{id: 'decrypt', title: 'Decrypt', aws: {service: 'kms', command: 'Decrypt', input: {CiphertextBlob: '${{ steps.encrypt.outputs.blob }}'}}, outputs: {text: '$base64decode(result.Plaintext)'}},
			{id: 'bucket', title: 'Bucket', aws: {service: 's3', command: 'CreateBucket', input: {Bucket: bucket}}},
			{id: 'put', title: 'Put', aws: {service: 's3', command: 'PutObject', input: {Bucket: bucket, Key: 'note.txt', Body: 'plain text body'}}},
			{id: 'get', title: 'Get', aws: {service: 's3', command: 'GetObject', input: {Bucket: bucket, Key: 'note.txt'}}, outputs: {body: '$base64decode(result.Body)'}},
			{id: 'plain', title: 'Text where bytes go', aws: {service: 'kms', command: 'Encrypt', input: {KeyId: '${{ steps.key.outputs.id }}', Plaintext: 'not base64!'}}},
		]);
		// Paused at the gate: the ciphertext is now only in the journal.
		expect(run.exit.code, describeExit(run.exit)).toBe(3);
		const resumed = await runner.resume(run, ['--yes']);
		expect(resumed.code, describeExit(resumed)).toBe(1);
		const document = await show(cli, run.state, run.runId);
		expect(stepOf(document, 'decrypt').outputs).toEqual({text: 'restore me'});
		expect(stepOf(document, 'get').outputs).toEqual({body: 'plain text body'});
		expect(stepOf(document, 'plain').error?.message).toContain("Plaintext: expected binary data as base64 text");
		for (const text of [run.exit.stderr, resumed.stderr]) {
			expect(text).not.toMatch(/\n\s+at /);
			expect(text).not.toContain('Converting circular structure');
		}
	});
});
