import {chmodSync, cpSync, mkdirSync, statSync, symlinkSync} from 'node:fs';
import {join} from 'node:path';
import {describe, expect, it} from 'vitest';
import {belay, describeExit, tempDir, writeAnswers, writeRunbook} from '../cli/belay.js';

const runbook = {version: 1, name: 'state', title: 'State', steps: [{id: 'gate', title: 'Gate', manual: 'Go?'}, {id: 'act', title: 'Act', shell: 'echo acted'}]};

describe('the state dir is not trusted blindly', () => {
	it('a state dir everyone can write (such as /tmp) is refused, and left as it was', async () => {
		const dir = await tempDir('state-open');
		const open = join(dir, 'open');
		mkdirSync(open);
		chmodSync(open, 0o1777);
		const file = await writeRunbook(dir, 'state.yaml', runbook);
		const exit = await belay(['run', file, '--state-dir', open, '--non-interactive']);
		expect(exit.code, describeExit(exit)).toBe(2);
		expect(exit.stderr).toContain(`${open} can be written by everyone`);
		expect(statSync(open).mode & 0o7777).toBe(0o1777);
	});

	it('a run folder that is a symbolic link is refused', async () => {
		const dir = await tempDir('state-link');
		const file = await writeRunbook(dir, 'state.yaml', runbook);
		const state = join(dir, 'state');
		const first = await belay(['run', file, '--run-id', 'real', '--state-dir', state, '--non-interactive']);
		expect(first.code, describeExit(first)).toBe(3);
		symlinkSync(join(state, 'runs', 'real'), join(state, 'runs', 'linked'));
		const exit = await belay(['resume', 'linked', '--state-dir', state, '--non-interactive', '--yes']);
		expect(exit.code, describeExit(exit)).toBe(2);
		expect(exit.stderr).toContain('symbolic link');
		expect(exit.stdout).not.toContain('acted');
	});

	it("a journal copied under another run's name is refused: its steps never run twice", async () => {
		const dir = await tempDir('state-copy');
		const file = await writeRunbook(dir, 'state.yaml', runbook);
		const state = join(dir, 'state');
		const answers = await writeAnswers(dir, 'a.yaml', {steps: {gate: true}});
		const first = await belay(['run', file, '--run-id', 'one', '--state-dir', state, '--answers', answers]);
		expect(first.code, describeExit(first)).toBe(0);
		mkdirSync(join(state, 'runs', 'two'), {mode: 0o700});
		cpSync(join(state, 'runs', 'one', 'journal.jsonl'), join(state, 'runs', 'two', 'journal.jsonl'));
		const exit = await belay(['resume', 'two', '--state-dir', state, '--non-interactive', '--yes']);
		expect(exit.code, describeExit(exit)).toBe(2);
		expect(exit.stderr).toContain("belongs to run 'one'");
		expect(exit.stdout).not.toContain('acted');
	});

	it.each(['../../outside/runs/x', '..', 'a/b'])('resume %s is refused as no run id', async id => {
		const dir = await tempDir('state-id');
		const exit = await belay(['resume', id, '--state-dir', join(dir, 'state'), '--non-interactive']);
		expect(exit.code, describeExit(exit)).toBe(2);
		expect(exit.stderr).toContain('is not a run id');
	});
});
