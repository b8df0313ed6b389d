import {createInterface} from 'node:readline/promises';
import {isValidRunId} from '../store/paths.js';
import {openStore, type StoreFlags} from './open-store.js';
import {UsageError} from './usage-error.js';

/** `belay unlock RUN-ID`: removes the lease of a run whose holder is gone, after a confirmation (or --yes). */
export async function unlockCommand(runId: string, flags: StoreFlags & {yes?: boolean}): Promise<number> {
	if (!isValidRunId(runId)) throw new UsageError(`'${runId}' is not a run id; list runs with: belay runs`);
	const store = await openStore(flags);
	try {
		if (!(await store.exists(runId))) throw new UsageError(`no run '${runId}' in ${store.where}; list runs with: belay runs`);
		if (!flags.yes) {
			if (!process.stdin.isTTY || process.env['BELAY_NO_STDIN'] === '1') {
				throw new UsageError(`unlocking run ${runId} lets another process drive it while its holder may still run: confirm with --yes`);
			}
			const reader = createInterface({input: process.stdin, output: process.stderr});
			const answer = await reader.question(`Take the lease of run ${runId} from its holder? Do this only if that process is gone (it would be stopped from writing). [y/N] `);
			reader.close();
			if (!/^y(es)?$/i.test(answer.trim())) {
				process.stderr.write('belay: nothing changed\n');
				return 2;
			}
		}
		const holder = await store.unlock(runId);
		process.stdout.write(
			holder
				? `unlocked run ${runId} (held by ${holder}); continue it with: belay resume ${runId}\n`
				: `run ${runId} had no lease; continue it with: belay resume ${runId}\n`,
		);
		return 0;
	} finally {
		store.close();
	}
}
