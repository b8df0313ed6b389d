import {afterEach, describe, expect, it} from 'vitest';
import {Text} from 'ink';
import {cleanup} from 'ink-testing-library';
import {vi} from 'vitest';
import {paragraphs} from '../../../source/ui/prompts/checklist-prompt.js';
import {QuestionPrompt} from '../../../source/ui/prompts/question-prompt.js';
import {ask, keys, mount, question, tick} from './helpers.js';

afterEach(cleanup);

const manual = question({
	type: 'checklist',
	text: '## Before the restore\nStop the writers.',
	items: ['Writers stopped', 'Snapshot noted', 'Pair on the call'],
});

describe('checklist prompt', () => {
	it('shows the text, then every item unticked', async () => {
		const view = await ask(manual);
		const frame = view.frame();
		expect(frame).toContain('## Before the restore');
		expect(frame).toContain('❯ [ ] Writers stopped');
		expect(frame).toContain('  [ ] Snapshot noted');
		expect(frame).toContain('  [ ] Pair on the call');
	});

	it('ticks the focused item with space, and unticks it with space again', async () => {
		const view = await ask(manual);
		await view.type(keys.space);
		expect(view.frame()).toContain('❯ [✔] Writers stopped');
		await view.type(keys.space);
		expect(view.frame()).toContain('❯ [ ] Writers stopped');
	});

	it('refuses Enter while an item is unticked, naming it, and answers nothing', async () => {
		const view = await ask(manual);
		await view.type(keys.space, keys.down, keys.space, keys.enter);
		expect(view.frame()).toContain('tick every item first: Pair on the call');
		expect(view.onAnswer).not.toHaveBeenCalled();
	});

	it('answers the list once every item is ticked', async () => {
		const view = await ask(manual);
		await view.type(keys.space, keys.down, keys.space, keys.down, keys.space);
		expect(view.frame()).toContain('[✔] Pair on the call');
		await view.type(keys.enter);
		expect(view.onAnswer).toHaveBeenCalledExactlyOnceWith(['Writers stopped', 'Snapshot noted', 'Pair on the call'], 'alice');
	});

	it('moves up as well as down, and stays within the list', async () => {
		const view = await ask(manual);
		await view.type(keys.up, keys.down, keys.down, keys.down, keys.down, keys.space);
		expect(view.frame()).toContain('❯ [✔] Pair on the call');
		await view.type(keys.up, keys.space);
		expect(view.frame()).toContain('❯ [✔] Snapshot noted');
	});

	it('renders the text with renderText when given', async () => {
		const onAnswer = vi.fn();
		const view = mount(
			<QuestionPrompt question={manual} operator="alice" onAnswer={onAnswer} onQuit={() => {}} renderText={text => <Text>RENDERED {text.length}</Text>} />,
		);
		await tick();
		expect(view.frame()).toContain(`RENDERED ${manual.text!.length}`);
		expect(view.frame()).not.toContain('## Before');
	});

	it('quits on q', async () => {
		const view = await ask(manual);
		await view.type('q');
		expect(view.onQuit).toHaveBeenCalledOnce();
	});

	it('keeps the marks whole beside an item long enough to wrap', async () => {
		const long = 'Policy documents for the OpenSearch pipeline, the app task role and the event-received role, and env vars, update to use the restored table';
		const view = await ask(question({type: 'checklist', text: '', items: [long, 'Short']}));
		const lines = view.frame().split('\n');
		expect(lines.find(line => line.includes('Policy documents'))).toMatch(/^❯ \[ \] Policy documents/);
		expect(lines.find(line => line.includes('Short'))).toMatch(/^ {2}\[ \] Short/);
	});

	it('in a room, keeps the indentation of its text and marks a cut text with one …', async () => {
		const text = ['Check the pods:', '    kubectl get pods -n lpa', ...Array.from({length: 10}, (_, index) => `Line ${index} of the instructions, long enough to be cut at the width`)].join('\n');
		const view = await ask(question({type: 'checklist', text, items: ['Pods checked', 'Pair on the call']}), 'alice', {rows: 8, width: 40});
		const frame = view.frame();
		expect(frame.split('\n').length, frame).toBeLessThanOrEqual(8);
		expect(frame).toContain('    kubectl get pods -n lpa');
		expect(frame).not.toContain('… …');
		expect(frame).toMatch(/…$/m);
		expect(frame).toContain('Pods checked');
	});

	// The bundled restore's plan check at 80×24 (the room it gets there): its text whole, its YAML
	// line breaks read as Markdown does (once cut before "--rerun terraform-plan makes a new plan").
	it('shows a paragraph broken by its YAML block whole in the room it has at 80×24', async () => {
		const text = [
			"Read the plan together: the previous step's output (on belay's screen it has given way to",
			'this list: `terraform show belay-restore.tfplan` in the terraform directory prints it again).',
			"Expect updates to the restored table, and to everything that refers to the table's name or",
			'ARN. Nothing else should be destroyed. Tick each item only when the plan shows it. If the plan',
			'is wrong, stop here (`q`): fix the configuration, then',
			'`belay resume restore-dynamodb-table-20261202-101500-abcd --rerun terraform-plan` makes a new plan.',
		].join('\n');
		const items = ['Policy documents for the OpenSearch pipeline, the app task role and the event-received role, and env vars, update to use the restored table', 'AWS Backup manages the restored table', 'DynamoDB table tags, point-in-time recovery enabled, stream enabled'];
		const view = await ask(question({type: 'checklist', text, items}), 'alice', {rows: 15, width: 78});
		const frame = view.frame();
		expect(frame.split('\n').length, frame).toBeLessThanOrEqual(15);
		expect(frame.replace(/\s+/g, ' ')).toContain('--rerun terraform-plan` makes a new plan.');
		expect(frame).not.toMatch(/^given way to$/m);
	});

	it('paragraphs: joins the lines of a paragraph, keeps lists, code, headings and blank lines', () => {
		expect(paragraphs('one\ntwo\n\nthree')).toEqual(['one two', '', 'three']);
		expect(paragraphs('## Steps\n- stop the writers\n- note the snapshot\nthen go on')).toEqual(['## Steps', '- stop the writers', '- note the snapshot then go on']);
		expect(paragraphs('Run:\n    kubectl get pods\nand check')).toEqual(['Run:', '    kubectl get pods', 'and check']);
	});
});
