import {afterEach, describe, expect, it} from 'vitest';
import {cleanup} from 'ink-testing-library';
import {ask, keys, oneLine, question} from './helpers.js';

afterEach(cleanup);

const expired = question({type: 'credentials', reason: 'ExpiredTokenException: the security token included in the request is expired'});

describe('credentials prompt', () => {
	it('gives the reason and says how to go on', async () => {
		const frame = oneLine((await ask(expired)).frame());
		expect(frame).toContain('ExpiredTokenException');
		expect(frame).toContain('Refresh the credentials in another terminal (aws sso login), then press Enter to continue the same poll');
	});

	it('answers refreshed on Enter', async () => {
		const view = await ask(expired);
		await view.type('x');
		expect(view.onAnswer).not.toHaveBeenCalled();
		await view.type(keys.enter);
		expect(view.onAnswer).toHaveBeenCalledExactlyOnceWith('refreshed', 'alice');
	});

	it('quits on q', async () => {
		const view = await ask(expired);
		await view.type('q');
		expect(view.onQuit).toHaveBeenCalledOnce();
	});

	// During a wait on a small terminal the panel leaves the question a few rows: what to do next
	// stays whole, the reason is cut to a row, then the keys line goes.
	it.each([
		[4, 40],
		[5, 60],
		[8, 78],
	])('fits a room %i rows high at %i columns, saying what to do whole', async (rows, width) => {
		const view = await ask(expired, 'alice', {rows, width});
		const frame = view.frame();
		expect(frame.split('\n').length, frame).toBeLessThanOrEqual(rows);
		expect(frame.replace(/\s+/g, ' ')).toContain('Refresh the credentials in another terminal (aws sso login), then press Enter to continue the same poll.');
		expect(frame).toContain('AWS credentials expired');
		await view.type(keys.enter);
		expect(view.onAnswer).toHaveBeenCalledExactlyOnceWith('refreshed', 'alice');
	});
});
