/**
 * The exit codes of `run` and `resume` (CLI spec) and the behaviour behind them, as an operator or a
 * CI job meets them: usage errors that create nothing, failed steps, pauses for answers, retries,
 * signals, timeouts, dry runs and literal shell values.
 */
import {existsSync, readFileSync} from 'node:fs';
import {mkdir, readdir, rm, writeFile} from 'node:fs/promises';
import {join} from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {belay, describeExit, isAlive, show, start, stepOf, tempDir, until, writeAnswers, writeRunbook} from './belay.js';

let dir: string;
let count = 0;

beforeAll(async () => {
	dir = await tempDir('exit');
});

afterAll(async () => {
	await rm(dir, {recursive: true, force: true});
});

/** A fresh folder for one test: its runbook, state dir and marks live there. */
async function scratch(): Promise<{home: string; state: string; marks: string}> {
	const home = join(dir, `case-${++count}`);
	await mkdir(home);
	return {home, state: join(home, 'state'), marks: join(home, 'marks')};
}

function lines(path: string): string[] {
	return existsSync(path) ? readFileSync(path, 'utf8').split('\n').filter(line => line !== '') : [];
}

/** Nothing was created for a run: the state dir is missing, or has no run in it. */
async function expectNoRun(state: string): Promise<void> {
	if (!existsSync(state)) return;
	const runs = join(state, 'runs');
	expect(existsSync(runs) ? await readdir(runs) : []).toEqual([]);
}

const mark = (id: string): string => `echo ${id} >> "\${{ inputs.marks }}"`;

describe.concurrent('exit 2: usage errors, and nothing is created', () => {
	it('an invalid runbook', async ({expect}) => {
		const {home, state} = await scratch();
		const file = join(home, 'broken.yaml');
		await writeFile(
			file,
			['version: 1', 'name: broken', 'title: Broken', 'steps:', '  - id: a', '    title: A', '    shell: echo ${{ steps.nope.value }}', ''].join('\n'),
		);
		const exit = await belay(['run', file, '--state-dir', state, '--non-interactive', '--run-id', 'b1']);
		expect(exit.code, describeExit(exit)).toBe(2);
		expect(exit.stderr).toMatch(new RegExp(`${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:7:\\d+: .*nope`));
		expect(exit.stderr).toContain(`belay validate ${file}`);
		await expectNoRun(state);
	});

	it('a missing --env', async ({expect}) => {
		const {home, state, marks} = await scratch();
		const file = await writeRunbook(home, 'envs.yaml', {
			version: 1,
			name: 'with-envs',
			title: 'Environments',
			environments: {development: {}, production: {protected: true}},
			inputs: {marks: {}},
			steps: [{id: 'a', title: 'A', shell: mark('a')}],
		});
		const exit = await belay(['run', file, '--input', `marks=${marks}`, '--state-dir', state, '--non-interactive']);
		expect(exit.code, describeExit(exit)).toBe(2);
		expect(exit.stderr).toContain('--env development|production');
		const unknown = await belay(['run', file, '--env', 'staging', '--input', `marks=${marks}`, '--state-dir', state, '--non-interactive']);
		expect(unknown.code, describeExit(unknown)).toBe(2);
		expect(unknown.stderr).toContain('development, production');
		await expectNoRun(state);
		expect(existsSync(marks)).toBe(false);
	});

	it('pairing required, with the same name twice (or no pair)', async ({expect}) => {
		const {home, state, marks} = await scratch();
		const file = await writeRunbook(home, 'paired.yaml', {
			version: 1,
			name: 'paired',
			title: 'Paired',
			pairing: 'required',
			inputs: {marks: {}},
			steps: [{id: 'a', title: 'A', shell: mark('a')}],
		});
		const base = ['run', file, '--input', `marks=${marks}`, '--state-dir', state, '--non-interactive'];
		const same = await belay([...base, '--operator', 'alice', '--pair', 'Alice']);
		expect(same.code, describeExit(same)).toBe(2);
		expect(same.stderr).toContain('the pair must be a second person');
		const alone = await belay([...base, '--operator', 'alice']);
		expect(alone.code, describeExit(alone)).toBe(2);
		expect(alone.stderr).toContain('--pair NAME');
		await expectNoRun(state);
		expect(existsSync(marks)).toBe(false);
	});
});

