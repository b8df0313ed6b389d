import {spawn} from 'node:child_process';
import {describe, expect, it} from 'vitest';
import {isAlive} from '../../source/store/lock.js';

describe('isAlive', () => {
	it('tells a live process group from one whose processes have all ended', async () => {
		// A detached child leads its own process group, as a shell step's command does.
		const child = spawn('sleep', ['5'], {detached: true, stdio: 'ignore'});
		const pid = child.pid!;
		expect(isAlive(pid)).toBe(true);
		expect(isAlive(-pid)).toBe(true);
		const exited = new Promise(resolve => child.on('exit', resolve));
		process.kill(-pid, 'SIGTERM');
		await exited;
		expect(isAlive(-pid)).toBe(false);
		expect(isAlive(pid)).toBe(false);
	});

	it('counts this process as alive', () => {
		expect(isAlive(process.pid)).toBe(true);
	});
});
