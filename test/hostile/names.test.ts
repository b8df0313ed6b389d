import {join} from 'node:path';
import {describe, expect, it} from 'vitest';
import {belay, describeExit, tempDir, writeAnswers, writeRunbook} from '../cli/belay.js';

/** Names that are properties of every JavaScript object: belay must treat them as plain names. */
const objectNames = ['toString', 'constructor', '__proto__', 'valueOf', 'hasOwnProperty'];

const runbook = {
	version: 1,
	name: 'names',
	title: 'Names are data',
	environments: {production: {protected: true}},
	inputs: {constructor: {default: 'built'}, valueOf: {required: false}},
	steps: [
		{id: 'constructor', title: 'A step named constructor', shell: 'echo "input ${{ inputs.constructor }} / ${{ $exists(inputs.valueOf) }}"'},
		{id: 'to-string', title: 'After it', shell: 'echo after'},
	],
};

describe('names that objects have too', () => {
	it.each(objectNames)('--env %s on a runbook that declares only production is refused, and nothing runs', async name => {
		const dir = await tempDir('names-env');
		const file = await writeRunbook(dir, 'names.yaml', runbook);
		const exit = await belay(['run', file, '--env', name, '--state-dir', join(dir, 'state'), '--non-interactive', '--yes']);
		expect(exit.code, describeExit(exit)).toBe(2);
		expect(exit.stderr).toContain(`has no environment '${name}'; choose one of production`);
		expect(exit.stdout).not.toContain('▶');
	});

	it.each(objectNames.filter(name => name !== 'constructor' && name !== 'valueOf'))('--input %s=x is refused as an input the runbook lacks', async name => {
		const dir = await tempDir('names-input');
		const file = await writeRunbook(dir, 'names.yaml', runbook);
		const exit = await belay(['run', file, '--env', 'production', '--input', `${name}=x`, '--state-dir', join(dir, 'state'), '--non-interactive', '--yes']);
		expect(exit.code, describeExit(exit)).toBe(2);
		expect(exit.stderr).toContain(`has no input '${name}'`);
	});

	it('a step id constructor and inputs named constructor and valueOf work as plain names', async () => {
		const dir = await tempDir('names-run');
		const file = await writeRunbook(dir, 'names.yaml', runbook);
		const answers = await writeAnswers(dir, 'answers.yaml', {steps: {constructor: {confirm: true}, 'to-string': {confirm: true}}});
		const exit = await belay(['run', file, '--env', 'production', '--state-dir', join(dir, 'state'), '--answers', answers]);
		expect(exit.code, describeExit(exit)).toBe(0);
		expect(exit.stdout).toContain('constructor | input built / false');
		expect(exit.stdout).toContain('to-string | after');
	});

	it('an answers file for a step the runbook lacks, named like an object property, answers nothing', async () => {
		const dir = await tempDir('names-answers');
		const file = await writeRunbook(dir, 'names.yaml', {...runbook, steps: [{id: 'gate', title: 'Gate', manual: 'Go?'}]});
		const answers = await writeAnswers(dir, 'answers.yaml', {steps: {}});
		const exit = await belay(['run', file, '--env', 'production', '--state-dir', join(dir, 'state'), '--answers', answers, '--non-interactive']);
		// No answer for gate: inherited names (toString, constructor) of the answers' steps are not answers.
		expect(exit.code, describeExit(exit)).toBe(3);
	});
});

describe('an answers file', () => {
	const steps = {
		version: 1,
		name: 'answers',
		title: 'Answers',
		steps: [
			{id: 'colour', title: 'Colour', select: {options: [{label: 'red', value: 'red'}, {label: 'blue', value: 'blue'}]}},
			{id: 'copies', title: 'Copies', input: {type: 'number'}},
			{id: 'each', title: 'Each', foreach: {items: [1], steps: [{id: 'put', title: 'Put', shell: 'true'}]}},
		],
	};

	it('naming a step the runbook lacks is refused at that key, with the nearest id, and nothing runs', async () => {
		const dir = await tempDir('answers-unknown');
		const file = await writeRunbook(dir, 'answers.yaml', steps);
		const answers = await writeAnswers(dir, 'a.yaml', {steps: {colour: 'red', copeis: 2, 'each[0].put': {resume: 'retry'}}});
		const exit = await belay(['run', file, '--state-dir', join(dir, 'state'), '--answers', answers, '--non-interactive']);
		expect(exit.code, describeExit(exit)).toBe(2);
		expect(exit.stderr).toMatch(/a\.yaml:\d+:\d+: runbook answers has no step 'copeis' \(did you mean 'copies'\?\)/);
		expect(exit.stderr).not.toContain("'each");
		expect(exit.stdout).not.toContain('▶');
	});

	it.each([
		[['red'], 'a list is not the option red'],
		['  ', 'spaces are not a number'],
		['0x10', 'hex is not a number'],
		['1e999', 'a number too big for the journal'],
	])('answers strictly: %j (%s) is refused, and the run pauses', async (value, _why) => {
		const dir = await tempDir('answers-strict');
		const file = await writeRunbook(dir, 'answers.yaml', steps);
		const key = Array.isArray(value) ? 'colour' : 'copies';
		const answers = await writeAnswers(dir, 'a.yaml', {steps: {...(key === 'copies' ? {colour: 'red'} : {}), [key]: value}});
		const exit = await belay(['run', file, '--state-dir', join(dir, 'state'), '--answers', answers, '--non-interactive']);
		expect(exit.code, describeExit(exit)).toBe(3);
		expect(exit.stderr).toContain(`paused at step ${key}`);
	});
});