describe.concurrent('steps', () => {
	it('exit 1 for a failing shell step: names the step, the last lines of output, and belay resume ID', async ({expect}) => {
		const {home, state, marks} = await scratch();
		const file = await writeRunbook(home, 'failing.yaml', {
			version: 1,
			name: 'failing',
			title: 'Failing',
			inputs: {marks: {}},
			steps: [
				{id: 'first', title: 'First', shell: mark('first')},
				{id: 'migrate', title: 'Migrate', shell: 'for i in 1 2 3 4 5; do echo "line-$i"; done; echo "disk full" >&2; exit 3'},
				{id: 'after', title: 'After', shell: mark('after')},
			],
		});
		const exit = await belay(['run', file, '--run-id', 'f1', '--input', `marks=${marks}`, '--state-dir', state, '--non-interactive']);
		expect(exit.code, describeExit(exit)).toBe(1);
		expect(exit.stderr).toContain('step migrate failed: exited with code 3');
		expect(exit.stderr).toContain('belay resume f1');
		for (const line of ['line-5', 'disk full']) {
			expect(exit.stderr).toContain(line);
			expect(exit.stdout).toContain(line);
		}
		expect(lines(marks)).toEqual(['first']);
		const document = await show(state, 'f1');
		expect(document.status).toBe('failed');
		const failed = stepOf(document, 'migrate');
		expect(failed.status).toBe('failed');
		expect(failed.error?.message).toMatch(/line-4\nline-5\ndisk full$/);
		expect(failed.error?.details?.['lastLines']).toEqual(['line-1', 'line-2', 'line-3', 'line-4', 'line-5', 'disk full']);
		expect(stepOf(document, 'after').status).toBe('pending');
	});

	it('exit 3 until the answers come: a manual step, then an approval by the pair (not the operator)', async ({expect}) => {
		const {home, state, marks} = await scratch();
		const file = await writeRunbook(home, 'answers.yaml', {
			version: 1,
			name: 'needs-answers',
			title: 'Needs answers',
			pairing: 'required',
			inputs: {marks: {}},
			steps: [
				{id: 'maintenance-on', title: 'Maintenance on', manual: 'Switch maintenance mode on.'},
				{id: 'plan-reviewed', title: 'Plan reviewed', approve: {prompt: 'Is the plan right?'}},
				{id: 'apply', title: 'Apply', shell: mark('apply')},
			],
		});
		const run = await belay(['run', file, '--run-id', 'a1', '--operator', 'alice', '--pair', 'bob', '--input', `marks=${marks}`, '--state-dir', state, '--non-interactive']);
		expect(run.code, describeExit(run)).toBe(3);
		expect(run.stderr).toContain('belay resume a1');
		expect((await show(state, 'a1')).pausedOn).toMatchObject({key: 'maintenance-on', question: 'checklist'});

		const byOperator = await writeAnswers(home, 'by-alice.yaml', {steps: {'maintenance-on': true, 'plan-reviewed': {approver: 'alice'}}});
		const refused = await belay(['resume', 'a1', '--answers', byOperator, '--state-dir', state, '--non-interactive']);
		expect(refused.code, describeExit(refused)).toBe(3);
		const paused = await show(state, 'a1');
		expect(paused.pausedOn).toMatchObject({key: 'plan-reviewed', question: 'approve'});
		expect(paused.pausedOn?.reason).toContain('not the operator');
		expect(stepOf(paused, 'maintenance-on').status).toBe('succeeded');
		expect(existsSync(marks)).toBe(false);

		const byPair = await writeAnswers(home, 'by-bob.yaml', {steps: {'plan-reviewed': {approver: 'bob'}}});
		const approved = await belay(['resume', 'a1', '--answers', byPair, '--state-dir', state, '--non-interactive']);
		expect(approved.code, describeExit(approved)).toBe(0);
		expect(lines(marks)).toEqual(['apply']);
		const report = JSON.parse((await belay(['report', 'a1', '--format', 'json', '--state-dir', state])).stdout) as {
			steps: {id: string; approval?: {approver: string}}[];
		};
		expect(report.steps.find(step => step.id === 'plan-reviewed')?.approval?.approver).toBe('bob');
	});

	it('--yes answers plain confirmations but never confirmText; the exact text proceeds', async ({expect}) => {
		const {home, state, marks} = await scratch();
		const file = await writeRunbook(home, 'confirm.yaml', {
			version: 1,
			name: 'confirm-text',
			title: 'Confirm text',
			inputs: {marks: {}, table: {default: 'Lpas'}},
			steps: [
				{id: 'snapshot', title: 'Snapshot', confirm: 'Take a snapshot?', shell: mark('snapshot')},
				{id: 'delete-old', title: 'Delete the old table', confirmText: 'delete-${{ inputs.table }}', shell: mark('delete-old')},
			],
		});
		const common = ['--state-dir', state, '--non-interactive', '--yes'];
		const run = await belay(['run', file, '--run-id', 'c1', '--input', `marks=${marks}`, ...common]);
		expect(run.code, describeExit(run)).toBe(3);
		expect(lines(marks)).toEqual(['snapshot']);
		expect((await show(state, 'c1')).pausedOn).toMatchObject({key: 'delete-old', question: 'confirmText'});

		const again = await belay(['resume', 'c1', ...common]);
		expect(again.code, describeExit(again)).toBe(3);
		const wrong = await writeAnswers(home, 'wrong.yaml', {steps: {'delete-old': {confirmText: 'delete-lpas'}}});
		const refused = await belay(['resume', 'c1', '--answers', wrong, ...common]);
		expect(refused.code, describeExit(refused)).toBe(3);
		expect((await show(state, 'c1')).pausedOn?.reason).toContain('type exactly: delete-Lpas');
		expect(lines(marks)).toEqual(['snapshot']);

		const right = await writeAnswers(home, 'right.yaml', {steps: {'delete-old': {confirmText: 'delete-Lpas'}}});
		const confirmed = await belay(['resume', 'c1', '--answers', right, ...common]);
		expect(confirmed.code, describeExit(confirmed)).toBe(0);
		expect(lines(marks)).toEqual(['snapshot', 'delete-old']);
	});

	it('retry {attempts: 3, delay: 1s}: fails twice, then succeeds, with attempts 3', async ({expect}) => {
		const {home, state} = await scratch();
		const counter = join(home, 'counter');
		const file = await writeRunbook(home, 'retry.yaml', {
			version: 1,
			name: 'retrying',
			title: 'Retrying',
			inputs: {counter: {}},
			steps: [
				{
					id: 'flaky',
					title: 'Flaky',
					retry: {attempts: 3, delay: '1s'},
					shell: 'n=$(cat "${{ inputs.counter }}" 2>/dev/null || echo 0); n=$((n + 1)); echo "$n" > "${{ inputs.counter }}"; echo "attempt $n"; [ "$n" -ge 3 ]',
				},
			],
		});
		const exit = await belay(['run', file, '--run-id', 'r1', '--input', `counter=${counter}`, '--state-dir', state, '--non-interactive']);
		expect(exit.code, describeExit(exit)).toBe(0);
		expect(readFileSync(counter, 'utf8').trim()).toBe('3');
		expect(exit.stdout).toContain('(attempt 1; retrying)');
		expect(exit.stdout).toContain('(attempt 2; retrying)');
		expect(exit.ms).toBeGreaterThanOrEqual(2000);
		const document = await show(state, 'r1');
		expect(document.status).toBe('succeeded');
		expect(stepOf(document, 'flaky')).toMatchObject({status: 'succeeded', attempts: 3});
	});

	it('onFailure: continue goes on; when: false skips', async ({expect}) => {
		const {home, state, marks} = await scratch();
		const file = await writeRunbook(home, 'continue.yaml', {
			version: 1,
			name: 'continuing',
			title: 'Continuing',
			inputs: {marks: {}, mode: {default: 'restore'}},
			steps: [
				{id: 'optional', title: 'Optional', onFailure: 'continue', shell: `${mark('optional')}; exit 1`},
				{id: 'never', title: 'Never', when: false, shell: mark('never')},
				{id: 'backup-only', title: 'Backup only', when: "${{ inputs.mode = 'backup' }}", shell: mark('backup-only')},
				{id: 'restore-only', title: 'Restore only', when: "${{ inputs.mode = 'restore' }}", shell: mark('restore-only')},
				{id: 'next', title: 'Next', shell: mark('next')},
			],
		});
		const exit = await belay(['run', file, '--run-id', 'o1', '--input', `marks=${marks}`, '--state-dir', state, '--non-interactive']);
		// The run reached its end, but not as a plain success: one step failed on the way (exit 1).
		expect(exit.code, describeExit(exit)).toBe(1);
		expect(exit.stdout).toContain('belay: run o1 succeeded with 1 failed step (optional)');
		expect(exit.stderr).toContain('1 step failed and was continued past (onFailure: continue): optional');
		expect(lines(marks)).toEqual(['optional', 'restore-only', 'next']);
		const document = await show(state, 'o1');
		expect(document.status).toBe('succeeded');
		expect((document as unknown as {failedSteps: string[]}).failedSteps).toEqual(['optional']);
		const listed = await belay(['runs', '--state-dir', state]);
		expect(listed.stdout).toMatch(/o1 .*succeeded \(1 failed\)/);
		const report = await belay(['report', 'o1', '--format', 'md', '--state-dir', state]);
		expect(report.stdout).toContain('| Status | succeeded with 1 failed step (optional) |');
		expect(stepOf(document, 'optional').status).toBe('failed');
		expect(stepOf(document, 'never')).toMatchObject({status: 'skipped', skipReason: 'when'});
		expect(stepOf(document, 'backup-only')).toMatchObject({status: 'skipped', skipReason: 'when'});
		expect(stepOf(document, 'restore-only').status).toBe('succeeded');
		expect(stepOf(document, 'next').status).toBe('succeeded');
	});

	it('a shell timeout stops the command and fails the step, saying it timed out', async ({expect}) => {
		const {home, state} = await scratch();
		const pidFile = join(home, 'sleep.pid');
		const file = await writeRunbook(home, 'timeout.yaml', {
			version: 1,
			name: 'timing-out',
			title: 'Timing out',
			inputs: {pid: {}},
			steps: [{id: 'slow', title: 'Slow', timeout: '1s', shell: 'sleep 30 & echo $! > "${{ inputs.pid }}"; wait'}],
		});
		const exit = await belay(['run', file, '--run-id', 't1', '--input', `pid=${pidFile}`, '--state-dir', state, '--non-interactive']);
		expect(exit.code, describeExit(exit)).toBe(1);
		expect(exit.ms).toBeLessThan(10_000);
		expect(exit.stderr).toContain('step slow failed: timed out after 1s');
		const failed = stepOf(await show(state, 't1'), 'slow');
		expect(failed.error).toMatchObject({code: 'Timeout'});
		// The command's own child is stopped too (when it got as far as starting it).
		expect(await until(() => !existsSync(pidFile) || !isAlive(Number(readFileSync(pidFile, 'utf8'))), 5000)).toBe(true);
	});
});

