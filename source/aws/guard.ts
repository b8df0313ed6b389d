import {endpointVariables} from './endpoints.js';
import {errorFacts} from './errors.js';
import type {AwsRuntime} from './runtime.js';

/** The environment guard refused: wrong account, or no credentials to tell. Exit code 5. */
export class GuardRefused extends Error {
	readonly exitCode = 5;
	constructor(message: string) {
		super(message);
		this.name = 'GuardRefused';
	}
}

export type Caller = {readonly account: string; readonly arn: string};

/**
 * Asks STS who the caller is and checks the account the environment names, before any step runs.
 * The call goes through the run's runtime, so it reaches the endpoint every STS call of the run
 * reaches (`endpoints.sts`, AWS_ENDPOINT_URL_STS, AWS_ENDPOINT_URL), as does the role assumption.
 */
export async function checkAccount(runtime: AwsRuntime, environment: {name: string; account?: string}): Promise<Caller> {
	let response: {Account?: string; Arn?: string};
	try {
		response = (await runtime.call({service: 'sts', command: 'GetCallerIdentity', input: {}})) as typeof response;
	} catch (error) {
		const facts = errorFacts(error);
		throw new GuardRefused(
			`cannot tell which AWS account this is (${facts.code}: ${facts.message}); environment ${environment.name} needs account ${environment.account}. ` +
				'Log in (aws sso login, aws-vault exec ...) or set the profile, then run again',
		);
	}
	const caller = {account: response.Account ?? '', arn: response.Arn ?? ''};
	if (environment.account && caller.account !== environment.account) {
		throw new GuardRefused(
			`wrong AWS account: environment ${environment.name} expects ${environment.account}, but the caller ${caller.arn} is in ${caller.account}. ` +
				'Switch credentials (profile, aws-vault, role) to the right account, or choose the matching --env',
		);
	}
	return caller;
}

/** The environment shell steps get: the operator's, with the run's region, credentials and endpoints. */
export async function shellIdentityEnv(runtime: AwsRuntime, base: NodeJS.ProcessEnv): Promise<NodeJS.ProcessEnv> {
	const env: NodeJS.ProcessEnv = {...base};
	const {region, profile, roleArn, endpoints} = runtime.identity;
	if (region) {
		env['AWS_REGION'] = region;
		env['AWS_DEFAULT_REGION'] = region;
	}
	Object.assign(env, endpointVariables(endpoints));
	if (runtime.identity.otherServices && !base['AWS_ENDPOINT_URL']?.trim()) env['AWS_ENDPOINT_URL'] = runtime.identity.otherServices;
	if (runtime.identity.credentials || roleArn) {
		const credentials =
			runtime.identity.credentials ??
			(await ((await runtime.credentialProvider()) as () => Promise<{accessKeyId: string; secretAccessKey: string; sessionToken?: string}>)());
		env['AWS_ACCESS_KEY_ID'] = credentials.accessKeyId;
		env['AWS_SECRET_ACCESS_KEY'] = credentials.secretAccessKey;
		if (credentials.sessionToken) env['AWS_SESSION_TOKEN'] = credentials.sessionToken;
		else delete env['AWS_SESSION_TOKEN'];
		delete env['AWS_PROFILE'];
	} else if (profile) {
		env['AWS_PROFILE'] = profile;
	}
	return env;
}
