import type {ChildProcess} from 'node:child_process';

/**
 * Stops a `belay sandbox` a test started, if it still runs (SIGTERM stops it and its moto), waiting
 * at most 10 s: a failed check must not leave a sandbox behind.
 */
export async function stopSandbox(sandbox: ChildProcess | undefined): Promise<void> {
	if (!sandbox || sandbox.exitCode !== null || sandbox.signalCode !== null) return;
	const gone = new Promise(resolve => sandbox.once('exit', resolve));
	sandbox.kill('SIGTERM');
	await Promise.race([gone, new Promise(resolve => setTimeout(resolve, 10_000))]);
}
