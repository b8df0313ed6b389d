/**
 * NO_COLOR (https://no-color.org): theme.ts reads it when it is imported, so each test sets it, resets
 * the modules and imports the components again. Nothing is imported statically but vitest: Ink's
 * chalk reads FORCE_COLOR when it is first imported, and without it a test process (no terminal)
 * would print no colour at all, whatever the theme says, and these tests would prove nothing.
 */
import {afterEach, describe, expect, it, vi} from 'vitest';

process.env['FORCE_COLOR'] = '1';
const before = process.env['NO_COLOR'];

afterEach(async () => {
	const {unmountAll} = await import('../screens/helpers.js');
	unmountAll();
	if (before === undefined) delete process.env['NO_COLOR'];
	else process.env['NO_COLOR'] = before;
});

/** The SGR parameters that set a colour: foreground, background, 256/true colour, and the resets. */
function colourCodes(frame: string): string[] {
	const codes: string[] = [];
	for (const [, parameters] of frame.matchAll(/\u001B\[([0-9;]*)m/g)) {
		const list = parameters!.split(';').map(Number);
		for (let index = 0; index < list.length; index++) {
			const code = list[index]!;
			if (code === 38 || code === 48) {
				codes.push(list.slice(index, index + (list[index + 1] === 5 ? 3 : 5)).join(';'));
				index += list[index + 1] === 5 ? 2 : 4;
			} else if ((code >= 30 && code <= 39) || (code >= 40 && code <= 49) || (code >= 90 && code <= 97) || (code >= 100 && code <= 107)) {
				codes.push(String(code));
			}
		}
	}
	return codes;
}

/** The components, imported afresh with NO_COLOR set or not. */
async function load(noColor: string | undefined) {
	if (noColor === undefined) delete process.env['NO_COLOR'];
	else process.env['NO_COLOR'] = noColor;
	vi.resetModules();
	const [{RunHeader}, {StepList}, {KeyHelp}, {theme}, helpers, {restoreTable}] = await Promise.all([
		import('../../../source/ui/components/run-header.js'),
		import('../../../source/ui/components/step-list.js'),
		import('../../../source/ui/components/key-help.js'),
		import('../../../source/ui/theme.js'),
		import('../screens/helpers.js'),
		import('../screens/fixtures.js'),
	]);
	const loaded = helpers.runbook(restoreTable);
	const state = await helpers.replayedRun(loaded, {environment: 'production', inputs: {ticket: 'CHG42', apiKey: 'key-abc'}}, at => [
		{type: 'step-started', at: at(0), key: 'snapshot', attempt: 1, request: {}},
		{type: 'step-succeeded', at: at(1), key: 'snapshot', result: {}, outputs: {}},
		{type: 'step-started', at: at(1), key: 'copy', attempt: 1, request: {}},
		{type: 'step-failed', at: at(2), key: 'copy', attempt: 1, error: {message: 'denied'}, final: true},
	]);
	const now = helpers.facts.now.getTime() + 60_000;
	const header = () =>
		helpers.mountSized(<RunHeader state={state} environment={loaded.runbook.environments['production']} now={now} width={80} />).rawFrame();
	const steps = () => helpers.mountSized(<StepList steps={loaded.runbook.steps} state={state} current="copy" rows={4} width={80} now={now} />).rawFrame();
	const keys = () => helpers.mountSized(<KeyHelp full typing={false} />).rawFrame();
	return {theme, header, steps, keys};
}

describe('NO_COLOR', () => {
	it('(control) the header is in colour without it: the PROTECTED banner is red', async () => {
		const {theme, header} = await load(undefined);
		expect(theme.plain).toBe(false);
		const frame = header();
		expect(colourCodes(frame)).toContain('31');
		expect(frame).toContain('PROTECTED production');
	});

	it('shows the run header with no colour codes, the PROTECTED banner still in inverse video', async () => {
		const {theme, header} = await load('1');
		expect(theme.plain).toBe(true);
		const frame = header();
		expect(colourCodes(frame)).toEqual([]);
		expect(frame).toContain('PROTECTED production');
		// Without colour the banner still stands out: inverse (7) and bold (1).
		expect(frame).toMatch(/\u001B\[7m[^\n]*PROTECTED production/);
		expect(frame).toMatch(/\u001B\[1m/);
	});

	it('shows the step list and the keys with no colour codes, the marks kept', async () => {
		const {steps, keys} = await load('1');
		const list = steps();
		expect(colourCodes(list)).toEqual([]);
		expect(list).toContain('✔');
		expect(list).toContain('✘');
		expect(colourCodes(keys())).toEqual([]);
	});

	it('takes an empty NO_COLOR as not set', async () => {
		const {theme, header} = await load('');
		expect(theme.plain).toBe(false);
		expect(colourCodes(header())).not.toEqual([]);
	});
});
