import {hostname} from 'node:os';
import {endpointVariable, serviceIdOf} from '../aws/endpoints.js';
import {sandboxCredentials} from '../aws/sandbox-guard.js';
import {readSandboxAddress, removeSandboxAddress, writeSandboxAddress} from '../sandbox/address-file.js';
import {SandboxStartFailed, type SandboxService, type StartedService} from '../sandbox/service.js';
import {stateDir} from '../store/paths.js';
import {UsageError} from './usage-error.js';

const stopSignals = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

export type SandboxFlags = {
	readonly port?: string;
	readonly empty?: boolean;
	readonly stateDir?: string;
	readonly region?: string;
	/** The embedded DynamoDB alone, even where moto is installed. */
	readonly dynamodbOnly?: boolean;
};

/**
 * The lines a shell evaluates to use the sandbox: its endpoints (AWS_ENDPOINT_URL for every other
 * service, when it serves them) and fake keys.
 */
export function exportLines(endpoints: Readonly<Record<string, string>>, region: string, otherServices?: string): string[] {
	const lines = Object.entries(endpoints).flatMap(([service, url]) => {
		const id = serviceIdOf(service);
		return id ? [`export ${endpointVariable(id)}=${url}`] : [];
	});
	return [...(otherServices ? [`export AWS_ENDPOINT_URL=${otherServices}`] : []), ...lines, `export AWS_ACCESS_KEY_ID=${sandboxCredentials.accessKeyId} AWS_SECRET_ACCESS_KEY=${sandboxCredentials.secretAccessKey} AWS_REGION=${region}`];
}

/**
 * `belay sandbox`: starts every sandbox service on 127.0.0.1 (the embedded DynamoDB with sample
 * Confidant data first), says where each listens and how to point a shell at them, writes the
 * address to the state dir for sandbox environments, and runs until Ctrl-C, SIGTERM or SIGHUP (its
 * terminal closed), when it stops them and removes the address. `services` is injectable for tests.
 */
export async function sandboxCommand(flags: SandboxFlags, services?: readonly SandboxService[]): Promise<number> {
	const port = flags.port === undefined ? 8000 : Number(flags.port);
	if (!Number.isInteger(port) || port < 0 || port > 65_535) throw new UsageError(`--port takes a port number, 0 to 65535 (0: any free one), not '${flags.port}'`);
	const region = flags.region ?? 'us-east-1';
	const root = stateDir(flags.stateDir);
	const announced = readSandboxAddress(root);
	if (announced.kind === 'running') {
		throw new UsageError(
			`a belay sandbox is already running (pid ${announced.address.pid} on ${announced.address.host}, since ${announced.address.startedAt}) for ${root}; ` +
				'use that one, stop it (Ctrl-C in its terminal), or start another with --state-dir DIR',
		);
	}
	const list =
		services ?? (flags.dynamodbOnly ? [(await import('../sandbox/dynamodb-service.js')).dynamodbService] : (await import('../sandbox/services.js')).sandboxServices);
	const started: StartedService[] = [];
	const stopAll = async (): Promise<void> => {
		for (const service of started.reverse()) await service.stop().catch(() => undefined);
	};
	let stopping: (() => void) | undefined;
	const stopped = new Promise<void>(resolve => (stopping = resolve));
	const onSignal = (): void => stopping!();
	// A closed terminal (SIGHUP) too: it ended belay at once, and moto (a process of its own) ran on.
	for (const signal of stopSignals) process.on(signal, onSignal);
	try {
		const now = new Date();
		const skipped: string[] = [];
		for (const service of list) {
			const result = await service.start({host: '127.0.0.1', port, sample: !flags.empty, region, now});
			if ('skipped' in result) skipped.push(`${service.name}: ${result.skipped}`);
			else started.push(result);
		}
		const endpoints = Object.assign({}, ...started.map(service => service.endpoints)) as Record<string, string>;
		const otherServices = started.find(service => service.otherServices !== undefined)?.otherServices;
		const file = writeSandboxAddress(root, {pid: process.pid, host: hostname(), startedAt: now.toISOString(), region, endpoints, ...(otherServices ? {otherServices} : {})});
		const out = [
			'belay sandbox: running on this machine (nothing here reaches AWS)',
			...started.flatMap(service => [
				`  ${service.name}: ${Object.entries(service.endpoints).map(([name, url]) => `${name} ${url}`).join(', ')}`,
				...service.notes.map(note => `    ${note}`),
			]),
			...skipped.map(line => `  not started: ${line}`),
			'',
			// A sandbox of another state dir is found only by runs given that state dir too.
			...(flags.stateDir
				? [`Runbooks' sandbox environments find it through ${file}, so give belay the same state dir (--state-dir ${shellWord(root)}, or export BELAY_STATE_DIR=${shellWord(root)}):`, `  belay run archive-credentials --env sandbox --state-dir ${shellWord(root)}`]
				: [`Runbooks' sandbox environments find it through ${file}:`, '  belay run archive-credentials --env sandbox']),
			'To point a shell (the AWS CLI, a script) at it:',
			...exportLines(endpoints, region, otherServices).map(line => `  ${line}`),
			'',
			'Stop it with Ctrl-C.',
		];
		process.stdout.write(`${out.join('\n')}\n`);
		await stopped;
		process.stdout.write('belay sandbox: stopping\n');
		return 0;
	} catch (error) {
		if (error instanceof SandboxStartFailed) {
			process.stderr.write(`belay: ${error.message}; nothing is running\n`);
			return 2;
		}
		throw error;
	} finally {
		for (const signal of stopSignals) process.off(signal, onSignal);
		removeSandboxAddress(root);
		await stopAll();
		if (started.length > 0) process.stdout.write('belay sandbox: stopped; the sandbox address was removed\n');
	}
}

/** A path as one shell word: as it is when it holds nothing the shell reads, else single-quoted. */
function shellWord(text: string): string {
	return /^[\w@%+=:,./-]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`;
}