describe.concurrent('signals, dry runs, values', () => {
	it('SIGTERM during a long shell step exits 130, stops the command, and the run resumes later', async ({expect}) => {
		const {home, state, marks} = await scratch();
		const flag = join(home, 'first-try');
		const file = await writeRunbook(home, 'long.yaml', {
			version: 1,
			name: 'long-step',
			title: 'Long step',
			inputs: {marks: {}, flag: {}},
			steps: [
				{id: 'before', title: 'Before', shell: mark('before')},
				{
					id: 'long',
					title: 'Long',
					// The first time it sleeps (its pids written down); the retry finishes at once.
					shell:
						'if [ -f "${{ inputs.flag }}.done" ]; then echo long >> "${{ inputs.marks }}"; exit 0; fi; ' +
						'touch "${{ inputs.flag }}.done"; sleep 30 & echo "$$ $!" > "${{ inputs.flag }}"; wait',
				},
				{id: 'after', title: 'After', shell: mark('after')},
			],
		});
		const running = start(['run', file, '--run-id', 's1', '--input', `marks=${marks}`, '--input', `flag=${flag}`, '--state-dir', state, '--non-interactive']);
		expect(await until(() => existsSync(flag) && readFileSync(flag, 'utf8').includes('\n'), 15_000)).toBe(true);
		const pids = readFileSync(flag, 'utf8').trim().split(' ').map(Number);
		expect(pids.every(isAlive)).toBe(true);
		const signalled = Date.now();
		running.child.kill('SIGTERM');
		const exit = await running.exited;
		expect(exit.code, describeExit(exit)).toBe(130);
		expect(Date.now() - signalled).toBeLessThan(4000);
		expect(exit.stderr).toContain('belay resume s1');
		// The command and its children are gone.
		expect(await until(() => !pids.some(isAlive), 3000), `still alive: ${pids.filter(isAlive).join(' ')}`).toBe(true);
		const interrupted = await show(state, 's1');
		expect(interrupted.status).toBe('interrupted');
		expect(stepOf(interrupted, 'long').status).toBe('interrupted');

		// It changes things, so a resume asks before running it again.
		const asked = await belay(['resume', 's1', '--state-dir', state, '--non-interactive', '--yes']);
		expect(asked.code, describeExit(asked)).toBe(3);
		expect((await show(state, 's1')).pausedOn).toMatchObject({key: 'long', question: 'resume'});
		const retry = await writeAnswers(home, 'retry.yaml', {steps: {long: {resume: 'retry'}}});
		const resumed = await belay(['resume', 's1', '--answers', retry, '--state-dir', state, '--non-interactive']);
		expect(resumed.code, describeExit(resumed)).toBe(0);
		expect(lines(marks)).toEqual(['before', 'long', 'after']);
	});

	it('--dry-run performs nothing mutating and shows what each mutating step would do', async ({expect}) => {
		const {home, state, marks} = await scratch();
		const looked = join(home, 'looked');
		const file = await writeRunbook(home, 'dry.yaml', {
			version: 1,
			name: 'dry',
			title: 'Dry',
			inputs: {marks: {}, looked: {}, table: {default: 'Lpas'}},
			vars: {restored: "${{ inputs.table & '-restored' }}"},
			steps: [
				{id: 'look', title: 'Look', readOnly: true, shell: 'echo look >> "${{ inputs.looked }}"'},
				{id: 'maintenance', title: 'Maintenance on', manual: 'Switch maintenance on.'},
				{id: 'restore', title: 'Restore', shell: 'echo restore ${{ vars.restored }} >> "${{ inputs.marks }}"'},
				{id: 'each', title: 'Each', foreach: {items: ['x', 'y'], steps: [{id: 'put', title: 'Put', shell: 'echo put-${{ item }} >> "${{ inputs.marks }}"'}]}},
			],
		});
		const exit = await belay(['run', file, '--dry-run', '--run-id', 'd1', '--input', `marks=${marks}`, '--input', `looked=${looked}`, '--state-dir', state, '--non-interactive']);
		expect(exit.code, describeExit(exit)).toBe(0);
		expect(existsSync(marks)).toBe(false);
		expect(lines(looked)).toEqual(['look']);
		expect(exit.stdout).toContain('DRY RUN');
		expect(exit.stdout).toContain('◌ maintenance: dry run, not performed');
		expect(exit.stdout).toContain(`would: $ echo restore Lpas-restored >> "${marks}"`);
		expect(exit.stdout).toContain(`would: $ echo put-x >> "${marks}"`);
		expect(exit.stdout).toContain(`would: $ echo put-y >> "${marks}"`);
		const document = await show(state, 'd1');
		expect(document.dryRun).toBe(true);
		expect(stepOf(document, 'restore')).toMatchObject({status: 'skipped', skipReason: 'dry-run'});
		expect(stepOf(document, 'look').status).toBe('succeeded');
	});

	it('interpolated values reach the command literally, as one argument', async ({expect}) => {
		const {home, state} = await scratch();
		const value = "a b; touch pwned $(touch pwned2) `touch pwned3` 'q' \"d\" $HOME *";
		const file = await writeRunbook(home, 'quoting.yaml', {
			version: 1,
			name: 'quoting',
			title: 'Quoting',
			inputs: {value: {}},
			steps: [
				{
					id: 'args',
					title: 'Args',
					shell: [
						"printf '[%s]\\n' ${{ inputs.value }} >> got",
						'printf \'[%s]\\n\' "${{ inputs.value }}" >> got',
						"printf '[%s]\\n' 'x${{ inputs.value }}y' >> got",
						'set -- ${{ inputs.value }}; echo "bare $#" > bare',
					].join('\n'),
				},
			],
		});
		const exit = await belay(['run', file, '--run-id', 'q1', '--input', `value=${value}`, '--state-dir', state, '--non-interactive'], {cwd: home});
		expect(exit.code, describeExit(exit)).toBe(0);
		expect(readFileSync(join(home, 'bare'), 'utf8')).toBe('bare 1\n');
		expect(lines(join(home, 'got'))).toEqual([`[${value}]`, `[${value}]`, `[x${value}y]`]);
		for (const name of ['pwned', 'pwned2', 'pwned3']) expect(existsSync(join(home, name)), name).toBe(false);
	});
});
