/**
 * No stack traces (hardening class 7), for what an operator hands belay: YAML nested thousands of
 * levels deep, a directory or an unreadable file where a file is wanted, odd flags. Each ends with
 * the documented exit code and lines a person can act on, and nothing runs.
 */
import {chmodSync, existsSync, mkdirSync, readdirSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {describe, expect, it} from 'vitest';
import {belay, tempDir, writeRunbook} from '../cli/belay.js';
import {expectClean, unprivileged} from './clean-exit.js';

const depth = 2000;

/** A runbook whose only step makes the canary, with `extra` lines at its top. */
function runbookText(canary: string, extra = ''): string {
	return `version: 1\nname: deep\ntitle: Deep\n${extra}steps:\n  - id: act\n    title: Act\n    shell: touch "${canary}"\n`;
}

const deepList = `${'['.repeat(depth)}${']'.repeat(depth)}`;
const deepMapping = Array.from({length: depth}, (_, level) => `${'  '.repeat(level + 1)}a:`).join('\n');

describe(`YAML nested ${depth} levels deep`, () => {
	it.each([
		['a flow list', `vars:\n  deep: ${deepList}\n`],
		['a block mapping', `vars:\n  deep:\n${deepMapping}\n`],
		['a flow mapping', `vars:\n  deep: ${'{a: '.repeat(depth)}1${'}'.repeat(depth)}\n`],
	])('%s: validate and run name the file and that it nests too deep; nothing runs', async (_name, extra) => {
		const dir = await tempDir('deep');
		const canary = join(dir, 'canary');
		const file = join(dir, 'deep.yaml');
		writeFileSync(file, runbookText(canary, extra));
		const validate = await belay(['validate', file]);
		expect(expectClean(validate, 2, {lines: 2})).toMatch(/deep\.yaml:\d+:\d+: YAML: lists and mappings nest too deep here \(more than 100 levels\): flatten them/);
		const run = await belay(['run', file, '--state-dir', join(dir, 'state'), '--yes', '--non-interactive']);
		expect(expectClean(run, 2, {lines: 2, canary})).toContain(`${file}:`);
		expect(run.stderr).toContain('nest too deep');
		expect(existsSync(join(dir, 'state'))).toBe(false);
	});

	it('in an answers file: exit 2, naming the answers file; nothing runs', async () => {
		const dir = await tempDir('deep-answers');
		const canary = join(dir, 'canary');
		const file = join(dir, 'fine.yaml');
		writeFileSync(file, runbookText(canary));
		const answers = join(dir, 'answers.yaml');
		writeFileSync(answers, `inputs:\n  deep: ${deepList}\n`);
		const exit = await belay(['run', file, '--answers', answers, '--state-dir', join(dir, 'state'), '--yes']);
		expect(expectClean(exit, 2, {lines: 2, canary})).toMatch(/answers\.yaml:2:\d+: YAML: lists and mappings nest too deep/);
	});
});

describe('a file that is no file, or cannot be read', () => {
	it('a directory given as the runbook', async () => {
		const dir = await tempDir('dir-runbook');
		mkdirSync(join(dir, 'book.yaml'));
		const validate = await belay(['validate', join(dir, 'book.yaml')]);
		expect(expectClean(validate, 2, {lines: 2})).toContain('book.yaml:1:1: cannot read the runbook: it is a directory, not a file');
		const run = await belay(['run', join(dir, 'book.yaml'), '--state-dir', join(dir, 'state')]);
		expect(expectClean(run, 2)).toContain("no runbook '");
	});

	it('a device given as the runbook is refused, not read for ever', async () => {
		const exit = await belay(['validate', '/dev/zero']);
		expect(expectClean(exit, 2, {lines: 2})).toContain('/dev/zero:1:1: cannot read the runbook: it is a device, not a file');
	});

	it('a runbook nobody may read (chmod 000)', async () => {
		const dir = await tempDir('unreadable');
		const canary = join(dir, 'canary');
		const file = join(dir, 'secret.yaml');
		writeFileSync(file, runbookText(canary));
		chmodSync(file, 0o000);
		const as = unprivileged(dir);
		const validate = await belay(['validate', file], as);
		expect(expectClean(validate, 2, {lines: 2})).toContain('secret.yaml:1:1: cannot read the runbook: permission denied');
		const run = await belay(['run', file, '--state-dir', join(dir, 'state'), '--yes', '--non-interactive'], as);
		expect(expectClean(run, 2, {lines: 2, canary})).toContain('cannot read the runbook: permission denied');
	});

	it.each([
		['a directory', (dir: string) => (mkdirSync(join(dir, 'answers.yaml')), 'cannot read the answers file: it is a directory, not a file')],
		['an alias with no anchor', (dir: string) => (writeFileSync(join(dir, 'answers.yaml'), 'inputs:\n  x: *nowhere\n'), 'YAML: the alias *nowhere has no anchor &nowhere before it')],
	])('an answers file that is %s', async (_name, make) => {
		const dir = await tempDir('answers');
		const canary = join(dir, 'canary');
		const file = join(dir, 'fine.yaml');
		writeFileSync(file, runbookText(canary));
		const expected = make(dir);
		const exit = await belay(['run', file, '--answers', join(dir, 'answers.yaml'), '--state-dir', join(dir, 'state'), '--yes']);
		expect(expectClean(exit, 2, {lines: 2, canary})).toContain(expected);
	});
});

describe('odd flags', () => {
	it('--events into a directory: exit 2 before any run is made', async () => {
		const dir = await tempDir('events');
		const canary = join(dir, 'canary');
		const file = await writeRunbook(dir, 'fine.yaml', {version: 1, name: 'fine', title: 'Fine', steps: [{id: 'act', title: 'Act', shell: `touch "${canary}"`}]});
		const state = join(dir, 'state');
		const exit = await belay(['run', file, '--events', dir, '--state-dir', state, '--yes']);
		expect(expectClean(exit, 2, {canary})).toContain(`--events ${dir} cannot be written (it is a directory)`);
		expect(existsSync(join(state, 'runs')) ? readdirSync(join(state, 'runs')) : []).toEqual([]);
	});

	it.each(['a/b', 'ü', '$(touch x)', '-', '.hidden', 'x'.repeat(200)])('--run-id %s is refused in one line', async id => {
		const dir = await tempDir('run-id');
		const canary = join(dir, 'canary');
		const file = join(dir, 'fine.yaml');
		writeFileSync(file, runbookText(canary));
		const exit = await belay(['run', file, `--run-id=${id}`, '--state-dir', join(dir, 'state'), '--yes']);
		expect(expectClean(exit, 2, {canary})).toContain('is not a valid id');
	});
});
