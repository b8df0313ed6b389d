import {afterEach, describe, expect, it} from 'vitest';
import {cleanup} from 'ink-testing-library';
import {failureRows} from '../../../source/ui/prompts/failure-prompt.js';
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

	// On a small terminal the run screen gives the prompt its room: the failure keeps the line that
	// says what went wrong and two choices in sight, and the others scroll.
	it.each([4, 6, 7, 9, 12])('fits a room %i rows high, the last line of the error and every choice reachable', async rows => {
		const view = await ask(failed, 'alice', {rows, width: 60});
		const frame = view.frame();
		expect(frame.split('\n').length, frame).toBeLessThanOrEqual(rows);
		if (rows >= 6) expect(frame).toContain('line 8');
		expect(frame).toContain('Retry (run it again)');
		await view.type(keys.down, keys.down, keys.down, keys.down, keys.enter);
		expect(view.onQuit).toHaveBeenCalledOnce();
	});

	it('failureRows: two choices first, then the last line, then the other choices, then earlier lines', () => {
		expect(failureRows(4, 7)).toEqual({lines: 0, marker: false, visible: 1});
		expect(failureRows(5, 7)).toEqual({lines: 0, marker: false, visible: 2});
		expect(failureRows(6, 7)).toEqual({lines: 1, marker: false, visible: 2});
		expect(failureRows(9, 7)).toEqual({lines: 1, marker: false, visible: 5});
		expect(failureRows(10, 7)).toEqual({lines: 1, marker: true, visible: 5});
		expect(failureRows(12, 7)).toEqual({lines: 3, marker: true, visible: 5});
		expect(failureRows(20, 2)).toEqual({lines: 2, marker: false, visible: 5});
		expect(failureRows(20, 0)).toEqual({lines: 0, marker: false, visible: 5});
	});

	// At 80×24 an AWS error's headline is whole: it names the role, the action and the resource.
	it('shows a long headline whole in the room it has at 80×24, and cuts it only where the room is short', async () => {
		const headline = 'AccessDeniedException: User arn:aws:sts::123456789012:assumed-role/Operator/alice is not authorized to perform dynamodb:DeleteTable on resource arn:aws:dynamodb:eu-west-1:123456789012:table/orders';
		const denied = question({type: 'failure', attempts: 1, error: {message: headline, code: 'AccessDeniedException'}});
		const roomy = await ask(denied, 'alice', {rows: 13, width: 78});
		expect(roomy.frame().split('\n').length).toBeLessThanOrEqual(13);
		expect(roomy.frame().replace(/\s+/g, '')).toContain(headline.replace(/\s/g, ''));
		expect(roomy.frame()).toContain('Abort the run');
		const tight = await ask(denied, 'alice', {rows: 6, width: 78});
		expect(tight.frame().split('\n').length).toBeLessThanOrEqual(6);
	});
});
