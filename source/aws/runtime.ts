import {createHash} from 'node:crypto';
import {awsCatalog, commandInfo} from './catalog.js';
import {conform} from './conform.js';
import {endpointConfig, endpointService, resolveEndpoint, type EndpointChoice, type Env} from './endpoints.js';
import {RequestShapeError} from './errors.js';
import {inputShapeOf} from './input-shape.js';
import {addEpochTimestamps} from './legacy-timestamps.js';
import {loadedServices, serviceLoaders} from './loaders.js';
import {importPackage} from '../import-package.js';
import {quietLogger, readBodies} from './response-body.js';
import {sensitiveValues} from './sensitive.js';

/** Who AWS calls act as, from the run's environment. */
export type AwsIdentity = {
	readonly region?: string;
	readonly profile?: string;
	readonly roleArn?: string;
	/** Fixed keys (a sandbox run's): used instead of any profile or the default chain. */
	readonly credentials?: {readonly accessKeyId: string; readonly secretAccessKey: string; readonly sessionToken?: string};
	/** Per-service endpoint overrides (environment `endpoints:`). */
	readonly endpoints: Readonly<Record<string, string>>;
	/**
	 * A sandbox run's endpoint for the AWS services belay does not call itself (the running sandbox's
	 * moto): shell steps get it as AWS_ENDPOINT_URL when the operator set none, so a tool they run
	 * (repoman-cli's SimpleDB, boto3) does not reach AWS.
	 */
	readonly otherServices?: string;
	readonly runId: string;
	/** The environment the run reads AWS_ENDPOINT_URL and AWS_ENDPOINT_URL_<SERVICE> from (default: the process's). */
	readonly env?: Env;
};

export type AwsCallRequest = {
	readonly service: string;
	readonly command: string;
	readonly input: Record<string, unknown>;
	readonly region?: string;
	readonly paginate?: boolean;
};

type Client = {send(command: unknown, options?: {abortSignal?: AbortSignal}): Promise<unknown>; destroy?(): void};
type Module = Record<string, unknown>;

/**
 * AWS clients for one run: loaded on first use, sharing one credential provider, so a shell step
 * and an AWS step act as the same caller. `reset` drops them, so refreshed credentials are read.
 */
export class AwsRuntime {
	private readonly clients = new Map<string, Client>();
	private credentials: unknown;

	constructor(readonly identity: AwsIdentity) {}

	/** The endpoint a client of `service` uses, and where that came from; undefined for AWS itself. */
	endpoint(service: string): EndpointChoice | undefined {
		return resolveEndpoint(service, this.identity.endpoints, this.identity.env ?? process.env);
	}

	/** The credential provider of the identity, or undefined for the SDK's default chain. */
	async credentialProvider(): Promise<unknown> {
		const {profile, roleArn} = this.identity;
		if (this.identity.credentials) return this.identity.credentials;
		if (!profile && !roleArn) return undefined;
		if (this.credentials) return this.credentials;
		const providers = await importPackage<typeof import('@aws-sdk/credential-providers')>('@aws-sdk/credential-providers');
		const base = profile ? providers.fromIni({profile}) : providers.fromNodeProviderChain();
		// The STS client that assumes the role goes where every other STS call of the run goes.
		const clientConfig = {...(this.identity.region ? {region: this.identity.region} : {}), ...endpointConfig('sts', this.endpoint('sts'))};
		this.credentials = roleArn
			? providers.fromTemporaryCredentials({
					masterCredentials: base,
					params: {RoleArn: roleArn, RoleSessionName: `belay-${this.identity.runId}`.slice(0, 64).replace(/[^\w+=,.@-]/g, '-')},
					...(Object.keys(clientConfig).length > 0 ? {clientConfig} : {}),
				})
			: base;
		return this.credentials;
	}

	private async client(service: string, region: string | undefined): Promise<{client: Client; module: Module; base?: Module}> {
		const info = awsCatalog[service];
		const load = serviceLoaders[service];
		if (!info || !load) throw new Error(`unknown AWS service '${service}'`);
		const module = await load();
		loadedServices.add(service);
		const base = service === endpointService(service) ? undefined : await serviceLoaders[endpointService(service)]!();
		const cacheKey = `${service}@${region ?? ''}`;
		const cached = this.clients.get(cacheKey);
		if (cached) return {client: cached, module, ...(base ? {base} : {})};
		const credentials = await this.credentialProvider();
		const config = {
			logger: quietLogger,
			...(region ? {region} : {}),
			...(credentials ? {credentials} : {}),
			...endpointConfig(service, this.endpoint(service)),
		};
		let client: Client;
		if (base) {
			const DynamoDBClient = base['DynamoDBClient'] as new (config: unknown) => Client;
			const from = (module['DynamoDBDocumentClient'] as {from(client: Client, options: unknown): Client}).from;
			client = from(new DynamoDBClient(config), {marshallOptions: {removeUndefinedValues: true, convertClassInstanceToMap: true}});
		} else {
			const Constructor = module[info.client] as new (config: unknown) => Client;
			client = new Constructor(config);
			addEpochTimestamps(client as Parameters<typeof addEpochTimestamps>[0], info.timestamps ?? []);
		}
		this.clients.set(cacheKey, client);
		return {client, module, ...(base ? {base} : {})};
	}

