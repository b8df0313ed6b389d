/**
 * Elastic Beanstalk for tests and rehearsals, in front of a moto server. moto keeps applications and
 * environments (CreateApplication, CreateEnvironment, DescribeEnvironments) but has no
 * UpdateEnvironment and no configuration settings, and its DescribeEnvironments ignores the names
 * asked for. This stand-in answers, in EB's query protocol:
 *
 * - UpdateEnvironment, for an environment moto has: applies OptionSettings and OptionsToRemove to the
 *   settings it keeps, and answers with the environment `Updating`;
 * - DescribeEnvironments: moto's environments, only those asked for (EnvironmentNames,
 *   EnvironmentIds, ApplicationName), `Updating` for the next `updatingPolls` reads after an update
 *   (default 1), so a runbook's wait for `Ready` polls at least twice;
 * - DescribeConfigurationSettings: the settings kept (those CreateEnvironment was given, then updated);
 *
 * and forwards everything else to moto.
 *
 *     const eb = await startElasticBeanstalkStandIn(moto.endpoint);
 *     // AWS_ENDPOINT_URL_ELASTIC_BEANSTALK=eb.endpoint, or the environment's endpoints: {elasticbeanstalk: ...}
 *     eb.settings('cobalt-production')['aws:elasticbeanstalk:application:environment:RDS_HOSTNAME']
 */
import {actionOf, startStandInProxy, type Answer, type Forward, type StandInProxy} from './stand-in-proxy.js';

export type ElasticBeanstalkStandIn = StandInProxy & {
	/** Every UpdateEnvironment it accepted: the environment and the request's parameters. */
	readonly updates: {readonly environmentName: string; readonly parameters: Readonly<Record<string, string>>}[];
	/** An environment's settings, keyed `Namespace:OptionName`. */
	settings(environmentName: string): Readonly<Record<string, string>>;
};

const xmlns = 'http://elasticbeanstalk.amazonaws.com/docs/2010-12-01/';

export async function startElasticBeanstalkStandIn(moto: string, options: {readonly updatingPolls?: number} = {}): Promise<ElasticBeanstalkStandIn> {
	const settings = new Map<string, Map<string, string>>();
	const updating = new Map<string, number>();
	const updates: ElasticBeanstalkStandIn['updates'] = [];
	const settingsOf = (name: string): Map<string, string> => settings.get(name) ?? settings.set(name, new Map()).get(name)!;

	const proxy = await startStandInProxy(moto, async (exchange, forward): Promise<Answer> => {
		const parameters = new URLSearchParams(exchange.body);
		switch (actionOf(exchange)) {
			case 'CreateEnvironment': {
				const name = parameters.get('EnvironmentName') ?? '';
				for (const [key, value] of optionSettings(parameters)) settingsOf(name).set(key, value);
				return forward();
			}
			case 'UpdateEnvironment': {
				const environment = (await environments(forward)).find(member => matches(member, parameters.get('EnvironmentName'), parameters.get('EnvironmentId')));
				if (!environment) {
					const which = parameters.has('EnvironmentId') ? `EnvironmentId = '${parameters.get('EnvironmentId')}'` : `EnvironmentName = '${parameters.get('EnvironmentName') ?? ''}'`;
					return error('InvalidParameterValue', `No Environment found for ${which}.`);
				}
				const name = field(environment, 'EnvironmentName');
				const kept = settingsOf(name);
				for (const [key, value] of optionSettings(parameters)) kept.set(key, value);
				for (const key of optionsToRemove(parameters)) kept.delete(key);
				updates.push({environmentName: name, parameters: Object.fromEntries(parameters)});
				updating.set(name, options.updatingPolls ?? 1);
				const version = parameters.get('VersionLabel');
				const answered = withStatus(version ? withField(environment, 'VersionLabel', version) : environment, 'Updating');
				return ok('UpdateEnvironment', answered);
			}
			case 'DescribeEnvironments': {
				const names = members(parameters, 'EnvironmentNames');
				const ids = members(parameters, 'EnvironmentIds');
				const application = parameters.get('ApplicationName');
				const listed = (await environments(forward))
					.filter(member => (names.length === 0 || names.includes(field(member, 'EnvironmentName'))) && (ids.length === 0 || ids.includes(field(member, 'EnvironmentId'))))
					.filter(member => !application || field(member, 'ApplicationName') === application)
					.map(member => {
						const name = field(member, 'EnvironmentName');
						const left = updating.get(name) ?? 0;
						if (left === 0) return member;
						updating.set(name, left - 1);
						return withStatus(member, 'Updating');
					});
				return ok('DescribeEnvironments', `<Environments>${listed.map(member => `<member>${member}</member>`).join('')}</Environments>`);
			}
			case 'DescribeConfigurationSettings': {
				const name = parameters.get('EnvironmentName') ?? '';
				const options = [...settingsOf(name)].map(([key, value]) => {
					const at = key.lastIndexOf(':');
					return `<member><Namespace>${escape(key.slice(0, at))}</Namespace><OptionName>${escape(key.slice(at + 1))}</OptionName><Value>${escape(value)}</Value></member>`;
				});
				const application = escape(parameters.get('ApplicationName') ?? '');
				return ok(
					'DescribeConfigurationSettings',
					`<ConfigurationSettings><member><ApplicationName>${application}</ApplicationName><EnvironmentName>${escape(name)}</EnvironmentName><DeploymentStatus>deployed</DeploymentStatus><OptionSettings>${options.join('')}</OptionSettings></member></ConfigurationSettings>`,
				);
			}
			default:
				return forward();
		}
	});
	return {
		...proxy,
		updates,
		settings: name => Object.fromEntries(settings.get(name) ?? []),
	};
}

