import {request} from 'node:http';
import {request as httpsRequest} from 'node:https';
import {readSandboxAddress, sandboxFile} from '../sandbox/address-file.js';
import {runbookServices} from '../runbook/aws-services.js';
import type {Environment, Runbook} from '../runbook/types.js';
import {endpointVariable, resolveEndpoint, serviceIdOf, type EndpointChoice, type Env} from './endpoints.js';
import {GuardRefused} from './guard.js';
import {isLoopbackUrl} from './loopback.js';

/** What a sandbox environment's run uses instead of AWS: local endpoints, a region, fixed keys. */
export type SandboxSetup = {
	/** Service → URL on this machine, for every service the runbook calls (and any the sandbox serves). */
	readonly endpoints: Readonly<Record<string, string>>;
	readonly region: string;
	readonly credentials: {readonly accessKeyId: string; readonly secretAccessKey: string; readonly sessionToken?: string};
	/** Where each endpoint came from, for the run's first lines. */
	readonly sources: Readonly<Record<string, string>>;
	/** The running sandbox's endpoint for every other AWS service (moto's), for shell steps' AWS_ENDPOINT_URL. */
	readonly otherServices?: string;
};

export type SandboxGuardOptions = {
	readonly env: Env;
	/** The state dir, where a running `belay sandbox` writes its address. */
	readonly stateRoot: string;
	/** Whether something answers at a URL (default: an HTTP request; any response counts). */
	readonly answers?: (url: string) => Promise<boolean>;
};

/** The keys a sandbox run signs with when the shell has none: emulators accept any. */
export const sandboxCredentials = {accessKeyId: 'belay-sandbox', secretAccessKey: 'belay-sandbox'} as const;

const startSandbox = 'start `belay sandbox` in another terminal';

/**
 * The guard of a sandbox environment: it checks the sandbox, not AWS (no STS call). Every service
 * the runbook calls must have an endpoint on this machine (the environment's `endpoints:`,
 * AWS_ENDPOINT_URL_<SERVICE>, AWS_ENDPOINT_URL, else what a running `belay sandbox` announced), and
 * something must answer there; else GuardRefused (exit 5) saying what to do. Nothing is sent to
 * any other address: the credentials are the shell's keys or fixed fake ones, never a profile's.
 */
export async function checkSandbox(runbook: Runbook, environment: Environment, options: SandboxGuardOptions): Promise<SandboxSetup> {
	const announced = readSandboxAddress(options.stateRoot);
	const running = announced.kind === 'running' ? announced.address : undefined;
	const endpoints: Record<string, string> = {};
	const sources: Record<string, string> = {};
	for (const [service, url] of Object.entries(running?.endpoints ?? {})) {
		if (isLoopbackUrl(url)) {
			endpoints[service] = url;
			sources[service] = 'belay sandbox';
		}
	}
	for (const service of runbookServices(runbook)) {
		const choice: EndpointChoice | undefined = resolveEndpoint(service, environment.endpoints, options.env) ??
			(endpoints[service] ? {url: endpoints[service], from: `belay sandbox (${sandboxFile(options.stateRoot)})`} : undefined);
		if (!choice) throw new GuardRefused(missing(service, environment, announced.kind, running, options.stateRoot));
		if (!isLoopbackUrl(choice.url)) {
			throw new GuardRefused(
				`environment ${environment.name} is a sandbox, but ${service} would go to ${choice.url} (from ${choice.from}), which is not this machine; ` +
					`a sandbox run only talks to localhost or 127.0.0.1: unset ${choice.from.startsWith('AWS_') ? choice.from : 'that endpoint'}, or ${startSandbox}`,
			);
		}
		endpoints[service] = choice.url;
		sources[service] = choice.from;
	}
	const answers = options.answers ?? answersHttp;
	const checked = new Map<string, Promise<boolean>>();
	for (const service of runbookServices(runbook)) {
		const url = endpoints[service]!;
		if (!checked.has(url)) checked.set(url, answers(url));
		if (await checked.get(url)!) continue;
		const from = sources[service]!;
		throw new GuardRefused(
			`environment ${environment.name} is a sandbox, but nothing answers at ${url} (${service}, from ${from}); ` +
				(from.startsWith('belay sandbox')
					? `${startSandbox} (the one that wrote ${sandboxFile(options.stateRoot)} does not answer)`
					: `start the emulator there, or ${startSandbox} and unset ${from}`),
		);
	}
	const keys = options.env['AWS_ACCESS_KEY_ID'] && options.env['AWS_SECRET_ACCESS_KEY'];
	const credentials = keys
		? {
				accessKeyId: options.env['AWS_ACCESS_KEY_ID']!,
				secretAccessKey: options.env['AWS_SECRET_ACCESS_KEY']!,
				...(options.env['AWS_SESSION_TOKEN'] ? {sessionToken: options.env['AWS_SESSION_TOKEN']} : {}),
			}
		: sandboxCredentials;
	// The sandbox's data is in the region it announced (moto keeps each region apart): when the run
	// talks to that sandbox, its region comes before the shell's.
	const fromSandbox = Object.values(sources).some(from => from.startsWith('belay sandbox'));
	const region =
		environment.region ?? (fromSandbox ? running?.region : undefined) ?? options.env['AWS_REGION'] ?? options.env['AWS_DEFAULT_REGION'] ?? running?.region ?? 'us-east-1';
	const otherServices = running?.otherServices !== undefined && isLoopbackUrl(running.otherServices) ? running.otherServices : undefined;
	return {endpoints, region, credentials, sources, ...(otherServices ? {otherServices} : {})};
}

function missing(
	service: string,
	environment: Environment,
	announced: 'none' | 'gone' | 'running',
	running: {readonly endpoints: Readonly<Record<string, string>>} | undefined,
	stateRoot: string,
): string {
	const serviceId = serviceIdOf(service);
	const variable = serviceId ? endpointVariable(serviceId) : 'AWS_ENDPOINT_URL';
	const why =
		announced === 'running'
			? `the belay sandbox running here serves ${Object.keys(running!.endpoints).join(', ') || 'nothing'}, not ${service}` +
				(service === 'dynamodb' ? '' : ' (it serves more where moto_server is installed)')
			: announced === 'gone'
				? `the belay sandbox that wrote ${sandboxFile(stateRoot)} has stopped`
				: `no belay sandbox is running (none announced in ${sandboxFile(stateRoot)})`;
	return (
		`environment ${environment.name} is a sandbox, so it never uses AWS, and ${service} has no local endpoint: ${why}. ` +
		`${announced === 'running' ? 'Set' : `${startSandbox[0]!.toUpperCase()}${startSandbox.slice(1)} (with the same --state-dir), or set`} ${variable} to a local emulator (http://127.0.0.1:PORT)`
	);
}

/** Whether an HTTP server answers at the URL within 3 s (any status counts). */
export async function answersHttp(url: string): Promise<boolean> {
	return await new Promise(resolve => {
		let settled = false;
		const done = (value: boolean): void => {
			if (settled) return;
			settled = true;
			resolve(value);
		};
		try {
			const make = url.startsWith('https:') ? httpsRequest : request;
			const call = make(url, {method: 'GET', timeout: 3000, ...(url.startsWith('https:') ? {rejectUnauthorized: false} : {})}, response => {
				response.resume();
				done(true);
			});
			call.on('timeout', () => {
				call.destroy();
				done(false);
			});
			call.on('error', () => done(false));
			call.end();
		} catch {
			done(false);
		}
	});
}
