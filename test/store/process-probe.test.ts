import {spawn} from 'node:child_process';
import {hostname} from 'node:os';
import {describe, expect, it} from 'vitest';
import {signalReaches, systemProcessProbe} from '../../source/ports/process-probe.js';

/** Starts python3 that leaves a process group whose only member is a zombie, and prints its id. */
function zombieGroup(): Promise<{pgid: number; stop: () => void}> {
	const script = [
		'import os, sys, time',
		'pid = os.fork()',
		'if pid == 0:',
		'    os.setpgid(0, 0)',
		'    os._exit(0)',
		'time.sleep(0.3)',
		'print(pid, flush=True)',
		'time.sleep(30)',
	].join('\n');
	const child = spawn('python3', ['-c', script], {stdio: ['ignore', 'pipe', 'inherit']});
	return new Promise((resolve, reject) => {
		child.stdout.once('data', (chunk: Buffer) => resolve({pgid: Number(chunk.toString().trim()), stop: () => child.kill('SIGKILL')}));
		child.once('error', reject);
	});
}

describe('the process probe', () => {
	it('counts a live group as alive, on this host only', async () => {
		const child = spawn('sleep', ['30'], {detached: true, stdio: 'ignore'});
		try {
			expect(systemProcessProbe.isGroupAlive({pid: child.pid!, host: hostname()})).toBe(true);
			expect(systemProcessProbe.isGroupAlive({pid: child.pid!, host: 'another-host'})).toBe(false);
		} finally {
			process.kill(-child.pid!, 'SIGKILL');
		}
	});

	it('does not count a group whose only member is a zombie', async () => {
		const {pgid, stop} = await zombieGroup();
		try {
			// Signal 0 still reaches the zombie: that alone would say "still running".
			expect(signalReaches(-pgid)).toBe(true);
			expect(systemProcessProbe.isGroupAlive({pid: pgid, host: hostname()})).toBe(false);
		} finally {
			stop();
		}
	});

	it('does not count a group that is gone', () => {
		expect(systemProcessProbe.isGroupAlive({pid: 2 ** 22 - 3, host: hostname()})).toBe(false);
	});
});

describe('a killed process that is not yet reaped', () => {
	it('does not hold a run lock', async () => {
		const {mkdtempSync, writeFileSync} = await import('node:fs');
		const {tmpdir} = await import('node:os');
		const {join} = await import('node:path');
		const {acquireLock, isLockHeld} = await import('../../source/store/lock.js');
		const {isProcessAlive} = await import('../../source/ports/process-probe.js');
		// python3 forks a child that exits at once; the parent does not reap it for 30 s: a zombie.
		const script = 'import os, time\npid = os.fork()\nif pid == 0:\n    os._exit(0)\nprint(pid, flush=True)\ntime.sleep(30)';
		const parent = spawn('python3', ['-c', script], {stdio: ['ignore', 'pipe', 'inherit']});
		const zombie = await new Promise<number>(resolve => parent.stdout.once('data', (chunk: Buffer) => resolve(Number(chunk.toString().trim()))));
		try {
			await new Promise(resolve => setTimeout(resolve, 200));
			expect(signalReaches(zombie)).toBe(true);
			expect(isProcessAlive(zombie)).toBe(false);
			const lock = join(mkdtempSync(join(tmpdir(), 'belay-zombie-')), 'lock');
			writeFileSync(lock, JSON.stringify({host: hostname(), pid: zombie, startedAt: new Date().toISOString()}));
			expect(isLockHeld(lock)).toBe(false);
			const release = acquireLock(lock, 'r');
			release();
		} finally {
			parent.kill('SIGKILL');
		}
	});
});
