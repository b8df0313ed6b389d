import {afterEach, describe, expect, it, vi} from 'vitest';
import {cleanup} from 'ink-testing-library';
import {typesText} from '../../../source/ui/prompts/keys.js';
import {QuestionPrompt} from '../../../source/ui/prompts/question-prompt.js';
import {ask, keys, mount, question, tick} from './helpers.js';

afterEach(cleanup);

describe('question prompt', () => {
	it('shows why the last answer was refused above the prompt', async () => {
		const view = await ask(question({type: 'confirmText', expected: 'orders'}, {refused: 'the text typed does not match; type exactly: orders'}));
		const lines = view.frame().split('\n');
		expect(lines[0]).toBe('Refused: the text typed does not match; type exactly: orders');
		expect(lines[1]).toContain('Type orders to proceed');
	});

	it('shows no refusal line on a first ask', async () => {
		expect((await ask(question({type: 'confirm', prompt: 'Go?'}))).frame()).not.toContain('Refused');
	});

	it('starts afresh when the question is asked again', async () => {
		const first = question({type: 'input', prompt: 'Table name', valueType: 'string', required: true, secret: false});
		const onAnswer = vi.fn();
		const view = mount(<QuestionPrompt question={first} operator="alice" onAnswer={onAnswer} onQuit={() => {}} />);
		await tick();
		await view.type('ordrs', keys.enter);
		expect(onAnswer).toHaveBeenCalledWith('ordrs', 'alice');
		view.rerender(
			<QuestionPrompt question={{...first, id: 'restore:input:9', refused: 'no such table'}} operator="alice" onAnswer={onAnswer} onQuit={() => {}} />,
		);
		await tick();
		expect(view.frame()).toContain('Refused: no such table');
		expect(view.frame()).not.toContain('ordrs');
		await view.type('orders', keys.enter);
		expect(onAnswer).toHaveBeenLastCalledWith('orders', 'alice');
	});

	it('never wraps a line in the middle of a word', async () => {
		const prompt = 'Restore the production orders table from the nightly snapshot into a new table and point the service at it?';
		const frame = (await ask(question({type: 'confirm', prompt}))).frame();
		const words = new Set(prompt.split(' '));
		for (const line of frame.split('\n')) {
			for (const word of line.replace('[y/N]', '').trim().split(/\s+/).filter(Boolean)) expect(words).toContain(word);
		}
	});

	it('tells the parent which prompts take typed text', () => {
		expect(typesText(question({type: 'confirmText', expected: 'x'}))).toBe(true);
		expect(typesText(question({type: 'approve', prompt: 'p', by: 'any', operator: null, pair: null}))).toBe(true);
		expect(typesText(question({type: 'input', prompt: 'p', valueType: 'string', required: false, secret: false}))).toBe(true);
		expect(typesText(question({type: 'confirm', prompt: 'p'}))).toBe(false);
		expect(typesText(question({type: 'failure', attempts: 1, error: {message: 'x'}}))).toBe(false);
	});
});
