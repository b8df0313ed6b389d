import {afterEach, describe, expect, it} from 'vitest';
import {cleanup} from 'ink-testing-library';
import {ask, keys, question} from './helpers.js';

afterEach(cleanup);

const failed = question({
	type: 'failure',
	attempts: 3,
	error: {message: ['exit code 1', 'line 2', 'line 3', 'line 4', 'line 5', 'line 6', 'line 7', 'line 8'].join('\n'), code: 'EXIT'},
});

describe('failure prompt', () => {
	it('shows the headline and the newest lines of the error (the one that says what went wrong), and the choices', async () => {
		const frame = (await ask(failed)).frame();
		expect(frame).toContain('✘ Restore the table (restore) failed after 3 attempts [EXIT]:');
		expect(frame).toContain('exit code 1');
		expect(frame).toContain("… 4 earlier lines (all in the run's log)");
		expect(frame).not.toContain('line 5');
		for (const line of ['line 6', 'line 7', 'line 8']) expect(frame).toContain(line);
		expect(frame.indexOf('exit code 1')).toBeLessThan(frame.indexOf('line 6'));
		for (const choice of ['Retry', 'Skip', 'Continue (keep going, leaving it failed)', 'Abort the run', 'Quit (keep the checkpoint, resume later)']) {
			expect(frame).toContain(choice);
		}
	});

	it.each([
		[0, 'retry'],
		[1, 'skip'],
		[2, 'continue'],
		[3, 'abort'],
	])('choice %i answers %s, by the operator', async (downs, answer) => {
		const view = await ask(failed);
		await view.type(...Array.from({length: downs}, () => keys.down), keys.enter);
		expect(view.onAnswer).toHaveBeenCalledExactlyOnceWith(answer, 'alice');
		expect(view.onQuit).not.toHaveBeenCalled();
	});

	it('Quit quits, answering nothing', async () => {
		const view = await ask(failed);
		await view.type(keys.down, keys.down, keys.down, keys.down, keys.enter);
		expect(view.onQuit).toHaveBeenCalledOnce();
		expect(view.onAnswer).not.toHaveBeenCalled();
	});

	it('q quits too', async () => {
		const view = await ask(failed);
		await view.type('q');
		expect(view.onQuit).toHaveBeenCalledOnce();
		expect(view.onAnswer).not.toHaveBeenCalled();
	});
});
