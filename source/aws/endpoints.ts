import {awsCatalog} from './catalog.js';

/**
 * Where a client sends its requests. belay resolves this itself for every client it builds, as the
 * newer SDK clients would: an old client (osis 3.332.0) ignores AWS_ENDPOINT_URL, and a rehearsal
 * against an emulator must never reach the real service.
 *
 * Precedence: the environment's `endpoints:` entry for the service, then AWS_ENDPOINT_URL_<ID>
 * (the SDK's service id upper-cased, spaces as underscores: DYNAMODB, OSIS, RDS, S3, STS, KMS,
 * BACKUP, OPENSEARCH, ELASTIC_BEANSTALK), then AWS_ENDPOINT_URL. AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true ignores the
 * two variables, as the SDK does. The document client (`dynamodb-document`) is DynamoDB's.
 */

export type Env = Readonly<Record<string, string | undefined>>;

export type EndpointChoice = {
	readonly url: string;
	/** Where the URL came from, for messages: `endpoints.osis`, `AWS_ENDPOINT_URL_OSIS`, `AWS_ENDPOINT_URL`. */
	readonly from: string;
};

/** The variable that names a service's endpoint: `AWS_ENDPOINT_URL_ELASTIC_BEANSTALK` for "Elastic Beanstalk". */
export function endpointVariable(serviceId: string): string {
	return `AWS_ENDPOINT_URL_${serviceId.toUpperCase().replace(/ /g, '_')}`;
}

/** The service whose endpoint (and id) a runbook service uses: `dynamodb` for the document client. */
export function endpointService(service: string): string {
	return service === 'dynamodb-document' ? 'dynamodb' : service;
}

/** The SDK's service id of a runbook service name (`osis` → `OSIS`), when belay supports it. */
export function serviceIdOf(service: string): string | undefined {
	return awsCatalog[service]?.serviceId;
}

/** The endpoint a client of `service` must use, or undefined for the SDK's own (AWS). */
export function resolveEndpoint(service: string, endpoints: Readonly<Record<string, string>>, env: Env): EndpointChoice | undefined {
	const named = [service, endpointService(service)].find(name => nonEmpty(endpoints[name]));
	if (named) return {url: endpoints[named]!, from: `endpoints.${named}`};
	if (env['AWS_IGNORE_CONFIGURED_ENDPOINT_URLS']?.toLowerCase() === 'true') return undefined;
	const serviceId = serviceIdOf(service);
	const variable = serviceId ? endpointVariable(serviceId) : undefined;
	if (variable && nonEmpty(env[variable])) return {url: env[variable]!, from: variable};
	if (nonEmpty(env['AWS_ENDPOINT_URL'])) return {url: env['AWS_ENDPOINT_URL']!, from: 'AWS_ENDPOINT_URL'};
	return undefined;
}

/**
 * The client settings for an endpoint. S3 against a custom endpoint is addressed path-style
 * (`http://host/bucket/key`): emulators (moto, MinIO, LocalStack) serve no `bucket.host` names.
 */
export function endpointConfig(service: string, choice: EndpointChoice | undefined): Record<string, unknown> {
	if (!choice) return {};
	return {endpoint: choice.url, ...(service === 's3' ? {forcePathStyle: true} : {})};
}

/**
 * The endpoint variables shell steps get for the environment's `endpoints:` (a CLI such as the
 * AWS CLI reads them), keyed by the SDK's service id; `dynamodb` wins over `dynamodb-document`.
 */
export function endpointVariables(endpoints: Readonly<Record<string, string>>): Record<string, string> {
	const variables: Record<string, string> = {};
	const ordered = Object.entries(endpoints).sort(([a], [b]) => (a === 'dynamodb' ? 1 : b === 'dynamodb' ? -1 : 0));
	for (const [service, url] of ordered) {
		const serviceId = serviceIdOf(endpointService(service));
		if (serviceId) variables[endpointVariable(serviceId)] = url;
	}
	return variables;
}

function nonEmpty(value: string | undefined): boolean {
	return value !== undefined && value.trim() !== '';
}
