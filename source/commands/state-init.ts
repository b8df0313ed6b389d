import {createStateTable, statePolicy} from '../store/dynamo/create-table.js';
import {StateTable} from '../store/dynamo/table.js';
import {sharedState, type StoreFlags} from './open-store.js';
import {UsageError} from './usage-error.js';

/**
 * `belay state init --state dynamodb://TABLE`: creates the shared state table (on-demand, point-in-time
 * recovery on, deletion protection on) and prints the IAM policy belay needs on it. `--policy-only`
 * prints the policy and changes nothing.
 */
export async function stateInitCommand(flags: StoreFlags & {policyOnly?: boolean}): Promise<number> {
	const url = sharedState(flags);
	if (!url) throw new UsageError('name the table: belay state init --state dynamodb://TABLE[?region=REGION]');
	const table = await StateTable.connect(url);
	try {
		const region = url.region ?? (await table.client.config.region().catch(() => '*'));
		if (!flags.policyOnly) {
			const done = await createStateTable(table);
			process.stderr.write(
				`${done.created ? 'created' : 'kept the existing'} table ${url.table} in ${region}: on-demand billing, ` +
					`${done.pointInTimeRecovery ? 'point-in-time recovery on' : 'point-in-time recovery NOT on (this DynamoDB has none: an emulator?)'}, deletion protection on\n` +
					`use it with --state dynamodb://${url.table}${url.region ? `?region=${url.region}` : ''} (or BELAY_STATE, or "state" in the settings file)\n` +
					'the IAM policy belay needs on it (to attach to the operators\' roles):\n',
			);
		}
		process.stdout.write(`${statePolicy(url.table, region)}\n`);
		return 0;
	} finally {
		table.close();
	}
}