	/**
	 * One AWS call; with `paginate`, every page merged. Returns the response without `$metadata`, in
	 * the form the journal records (timestamps as ISO 8601 strings), so expressions over it see on
	 * the first run what they see after a resume. The input is fitted to the command's input shape
	 * first (conform.ts); when it does not fit, a RequestShapeError is thrown and nothing is sent.
	 */
	async call(request: AwsCallRequest, signal?: AbortSignal): Promise<unknown> {
		const region = request.region ?? this.identity.region;
		const {client, module, base} = await this.client(request.service, region);
		const Command = module[`${request.command}Command`] as (new (input: unknown) => unknown) | undefined;
		if (!Command) throw new Error(`${request.service} has no command ${request.command}`);
		const input = fitted(request, module, base);
		if (request.paginate) {
			const paginate = module[`paginate${request.command}`] as
				| ((config: {client: Client}, input: unknown) => AsyncIterable<Record<string, unknown>>)
				| undefined;
			if (!paginate) throw new Error(`${request.service} ${request.command} has no paginator`);
			const pages: Record<string, unknown>[] = [];
			// The SDK's paginators write the page token into the input they are given: give them a copy,
			// so the step's recorded request stays as resolved and a wait's next poll starts at page one.
			for await (const page of paginate({client}, {...input})) {
				pages.push(page);
				// Stopped or timed out between pages: never hand back a partial list as the whole.
				if (signal?.aborted) throw signal.reason instanceof Error ? signal.reason : new Error('aborted');
			}
			return asJson(mergePages(pages));
		}
		const response = (await client.send(new Command(input), signal ? {abortSignal: signal} : undefined)) as Record<string, unknown>;
		return asJson(await readBodies(withoutMetadata(response)));
	}

	/**
	 * The values of an AWS request that the SDK marks sensitive (a password, a secret string), so
	 * they are masked before the request is journaled or shown. Loads the service's client module.
	 */
	async sensitiveValues(request: {readonly service: string; readonly command: string; readonly input: unknown}): Promise<string[]> {
		const load = serviceLoaders[request.service];
		if (!load) return [];
		try {
			const module = await load();
			const baseService = endpointService(request.service);
			const base = request.service === baseService ? undefined : await serviceLoaders[baseService]!();
			const shape = inputShapeOf(request.service, request.command, module, base);
			return shape ? sensitiveValues(request.input, shape.shape) : [];
		} catch {
			return [];
		}
	}

	reset(): void {
		for (const client of this.clients.values()) client.destroy?.();
		this.clients.clear();
		this.credentials = undefined;
	}
}

/** The request's input fitted to the command's input shape, or a RequestShapeError. */
function fitted(request: AwsCallRequest, module: Module, base: Module | undefined): Record<string, unknown> {
	const shape = inputShapeOf(request.service, request.command, module, base);
	if (!shape) return request.input;
	const result = conform(request.input, shape.shape, shape.native);
	if (!result.ok) throw new RequestShapeError(request.service, request.command, result.problems);
	return result.value as Record<string, unknown>;
}

/**
 * Pages merged: lists are concatenated; every other field is the last page's, so a continuation
 * token (NextToken, LastEvaluatedKey) that the last page no longer has is not in the result either.
 */
export function mergePages(pages: readonly Record<string, unknown>[]): Record<string, unknown> {
	const plain = pages.map(withoutMetadata);
	const merged: Record<string, unknown> = {...plain.at(-1)};
	for (const key of new Set(plain.flatMap(page => Object.keys(page)))) {
		const values = plain.map(page => page[key]).filter(value => value !== undefined);
		if (values.length > 0 && values.every(Array.isArray)) merged[key] = values.flat(1);
	}
	return merged;
}

/**
 * A response as JSON holds it: Dates (the SDK's timestamps) become ISO 8601 strings, which JSONata
 * can compare and sort (`^(>CreationDate)`) and which are what a resumed run reads from the journal;
 * binary values (a KMS CiphertextBlob, an S3 Body) become base64 text, as the AWS CLI prints them,
 * which a later request takes back for a binary field; sets (DynamoDB's) become lists.
 */
export function asJson(value: unknown): unknown {
	if (value === null || typeof value !== 'object') return value;
	if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString();
	if (value instanceof Uint8Array) return Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('base64');
	if (value instanceof Set) return [...value].map(asJson);
	// Copy on write: a page of items without dates or binary values is handed on as it is.
	if (Array.isArray(value)) {
		let out: unknown[] | undefined;
		for (let index = 0; index < value.length; index++) {
			const item: unknown = value[index];
			const converted = asJson(item);
			if (converted !== item) (out ??= value.slice())[index] = converted;
		}
		return out ?? value;
	}
	if (Object.getPrototypeOf(value) === Object.prototype) {
		const record = value as Record<string, unknown>;
		let out: Record<string, unknown> | undefined;
		for (const key in record) {
			if (!Object.hasOwn(record, key)) continue;
			const item = record[key];
			const converted = asJson(item);
			if (converted !== item) (out ??= {...record})[key] = converted;
		}
		return out ?? value;
	}
	return value;
}

function withoutMetadata(response: Record<string, unknown>): Record<string, unknown> {
	const {$metadata: _metadata, ...rest} = response ?? {};
	return rest;
}

/**
 * A token derived from run id and step key, shaped like a UUID (every AWS token field accepts it),
 * so a call repeated after a resume is recognised by AWS and does not act twice.
 */
export function idempotencyToken(runId: string, key: string): string {
	const hex = createHash('sha256').update(`belay:${runId}:${key}`).digest('hex');
	return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** The input with belay's token set, when the command takes one and the step did not set it. */
export function withIdempotencyToken(
	service: string,
	command: string,
	input: Record<string, unknown>,
	runId: string,
	key: string,
): Record<string, unknown> {
	const token = commandInfo(service, command)?.token;
	if (!token || input[token] !== undefined) return input;
	return {...input, [token]: idempotencyToken(runId, key)};
}
