import {afterEach, describe, expect, it, vi} from 'vitest';
import {cleanup} from 'ink-testing-library';
import {QuestionPrompt} from '../../../source/ui/prompts/question-prompt.js';
import {ask, keys, mount, question, tick} from './helpers.js';

afterEach(cleanup);

const pick = question({
	type: 'select',
	prompt: 'Which snapshot?',
	options: [
		{label: 'nightly 02:00', value: {arn: 'arn:snap:1'}},
		{label: 'hourly 03:00', value: {arn: 'arn:snap:2'}},
		{label: 'manual', value: 42},
	],
});

describe('select prompt', () => {
	it('lists the options by label, the first focused', async () => {
		const view = await ask(pick);
		const frame = view.frame();
		expect(frame).toContain('Which snapshot?');
		expect(frame).toMatch(/❯ nightly 02:00/);
		expect(frame).toContain('hourly 03:00');
		expect(frame).toContain('manual');
	});

	it('answers the value of the option chosen, not its label', async () => {
		const view = await ask(pick);
		await view.type(keys.down, keys.enter);
		expect(view.onAnswer).toHaveBeenCalledExactlyOnceWith({arn: 'arn:snap:2'}, 'alice');
	});

	it('answers a value that is not a string', async () => {
		const view = await ask(pick);
		await view.type(keys.down, keys.down, keys.enter);
		expect(view.onAnswer).toHaveBeenCalledExactlyOnceWith(42, 'alice');
	});

	it('answers once, even when the parent renders it again with new callbacks', async () => {
		const onAnswer = vi.fn();
		const view = mount(<QuestionPrompt question={pick} operator="alice" onAnswer={onAnswer} onQuit={() => {}} />);
		await tick();
		await view.type(keys.enter);
		view.rerender(<QuestionPrompt question={pick} operator="alice" onAnswer={(...args) => onAnswer(...args)} onQuit={() => {}} />);
		await tick();
		view.rerender(<QuestionPrompt question={{...pick}} operator="alice" onAnswer={(...args) => onAnswer(...args)} onQuit={() => {}} />);
		await tick();
		expect(onAnswer).toHaveBeenCalledExactlyOnceWith({arn: 'arn:snap:1'}, 'alice');
	});

	it('starts at the option the runbook names as default, marked so; Enter takes it', async () => {
		const view = await ask({...pick, default: 42});
		expect(view.frame()).toMatch(/❯ manual \(default\)/);
		await view.type(keys.enter);
		expect(view.onAnswer).toHaveBeenCalledExactlyOnceWith(42, 'alice');
	});

	it('says so when there is nothing to choose, and quits on q', async () => {
		const view = await ask(question({type: 'select', prompt: 'Which snapshot?', options: []}));
		expect(view.frame()).toContain('There is nothing to choose from');
		await view.type(keys.enter, 'q');
		expect(view.onAnswer).not.toHaveBeenCalled();
		expect(view.onQuit).toHaveBeenCalledOnce();
	});

	// Two recovery points differ at the end of their labels: wrapped whole where the room holds two,
	// else cut in the middle so both ends show (once both read "arn:aws:backup:…:backup-lpas…").
	const points = question({
		type: 'select',
		prompt: 'Which recovery point?',
		options: ['2024-05-01T02:00:00Z', '2024-05-02T02:00:00Z'].map(date => ({label: `arn:aws:backup:eu-west-1:123456789012:recovery-point:continuous:backup-lpas-table-production — ${date}`, value: date})),
	});

	it('wraps long options whole where the room holds two of them', async () => {
		const view = await ask(points, 'alice', {rows: 10, width: 78});
		const flat = view.frame().replace(/\s+/g, '');
		for (const date of ['2024-05-01T02:00:00Z', '2024-05-02T02:00:00Z']) expect(flat).toContain(`continuous:backup-lpas-table-production—${date}`);
		expect(view.frame().split('\n').length).toBeLessThanOrEqual(10);
	});

	it('cuts long options in the middle where it does not, so that both ends show', async () => {
		const view = await ask(points, 'alice', {rows: 4, width: 78});
		const frame = view.frame();
		expect(frame.split('\n').length, frame).toBeLessThanOrEqual(4);
		expect(frame).toMatch(/arn:aws:backup:.*….*2024-05-01T02:00:00Z/);
		await view.type(keys.down, keys.enter);
		expect(view.onAnswer).toHaveBeenCalledExactlyOnceWith('2024-05-02T02:00:00Z', 'alice');
	});
});
