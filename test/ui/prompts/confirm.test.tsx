import {afterEach, describe, expect, it} from 'vitest';
import {cleanup} from 'ink-testing-library';
import {ask, keys, question} from './helpers.js';

afterEach(cleanup);

const confirm = question({type: 'confirm', prompt: 'Restore prod-orders now?'});

describe('confirm prompt', () => {
	it('asks with no as the default', async () => {
		const view = await ask(confirm);
		expect(view.frame()).toContain('Restore prod-orders now? [y/N]');
	});

	it('answers true, by the operator, on y', async () => {
		const view = await ask(confirm);
		await view.type('y');
		expect(view.onAnswer).toHaveBeenCalledExactlyOnceWith(true, 'alice');
	});

	it('answers nothing on n or Enter, and says how to go on', async () => {
		const view = await ask(confirm);
		await view.type('n');
		expect(view.frame()).toContain('Not confirmed. Press y to confirm, or q to quit and resume later.');
		await view.type(keys.enter);
		expect(view.onAnswer).not.toHaveBeenCalled();
		await view.type('y');
		expect(view.onAnswer).toHaveBeenCalledWith(true, 'alice');
	});

	it('answers once, however often y is pressed', async () => {
		const view = await ask(confirm);
		await view.type('y', 'y', 'Y');
		expect(view.onAnswer).toHaveBeenCalledOnce();
	});

	it('quits on q', async () => {
		const view = await ask(confirm);
		await view.type('q');
		expect(view.onQuit).toHaveBeenCalledOnce();
		expect(view.onAnswer).not.toHaveBeenCalled();
	});

	it('shows why the last answer was refused', async () => {
		const view = await ask(question({type: 'confirm', prompt: 'Go?'}, {refused: 'not confirmed'}));
		const lines = view.frame().split('\n');
		expect(lines[0]).toBe('Refused: not confirmed');
		expect(lines[1]).toContain('Go? [y/N]');
	});
});
