import {afterEach, describe, expect, it} from 'vitest';
import {cleanup} from 'ink-testing-library';
import {ask, keys, question} from './helpers.js';

afterEach(cleanup);

const destroy = question({type: 'confirmText', expected: 'prod-orders'});

describe('confirmText prompt', () => {
	it('asks for the exact text', async () => {
		const view = await ask(destroy);
		expect(view.frame()).toContain('Type prod-orders to proceed');
		expect(view.frame()).toContain('not yet');
	});

	it('shows that wrong text does not match, without answering as it is typed', async () => {
		const view = await ask(destroy);
		await view.type('prod-users');
		expect(view.frame()).toContain('✘ does not match');
		expect(view.frame()).not.toContain('✔ matches');
		expect(view.onAnswer).not.toHaveBeenCalled();
	});

	it('shows a partial text as not yet matching', async () => {
		const view = await ask(destroy);
		await view.type('prod');
		expect(view.frame()).toContain('not yet');
		expect(view.onAnswer).not.toHaveBeenCalled();
	});

	it('shows the match live, and Enter submits the typed text', async () => {
		const view = await ask(destroy);
		await view.type('prod-orders');
		expect(view.frame()).toContain('✔ matches');
		expect(view.onAnswer).not.toHaveBeenCalled();
		await view.type(keys.enter);
		expect(view.onAnswer).toHaveBeenCalledExactlyOnceWith('prod-orders', 'alice');
	});

	it('submits a wrong text too (the engine refuses it), but not an empty one', async () => {
		const view = await ask(destroy);
		await view.type(keys.enter);
		expect(view.onAnswer).not.toHaveBeenCalled();
		await view.type('nope', keys.enter);
		expect(view.onAnswer).toHaveBeenCalledExactlyOnceWith('nope', 'alice');
	});

	it('treats q as a letter, not as quitting', async () => {
		const view = await ask(question({type: 'confirmText', expected: 'q'}));
		await view.type('q');
		expect(view.onQuit).not.toHaveBeenCalled();
		expect(view.frame()).toContain('✔ matches');
	});

	it('takes the text pasted with its Enter in one chunk', async () => {
		const view = await ask(destroy);
		await view.type('prod-orders\r');
		expect(view.onAnswer).toHaveBeenCalledExactlyOnceWith('prod-orders', 'alice');
	});
});
