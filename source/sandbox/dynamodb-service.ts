import type {Server} from 'node:http';
import type {AddressInfo} from 'node:net';
import {importPackage} from '../import-package.js';
import {loadConfidantSample, confidantTables} from './confidant-tables.js';
import {SandboxStartFailed, type SandboxService, type StartedService} from './service.js';

type Dynalite = (options: {createTableMs?: number; deleteTableMs?: number; updateTableMs?: number}) => Server;

/** DynamoDB in this process (dynalite, in memory), with Confidant's tables and sample data. */
export const dynamodbService: SandboxService = {
	name: 'DynamoDB (dynalite)',
	async start(options) {
		const module = await importPackage<{default: Dynalite} | Dynalite>('dynalite');
		const dynalite = typeof module === 'function' ? module : module.default;
		const server = dynalite({createTableMs: 0, deleteTableMs: 0, updateTableMs: 0});
		await new Promise<void>((resolve, reject) => {
			server.once('error', (error: NodeJS.ErrnoException) =>
				reject(
					error.code === 'EADDRINUSE'
						? new SandboxStartFailed(`port ${options.port} on ${options.host} is in use (another belay sandbox or DynamoDB?): pass --port N, or --port 0 for any free one`)
						: error,
				),
			);
			server.listen(options.port, options.host, resolve);
		});
		const url = `http://${options.host}:${(server.address() as AddressInfo).port}`;
		const stop = async (): Promise<void> => {
			server.closeAllConnections?.();
			await new Promise(resolve => server.close(resolve));
		};
		let notes: string[];
		try {
			notes = options.sample ? await loadConfidantSample(url, options.region, options.now) : await confidantTables(url, options.region);
		} catch (error) {
			await stop();
			throw error;
		}
		const started: StartedService = {name: this.name, endpoints: {dynamodb: url}, notes, stop};
		return started;
	},
};
