/**
 * The line front end's lines: a request too long to read on one line (a BatchWriteItem of 25 items)
 * is cut, saying where it is shown whole.
 */
import {describe, expect, it} from 'vitest';
import {formatEvent} from '../../source/headless/printer.js';
import {start} from '../helpers/run-state.js';

describe('formatEvent', () => {
	it('shows a short request whole, and cuts a long one naming the report', () => {
		const state = start();
		const short = formatEvent({type: 'step-started', at: '2026-12-01T00:00:00.000Z', key: 'put', attempt: 1, request: {title: 'Put', service: 'dynamodb', command: 'PutItem', input: {TableName: 'T'}}}, state);
		expect(short).toBe('▶ put: Put\n  aws dynamodb PutItem {"TableName":"T"}');
		const items = Array.from({length: 25}, (_, index) => ({PutRequest: {Item: {id: {S: `cred-${index}`}, data: {S: 'x'.repeat(200)}}}}));
		const long = formatEvent({type: 'step-started', at: '2026-12-01T00:00:00.000Z', key: 'put', attempt: 1, request: {title: 'Put', service: 'dynamodb', command: 'BatchWriteItem', input: {RequestItems: {T: items}}}}, state)!;
		const [, line] = long.split('\n');
		expect(line!.length).toBeLessThan(600);
		expect(line).toBe(`  aws dynamodb BatchWriteItem ${JSON.stringify({RequestItems: {T: items}}).slice(0, 500 - 'aws dynamodb BatchWriteItem '.length)}… (cut here: belay report ${state.id} shows it whole)`);
	});
});
