/**
 * Shell steps run side by side (a foreach with concurrency) each with their own directory and
 * environment, and leave zx's settings as they found them: belay hands zx its options for one
 * command at a time instead of through zx's `within` (whose AsyncLocalStorage would put a hook on
 * every promise the process made afterwards).
 */
import {mkdirSync, mkdtempSync, readFileSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterAll, describe, expect, it} from 'vitest';
import {planStart} from '../../source/engine/plan-start.js';
import {initialState} from '../../source/engine/reduce.js';
import {loadRunbookText} from '../../source/runbook/load.js';
import {FileRunJournal} from '../../source/store/file-journal.js';
import {inProcessDriver} from '../helpers/in-process.js';

const dir = mkdtempSync(join(tmpdir(), 'belay-shell-concurrent-'));
afterAll(() => rmSync(dir, {recursive: true, force: true}));

describe('shell steps side by side', () => {
	it('each runs in its own directory with its own environment, and zx keeps its own settings', async () => {
		for (const name of ['a', 'b', 'c', 'd', 'e', 'f']) mkdirSync(join(dir, name));
		const yaml = [
			'version: 1',
			'name: side-by-side',
			'title: Side by side',
			'steps:',
			'  - id: each',
			'    title: Each folder',
			'    foreach:',
			"      items: ${{ ['a', 'b', 'c', 'd', 'e', 'f'] }}",
			'      concurrency: 6',
			'      steps:',
			'        - id: mark',
			'          title: Mark it',
			'          shell:',
			'            run: sleep 0.$((RANDOM % 3)); printf "%s in %s" "$WHICH" "$(basename "$PWD")" > mark.txt; echo "$WHICH"',
			`            cwd: ${dir}/\${{ item }}`,
			'            env: {WHICH: "${{ item }}"}',
		].join('\n');
		const loaded = loadRunbookText(yaml, join(dir, 'side.yaml'));
		if (!loaded.ok) throw new Error(JSON.stringify(loaded));
		const plan = await planStart(loaded.loaded, {inputs: {}, operator: null, pair: null, dryRun: false}, {now: new Date(), host: 'h', pid: 1, suffix: 'aaaa'});
		if (!plan.ok) throw new Error('plan');
		const journal = FileRunJournal.open(join(dir, 'journal.jsonl'), true, 0);
		await journal.append(plan.started, 0);
		const {$} = await import('zx');
		const before = {quiet: $.quiet, cwd: $.cwd, env: $.env, halt: ($ as unknown as Record<string, unknown>)['halt']};
		const {driver, close} = inProcessDriver(initialState(plan.started), {loaded: loaded.loaded, journal, logPath: join(dir, 'log'), cwd: dir});
		const outcome = await driver.drive();
		close();
		await journal.close();
		expect(outcome.status).toBe('succeeded');
		for (const name of ['a', 'b', 'c', 'd', 'e', 'f']) expect(readFileSync(join(dir, name, 'mark.txt'), 'utf8')).toBe(`${name} in ${name}`);
		expect({quiet: $.quiet, cwd: $.cwd, env: $.env, halt: ($ as unknown as Record<string, unknown>)['halt']}).toEqual(before);
	});
});
