import {afterEach, describe, expect, it} from 'vitest';
import {cleanup} from 'ink-testing-library';
import {QuestionPrompt} from '../../../source/ui/prompts/question-prompt.js';
import {ask, keys, mount, question, tick} from './helpers.js';

afterEach(cleanup);

const byPair = question({type: 'approve', prompt: 'Approve the restore into prod', by: 'pair', operator: 'alice', pair: 'bob'});

describe('approve prompt', () => {
	it('names who must approve', async () => {
		expect((await ask(byPair)).frame()).toContain('Approval by the pair: bob');
		expect((await ask(question({...byPair, by: ['carol', 'dave']}))).frame()).toContain('Approval by one of: carol, dave');
		expect((await ask(question({...byPair, by: 'any'}))).frame()).toContain('Approval by anyone');
		expect((await ask(question({...byPair, pair: null}))).frame()).toContain('no pair is set');
	});

	it('says the approval can come from the approver\'s own terminal, with the command', async () => {
		const view = mount(<QuestionPrompt question={byPair} operator="alice" runId="r-2026" onAnswer={() => {}} onQuit={() => {}} />);
		await tick();
		expect(view.frame()).toContain(`Or from their own terminal: belay approve r-2026 ${byPair.key}`);
	});

	it("refuses the operator's own name when the pair must approve, and answers nothing", async () => {
		const view = await ask(byPair);
		await view.type('  Alice ', keys.enter);
		expect(view.frame()).toContain('bob must approve, not the operator (alice)');
		expect(view.onAnswer).not.toHaveBeenCalled();
	});

	it("accepts the pair's name, given by the pair", async () => {
		const view = await ask(byPair);
		await view.type('bob', keys.enter);
		expect(view.frame()).not.toContain('must approve');
		expect(view.onAnswer).toHaveBeenCalledExactlyOnceWith({approver: 'bob'}, 'bob');
	});

	it('uses the operator given to the prompt over the one in the question', async () => {
		const view = await ask(question({...byPair, operator: null}), 'alice');
		await view.type('alice', keys.enter);
		expect(view.frame()).toContain('bob must approve, not the operator (alice)');
		expect(view.onAnswer).not.toHaveBeenCalled();
	});

	it("lets the operator approve when anyone may", async () => {
		const view = await ask(question({...byPair, by: 'any'}));
		await view.type('alice', keys.enter);
		expect(view.onAnswer).toHaveBeenCalledExactlyOnceWith({approver: 'alice'}, 'alice');
	});

	it('asks for a name on Enter with none typed', async () => {
		const view = await ask(byPair);
		await view.type(keys.enter);
		expect(view.frame()).toContain('type the approver’s name');
		expect(view.onAnswer).not.toHaveBeenCalled();
	});

	it('types q as a letter', async () => {
		const view = await ask(question({...byPair, by: 'any'}));
		await view.type('q', keys.enter);
		expect(view.onQuit).not.toHaveBeenCalled();
		expect(view.onAnswer).toHaveBeenCalledWith({approver: 'q'}, 'q');
	});

	it("takes the pair's name pasted with its Enter in one chunk", async () => {
		const view = await ask(byPair);
		await view.type('bob\r');
		expect(view.onAnswer).toHaveBeenCalledExactlyOnceWith({approver: 'bob'}, 'bob');
	});
});
