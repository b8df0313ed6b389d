import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {belay, describeExit, show, start, tempDir, until, writeAnswers, writeRunbook, type Exit} from '../cli/belay.js';
import {newStateTable, startDynalite, type Emulator} from './state-tables.js';

/**
 * Two "machines" (two state dirs, two processes) on one shared table (dynalite): approve from the
 * other one while a driver waits, watch from it, hand a run over, and a lease refused naming its holder.
 */

let emulator: Emulator;
beforeAll(async () => {
	emulator = await startDynalite();
});
afterAll(async () => {
	await emulator?.close();
});

const keys = {AWS_ACCESS_KEY_ID: 'testing', AWS_SECRET_ACCESS_KEY: 'testing'};

describe('shared state on a DynamoDB table', () => {
	it('the pair approves from another machine while the driver waits; a watcher there follows to the end', async () => {
		const url = await newStateTable(emulator);
		const [home, first, second] = [await tempDir('belay-share-'), await tempDir('belay-a-'), await tempDir('belay-b-')];
		const file = await writeRunbook(home, 'approve.yaml', {
			version: 1,
			name: 'shared-approve',
			title: 'Shared approve',
			pairing: 'required',
			steps: [
				{id: 'before', title: 'Before', shell: 'echo before-approval'},
				{id: 'plan-reviewed', title: 'Plan reviewed', approve: {prompt: 'Is the plan right?'}},
				{id: 'after', title: 'After', shell: 'echo after-approval'},
			],
		});
		// The driver waits on standard input (held open): the approval must come from elsewhere.
		const driver = start(['run', file, '--run-id', 's1', '--operator', 'alice', '--pair', 'bob', '--state', url, '--state-dir', first], {env: {...keys, BELAY_NO_STDIN: '0'}, stdin: 'pipe'});
		const driverLines: string[] = [];
		driver.onLine(line => driverLines.push(line));
		let driverErr = '';
		driver.child.stderr?.on('data', (chunk: Buffer) => (driverErr += chunk.toString()));
		expect(await until(() => driverErr.includes('belay approve s1'), 20_000), driverErr).toBe(true);
		expect(driverErr).toMatch(/waiting for the pair, bob's approval/);

		const watcher = start(['watch', 's1', '--state', url, '--state-dir', second], {env: keys});
		const seen: string[] = [];
		watcher.onLine(line => seen.push(line));
		expect(await until(() => seen.some(line => line.includes('watching run s1')), 20_000)).toBe(true);

		const byOperator = await belay(['approve', 's1', '--operator', 'alice', '--state', url, '--state-dir', second], {env: keys});
		expect(byOperator.code, describeExit(byOperator)).toBe(2);
		expect(byOperator.stderr).toContain('alice drives run s1');

		const approved = await belay(['approve', 's1', '--operator', 'bob', '--state', url, '--state-dir', second], {env: keys});
		expect(approved.code, describeExit(approved)).toBe(0);
		// The waiting driver goes on by itself, within 5 s: the next step's output appears.
		expect(await until(() => driverLines.some(line => line.includes('after-approval')), 5_000)).toBe(true);
		const ran: Exit = await driver.exited;
		expect(ran.code, describeExit(ran)).toBe(0);
		driver.child.stdin?.end();

		const watched = await watcher.exited;
		expect(watched.code, describeExit(watched)).toBe(0);
		expect(watched.stdout).toMatch(/after/);
		expect(watched.stderr).toContain('run s1 ended: succeeded');

		// The record, read on the other machine: who approved.
		const report = await belay(['report', 's1', '--format', 'json', '--state', url, '--state-dir', second], {env: keys});
		expect(report.code, describeExit(report)).toBe(0);
		expect(report.stdout).toContain('bob');
		expect((await show(second, 's1').catch(() => undefined))).toBeUndefined();
	}, 60_000);

	it('hands a run over: refused while its driver lives (exit 4, naming it), continued on another machine once it is gone', async () => {
		const url = await newStateTable(emulator);
		const [home, first, second] = [await tempDir('belay-share-'), await tempDir('belay-a-'), await tempDir('belay-b-')];
		const file = await writeRunbook(home, 'long.yaml', {
			version: 1,
			name: 'shared-long',
			title: 'Shared long',
			inputs: {table: {}},
			steps: [
				{id: 'one', title: 'One', shell: 'echo one'},
				{id: 'slow', title: 'Slow', shell: 'echo slow-started $$; sleep 60'},
				{id: 'three', title: 'Three', shell: 'echo three ${{ inputs.table }}'},
			],
		});
		const driver = start(['run', file, '--run-id', 'h1', '--operator', 'alice', '--input', 'table=Lpas', '--state', url, '--state-dir', first], {env: keys});
		const lines: string[] = [];
		driver.onLine(line => lines.push(line));
		expect(await until(() => lines.some(line => line.includes('slow-started')), 20_000), lines.join('\n')).toBe(true);

		const refused = await belay(['resume', 'h1', '--operator', 'carol', '--state', url, '--state-dir', second], {env: keys});
		expect(refused.code, describeExit(refused)).toBe(4);
		expect(refused.stderr).toMatch(new RegExp(`run h1 is being driven by \\S+ \\(pid ${driver.pid} on `));

		driver.child.kill('SIGKILL');
		await driver.exited;
		// The machine is gone with everything on it: its step's process group too.
		const group = Number(/slow-started (\d+)/.exec(lines.join('\n'))![1]);
		process.kill(-group, 'SIGKILL');
		const unconfirmed = await belay(['unlock', 'h1', '--state', url, '--state-dir', second], {env: keys});
		expect(unconfirmed.code, describeExit(unconfirmed)).toBe(2);
		expect(unconfirmed.stderr).toContain('confirm with --yes');
		const unlocked = await belay(['unlock', 'h1', '--yes', '--state', url, '--state-dir', second], {env: keys});
		expect(unlocked.code, describeExit(unlocked)).toBe(0);
		expect(unlocked.stdout).toMatch(new RegExp(`unlocked run h1 \\(held by \\S+ \\(pid ${driver.pid} on `));
		const answers = await writeAnswers(home, 'answers.yaml', {steps: {slow: {resume: 'skip'}}});
		const resumed = await belay(['resume', 'h1', '--operator', 'carol', '--answers', answers, '--state', url, '--state-dir', second], {env: keys});
		expect(resumed.code, describeExit(resumed)).toBe(0);
		// Inputs recorded on the first machine reach the second.
		expect(resumed.stdout).toContain('three Lpas');
		const listed = await belay(['runs', '--json', '--state', url, '--state-dir', first], {env: keys});
		expect(JSON.parse(listed.stdout)).toMatchObject([{id: 'h1', status: 'succeeded', step: '3/3'}]);
		// The record says who drove each step: alice before the handover, carol after (once every
		// step read "by carol"). Its HTML page draws the timeline from the table: the second machine
		// has no journal of this run (once: "ENOENT: no such file or directory, open '…/journal.jsonl'").
		const report = await belay(['report', 'h1', '--state', url, '--state-dir', second], {env: keys});
		expect(report.code, describeExit(report)).toBe(0);
		expect(report.stdout).toMatch(/### one: succeeded\n\n- started .* · by alice\n/);
		expect(report.stdout).toMatch(/### three: succeeded\n\n- started .* · by carol\n/);
		expect(report.stdout).toContain('| Operator | carol |');
		expect(report.stdout).toContain('| Also drove or answered | alice |');
		const page = await belay(['report', 'h1', '--format', 'html', '--state', url, '--state-dir', second], {env: keys});
		expect(page.code, describeExit(page)).toBe(0);
		expect(page.stdout).toContain('<svg');
		expect(page.stdout).toMatch(/Operators<\/th><td>carol[^<]*alice/);
	}, 60_000);

	it('watch follows a run on the local journal too (two terminals on one machine)', async () => {
		const [home, state] = [await tempDir('belay-local-'), await tempDir('belay-local-state-')];
		const file = await writeRunbook(home, 'local.yaml', {
			version: 1,
			name: 'local-watch',
			title: 'Local watch',
			steps: [
				{id: 'one', title: 'One', shell: 'echo one; sleep 2'},
				{id: 'two', title: 'Two', shell: 'echo two'},
			],
		});
		const driver = start(['run', file, '--run-id', 'l1', '--operator', 'alice', '--state-dir', state]);
		const lines: string[] = [];
		driver.onLine(line => lines.push(line));
		expect(await until(() => lines.some(line => line.includes('one')), 20_000)).toBe(true);
		const watched = await belay(['watch', 'l1', '--state-dir', state]);
		expect(watched.code, describeExit(watched)).toBe(0);
		expect(watched.stdout).toMatch(/two/);
		expect(watched.stderr).toContain('run l1 ended: succeeded');
		expect((await driver.exited).code).toBe(0);
	}, 30_000);
});
