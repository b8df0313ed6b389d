/**
 * Shared state tables for the tests of `--state dynamodb://`: a dynalite (in this process, no
 * transactions) and the moto server (transactions), each table named for the test that uses it.
 */
import type {Server} from 'node:http';
import type {AddressInfo} from 'node:net';
import {randomBytes} from 'node:crypto';
import dynalite from 'dynalite';
import {createStateTable} from '../../source/store/dynamo/create-table.js';
import {StateTable} from '../../source/store/dynamo/table.js';
import {motoUrl} from '../helpers/moto.js';

process.env['AWS_ACCESS_KEY_ID'] ??= 'testing';
process.env['AWS_SECRET_ACCESS_KEY'] ??= 'testing';
process.env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] = 'true';

export type Emulator = {readonly name: 'dynalite' | 'moto'; readonly endpoint: string; close(): Promise<void>};

export async function startDynalite(): Promise<Emulator> {
	const server: Server = dynalite({createTableMs: 0});
	await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
	return {
		name: 'dynalite',
		endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
		close: async () => {
			server.closeAllConnections();
			await new Promise(resolve => server.close(resolve));
		},
	};
}

export async function useMoto(): Promise<Emulator> {
	return {name: 'moto', endpoint: await motoUrl(), close: async () => {}};
}

/** A new state table on the emulator; its `--state` URL. */
export async function newStateTable(emulator: Emulator, endpoint = emulator.endpoint): Promise<string> {
	const name = `belay-state-${randomBytes(4).toString('hex')}`;
	const url = {table: name, region: 'eu-west-1', endpoint};
	const table = await StateTable.connect(url);
	try {
		await createStateTable(table, {plain: true});
	} finally {
		table.close();
	}
	return stateUrl(name, endpoint);
}

export const stateUrl = (table: string, endpoint: string): string => `dynamodb://${table}?region=eu-west-1&endpoint=${encodeURIComponent(endpoint)}`;
