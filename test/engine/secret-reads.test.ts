/**
 * Taint: which expressions read a secret (so what they compute is secret too), and the journal's
 * last guard, `maskEvent`.
 */
import {describe, expect, it} from 'vitest';
import {evaluateExpression} from '../../source/expressions/evaluate.js';
import {maskEvent} from '../../source/engine/mask-event.js';
import {Masker} from '../../source/engine/masker.js';
import {addDerived, emptySecrets} from '../../source/engine/scope.js';
import {readsSecret} from '../../source/engine/secret-reads.js';
import type {RunEvent} from '../../source/engine/events.js';

const names = {inputs: new Set(['token']), vars: new Set(['auth']), steps: new Set(['password'])};

describe('readsSecret', () => {
	it.each([
		['inputs.token', true],
		["$base64encode('u:' & inputs.token)", true],
		['$uppercase(vars.auth)', true],
		['steps.password.value', true],
		['$keys(inputs)', true],
		['($t := inputs.token; $length($t))', true],
		['inputs.table', false],
		['vars.region & steps.restore.outputs.arn', false],
		['result.stdout', false],
	])('%s → %s', (source, expected) => {
		expect(readsSecret(source, names)).toBe(expected);
	});

	it('takes an expression that does not parse as reading one, so its error shows no value', () => {
		expect(readsSecret('inputs.token +', names)).toBe(true);
		expect(readsSecret('inputs.token +', {inputs: new Set(), vars: new Set(), steps: new Set()})).toBe(false);
	});
});

describe('evaluation with a taint', () => {
	const scope = {inputs: {token: 's3cr3t-token'}};
	const taint = () => {
		const found: unknown[] = [];
		return {found, secrets: {reads: (source: string) => readsSecret(source, names), found: (value: unknown) => void found.push(value)}};
	};

	it('hands what an expression computes from a secret to `found`', async () => {
		const {found, secrets} = taint();
		expect(await evaluateExpression('$uppercase(inputs.token)', scope, {now: new Date(), secrets})).toBe('S3CR3T-TOKEN');
		expect(found).toEqual(['S3CR3T-TOKEN']);
	});

	it('hides the message of a failing expression that reads a secret, keeping its code', async () => {
		const {secrets} = taint();
		const error = await evaluateExpression('$number($uppercase(inputs.token))', scope, {now: new Date(), secrets}).catch((e: Error) => e);
		expect(String((error as Error).message)).toMatch(/JSONata error D3030 \(its message is hidden/);
		expect(String((error as Error).message)).not.toContain('S3CR3T');
		const plain = await evaluateExpression('$number(inputs.token)', scope, {now: new Date()}).catch((e: Error) => e);
		expect((plain as Error).message).toContain('s3cr3t-token');
	});
});

describe('addDerived', () => {
	it('keeps strings and numbers of three characters or more, trimmed too, and says whether any was new', () => {
		const secrets = emptySecrets();
		expect(addDerived(secrets, {header: 'Basic YWJj\n', n: 12, big: 123456, flag: true, list: ['xy', 'long-enough']})).toBe(true);
		expect([...secrets.derived].sort()).toEqual([123456, 'Basic YWJj', 'Basic YWJj\n', 'long-enough'].sort());
		expect(addDerived(secrets, 'long-enough')).toBe(false);
	});
});

describe('maskEvent', () => {
	const masker = new Masker(['step-finished', 'hunter2']);

	it('masks what an event carries but never the names that shape the journal', () => {
		const failed: RunEvent = {type: 'step-failed', at: '2026-12-01T00:00:00.000Z', key: 'hunter2', attempt: 1, error: {message: 'bad hunter2'}, final: true};
		expect(maskEvent(failed, masker)).toEqual({...failed, error: {message: 'bad ***'}});
		const paused: RunEvent = {type: 'run-paused', at: 'x', key: 'k', question: 'input', reason: 'got hunter2'};
		expect(maskEvent(paused, masker)).toMatchObject({reason: 'got ***', key: 'k'});
		const finished: RunEvent = {type: 'run-finished', at: 'x', status: 'succeeded'};
		expect(maskEvent(finished, masker)).toBe(finished);
	});

	it('masks a question but keeps its id, key and type', () => {
		const asked: RunEvent = {
			type: 'question-asked',
			at: 'x',
			question: {type: 'confirm', prompt: 'use hunter2?', id: 'hunter2:confirm:3', key: 'hunter2', title: 'T', request: {command: 'echo hunter2'}},
		};
		expect(maskEvent(asked, masker)).toEqual({
			...asked,
			question: {type: 'confirm', prompt: 'use ***?', id: 'hunter2:confirm:3', key: 'hunter2', title: 'T', request: {command: 'echo ***'}},
		});
	});
});
