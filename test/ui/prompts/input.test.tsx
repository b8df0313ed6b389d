import {afterEach, describe, expect, it} from 'vitest';
import {cleanup} from 'ink-testing-library';
import {ask, keys, question} from './helpers.js';

afterEach(cleanup);

const base = {type: 'input', prompt: 'How many replicas?', valueType: 'number', required: true, secret: false} as const;

describe('input prompt', () => {
	it('shows the prompt and the default', async () => {
		const view = await ask(question({...base, default: 3}));
		expect(view.frame()).toContain('How many replicas? [3]');
	});

	it('shows why an invalid value is refused as it is typed, and Enter does nothing', async () => {
		const view = await ask(question(base));
		await view.type('three');
		expect(view.frame()).toContain('the value must be a number, got "three"');
		await view.type(keys.enter);
		expect(view.onAnswer).not.toHaveBeenCalled();
	});

	it('submits a valid value as typed, by the operator', async () => {
		const view = await ask(question(base));
		await view.type('4');
		expect(view.frame()).not.toContain('must be');
		await view.type(keys.enter);
		expect(view.onAnswer).toHaveBeenCalledExactlyOnceWith('4', 'alice');
	});

	it('submits the default on Enter with nothing typed', async () => {
		const view = await ask(question({...base, default: 3}));
		await view.type(keys.enter);
		expect(view.onAnswer).toHaveBeenCalledExactlyOnceWith(3, 'alice');
	});

	it('says a required value is missing only once Enter is pressed', async () => {
		const view = await ask(question(base));
		expect(view.frame()).not.toContain('required');
		await view.type(keys.enter);
		expect(view.frame()).toContain('the value is required');
		expect(view.onAnswer).not.toHaveBeenCalled();
	});

	it('checks a pattern and an enum', async () => {
		const view = await ask(question({...base, valueType: 'string', pattern: '^rds-', enum: ['rds-a', 'rds-b']}));
		await view.type('x');
		expect(view.frame()).toContain('the value must match ^rds-, got "x"');
		await view.type(keys.backspace, 'rds-c');
		expect(view.frame()).toContain('the value must be one of "rds-a", "rds-b"');
		await view.type(keys.backspace, 'b', keys.enter);
		expect(view.onAnswer).toHaveBeenCalledExactlyOnceWith('rds-b', 'alice');
	});

	it('says what the value must look like', async () => {
		expect((await ask(question(base))).frame()).toContain('a number');
		expect((await ask(question({...base, valueType: 'boolean'}))).frame()).toContain('yes or no');
		expect((await ask(question({...base, valueType: 'string', enum: ['eu-west-1', 'us-east-1']}))).frame()).toContain('one of: eu-west-1, us-east-1');
	});

	it('treats q as a letter, not as quitting', async () => {
		const view = await ask(question({...base, valueType: 'string'}));
		await view.type('q', keys.enter);
		expect(view.onQuit).not.toHaveBeenCalled();
		expect(view.onAnswer).toHaveBeenCalledWith('q', 'alice');
	});

	describe('a secret', () => {
		const secret = question({...base, valueType: 'string', prompt: 'Database password', secret: true, pattern: '^.{12,}$'});

		it('never shows what is typed, not even in the reason it is refused', async () => {
			const view = await ask(secret);
			await view.type('hunter2');
			const frame = view.frame();
			expect(frame).not.toContain('hunter2');
			expect(frame).toContain('*******');
			expect(frame).toContain('the value must match ^.{12,}$');
			for (const shown of view.frames) expect(shown).not.toContain('hunter2');
			await view.type(keys.enter);
			expect(view.onAnswer).not.toHaveBeenCalled();
		});

		it('submits the typed secret', async () => {
			const view = await ask(secret);
			await view.type('correct horse battery', keys.enter);
			expect(view.onAnswer).toHaveBeenCalledExactlyOnceWith('correct horse battery', 'alice');
			expect(view.frame()).not.toContain('correct horse');
		});

		it('does not show its default', async () => {
			const view = await ask(question({...secret, default: 'default-secret-value'}));
			expect(view.frame()).not.toContain('default-secret-value');
			expect(view.frame()).toContain('Enter keeps the default');
		});
	});

	// A value pasted with its line end (or typed faster than Ink reads) arrives as one chunk, "4\r":
	// once it was taken as text and refused ('the value must match ..., got "v1.2.3\r"').
	it('takes a value that arrives with its Enter in one chunk, as pasted', async () => {
		const view = await ask(question({...base, valueType: 'string', pattern: '^[a-z0-9.]+$'}));
		await view.type('v1.2.3\r');
		expect(view.frame()).not.toContain('must match');
		expect(view.onAnswer).toHaveBeenCalledExactlyOnceWith('v1.2.3', 'alice');
	});
});