/** moto's environments, each the inner XML of its `<member>` (moto's members hold no nested members). */
async function environments(forward: Forward): Promise<string[]> {
	const answer = await forward('Action=DescribeEnvironments&Version=2010-12-01');
	if (answer.status !== 200) throw new Error(`moto answered DescribeEnvironments with ${answer.status}: ${answer.body}`);
	const list = /<Environments>([\s\S]*)<\/Environments>/.exec(answer.body)?.[1] ?? '';
	return [...list.matchAll(/<member>([\s\S]*?)<\/member>/g)].map(match => match[1]!);
}

function matches(member: string, name: string | null, id: string | null): boolean {
	return id ? field(member, 'EnvironmentId') === id : field(member, 'EnvironmentName') === name;
}

function field(member: string, name: string): string {
	return unescape(new RegExp(`<${name}>([^<]*)</${name}>`).exec(member)?.[1] ?? '');
}

function withField(member: string, name: string, value: string): string {
	const pattern = new RegExp(`<${name}>[^<]*</${name}>|<${name}/>`);
	return pattern.test(member) ? member.replace(pattern, `<${name}>${escape(value)}</${name}>`) : `${member}<${name}>${escape(value)}</${name}>`;
}

function withStatus(member: string, status: string): string {
	return withField(member, 'Status', status);
}

/** `OptionSettings.member.N.{Namespace,OptionName,Value}` as `Namespace:OptionName` → Value. */
function optionSettings(parameters: URLSearchParams): [string, string][] {
	const found: [string, string][] = [];
	for (let index = 1; parameters.has(`OptionSettings.member.${index}.OptionName`); index++) {
		const prefix = `OptionSettings.member.${index}`;
		found.push([`${parameters.get(`${prefix}.Namespace`) ?? ''}:${parameters.get(`${prefix}.OptionName`)}`, parameters.get(`${prefix}.Value`) ?? '']);
	}
	return found;
}

function optionsToRemove(parameters: URLSearchParams): string[] {
	const found: string[] = [];
	for (let index = 1; parameters.has(`OptionsToRemove.member.${index}.OptionName`); index++) {
		const prefix = `OptionsToRemove.member.${index}`;
		found.push(`${parameters.get(`${prefix}.Namespace`) ?? ''}:${parameters.get(`${prefix}.OptionName`)}`);
	}
	return found;
}

/** `EnvironmentNames.member.N` values. */
function members(parameters: URLSearchParams, list: string): string[] {
	const found: string[] = [];
	for (let index = 1; parameters.has(`${list}.member.${index}`); index++) found.push(parameters.get(`${list}.member.${index}`)!);
	return found;
}

let requests = 0;

function ok(action: string, result: string): Answer {
	const body = `<${action}Response xmlns="${xmlns}"><${action}Result>${result}</${action}Result><ResponseMetadata><RequestId>stand-in-${++requests}</RequestId></ResponseMetadata></${action}Response>`;
	return {status: 200, headers: {'content-type': 'text/xml'}, body};
}

function error(code: string, message: string): Answer {
	const body = `<ErrorResponse xmlns="${xmlns}"><Error><Type>Sender</Type><Code>${code}</Code><Message>${escape(message)}</Message></Error><RequestId>stand-in-${++requests}</RequestId></ErrorResponse>`;
	return {status: 400, headers: {'content-type': 'text/xml'}, body};
}

function escape(text: string): string {
	return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}

function unescape(text: string): string {
	return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');
}
