import type {RunStore} from '../ports/run-store.js';
import {FileRunStore} from '../store/file-run-store.js';
import {stateDir} from '../store/paths.js';
import {parseStateUrl, type StateUrl} from '../store/state-url.js';
import {setting} from './settings-file.js';
import {UsageError} from './usage-error.js';

export type StoreFlags = {readonly state?: string; readonly stateDir?: string};

/** The shared state asked for: `--state`, else BELAY_STATE, else the `state` setting; undefined for the local journal. */
export function sharedState(flags: StoreFlags): StateUrl | undefined {
	const text = flags.state ?? process.env['BELAY_STATE'] ?? setting('state');
	if (text === undefined || text === '' || text === 'local') return undefined;
	const parsed = parseStateUrl(text);
	if (typeof parsed === 'string') throw new UsageError(parsed);
	return parsed;
}

/**
 * Where runs are kept: the shared DynamoDB table when one is asked for (its client loaded only then;
 * the output logs stay in the state dir), else the state dir.
 */
export async function openStore(flags: StoreFlags): Promise<RunStore> {
	const root = stateDir(flags.stateDir);
	const shared = sharedState(flags);
	if (!shared) return new FileRunStore(root);
	const {DynamoRunStore} = await import('../store/dynamo/dynamo-run-store.js');
	return DynamoRunStore.connect(shared, root);
}
