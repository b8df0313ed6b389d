/**
 * Cobalt's production as the RDS runbooks meet it, in moto (seed 004): a PostgreSQL instance in a
 * DB subnet group of the default VPC's subnets, with two VPC security groups, its own parameter
 * group, Multi-AZ, a class other than the default and deletion protection (or, `bare`, an instance
 * created with none of these, as a quick rehearsal would make it); two manual snapshots of
 * it; and a Django app in an Elastic Beanstalk environment (through the stand-in, which keeps its
 * settings) whose RDS_HOSTNAME and RDS_PORT name the instance. Every name is unique to the world,
 * so test files share one moto.
 *
 *     const world = await makeCobaltWorld(motoUrl, eb);
 *     world.instance, world.snapshots, world.environment, world.address
 *     await makeCobaltWorld(motoUrl, eb, {bare: true})
 */
import {CreateApplicationCommand, CreateEnvironmentCommand, ElasticBeanstalkClient} from '@aws-sdk/client-elastic-beanstalk';
import {
	CreateDBInstanceCommand,
	CreateDBParameterGroupCommand,
	CreateDBSnapshotCommand,
	CreateDBSubnetGroupCommand,
	DescribeDBInstancesCommand,
	type DBInstance,
	type RDSClient,
} from '@aws-sdk/client-rds';
import {motoClientConfig, motoKeys, motoRegion, uniqueName} from '../helpers/moto.js';
import type {ElasticBeanstalkStandIn} from './elastic-beanstalk.js';

export const propertiesNamespace = 'aws:elasticbeanstalk:application:environment';

export type CobaltWorld = {
	readonly instance: string;
	/** The instance's endpoint address, which the app's RDS_HOSTNAME holds. */
	readonly address: string;
	/** The settings a restore must keep, as moto describes the instance. */
	readonly settings: InstanceSettings;
	/** Manual snapshots of the instance, oldest first (moto also keeps an automated one, older still). */
	readonly snapshots: readonly string[];
	readonly application: string;
	readonly environment: string;
};

/** Builds a world: an instance, its snapshots, and the app's environment pointing at it. */
export async function makeCobaltWorld(url: string, rds: RDSClient, eb: ElasticBeanstalkStandIn, options: {readonly bare?: boolean} = {}): Promise<CobaltWorld> {
	const instance = uniqueName('cobalt-db');
	const base = {DBInstanceIdentifier: instance, Engine: 'postgres', DBName: 'cobalt', MasterUsername: 'cobalt', MasterUserPassword: 'not-a-secret-1', AllocatedStorage: 20};
	if (options.bare) {
		await rds.send(new CreateDBInstanceCommand({...base, DBInstanceClass: 'db.t3.micro'}));
	} else {
		const subnetGroup = `${instance}-subnets`;
		const parameterGroup = `${instance}-params`;
		await rds.send(new CreateDBSubnetGroupCommand({DBSubnetGroupName: subnetGroup, DBSubnetGroupDescription: 'Cobalt database subnets', SubnetIds: await defaultSubnets(url)}));
		await rds.send(new CreateDBParameterGroupCommand({DBParameterGroupName: parameterGroup, DBParameterGroupFamily: 'postgres13', Description: 'Cobalt'}));
		await rds.send(
			new CreateDBInstanceCommand({
				...base,
				DBInstanceClass: 'db.m5.large',
				DBSubnetGroupName: subnetGroup,
				VpcSecurityGroupIds: ['sg-0a1b2c3d4e5f60718', 'sg-0123456789abcdef0'],
				DBParameterGroupName: parameterGroup,
				MultiAZ: true,
				DeletionProtection: true,
			}),
		);
	}
	const snapshots = [`${instance}-release-v4-1-0`, `${instance}-release-v4-2-0`];
	for (const snapshot of snapshots) await rds.send(new CreateDBSnapshotCommand({DBInstanceIdentifier: instance, DBSnapshotIdentifier: snapshot}));
	const described = await describeInstance(rds, instance);
	const address = described?.Endpoint?.Address ?? '';

	const application = uniqueName('cobalt');
	const environment = `${application}-production`;
	const client = new ElasticBeanstalkClient({...motoClientConfig(eb.endpoint), region: motoRegion});
	try {
		await client.send(new CreateApplicationCommand({ApplicationName: application}));
		await client.send(
			new CreateEnvironmentCommand({
				ApplicationName: application,
				EnvironmentName: environment,
				SolutionStackName: '64bit Amazon Linux 2 v3.5.0 running Python 3.8',
				OptionSettings: [
					{Namespace: propertiesNamespace, OptionName: 'RDS_HOSTNAME', Value: address},
					{Namespace: propertiesNamespace, OptionName: 'RDS_PORT', Value: '5432'},
					{Namespace: propertiesNamespace, OptionName: 'RDS_DB_NAME', Value: 'cobalt'},
				],
			}),
		);
	} finally {
		client.destroy();
	}
	return {instance, address, settings: settingsOf(described), snapshots, application, environment};
}

/** What a restore must keep of an instance (and what moto reports of it). */
export type InstanceSettings = {
	readonly status: string | undefined;
	readonly class: string | undefined;
	readonly subnetGroup: string | undefined;
	readonly securityGroups: readonly (string | undefined)[];
	readonly parameterGroups: readonly (string | undefined)[];
	readonly multiAZ: boolean | undefined;
	readonly deletionProtection: boolean | undefined;
};

export function settingsOf(instance: DBInstance | undefined): InstanceSettings {
	return {
		status: instance?.DBInstanceStatus,
		class: instance?.DBInstanceClass,
		subnetGroup: instance?.DBSubnetGroup?.DBSubnetGroupName,
		securityGroups: (instance?.VpcSecurityGroups ?? []).map(group => group.VpcSecurityGroupId).sort(),
		parameterGroups: (instance?.DBParameterGroups ?? []).map(group => group.DBParameterGroupName),
		multiAZ: instance?.MultiAZ,
		deletionProtection: instance?.DeletionProtection,
	};
}

/** One instance as moto describes it, or undefined when it is gone. */
export async function describeInstance(rds: RDSClient, instance: string): Promise<DBInstance | undefined> {
	try {
		return (await rds.send(new DescribeDBInstancesCommand({DBInstanceIdentifier: instance}))).DBInstances?.[0];
	} catch (error) {
		if ((error as Error).name === 'DBInstanceNotFoundFault') return undefined;
		throw error;
	}
}

/**
 * Two subnets of moto's default VPC in the region (a DB subnet group needs subnets EC2 knows), read
 * with EC2's query protocol: the SDK's EC2 client is not among belay's dependencies. moto reads the
 * account and region from the credential scope and checks no signature.
 */
async function defaultSubnets(url: string): Promise<string[]> {
	const scope = `${motoKeys.accessKeyId}/20240101/${motoRegion}/ec2/aws4_request`;
	const answer = await fetch(url, {
		method: 'POST',
		headers: {'content-type': 'application/x-www-form-urlencoded', authorization: `AWS4-HMAC-SHA256 Credential=${scope}, SignedHeaders=host, Signature=0`},
		body: 'Action=DescribeSubnets&Version=2016-11-15&Filter.1.Name=default-for-az&Filter.1.Value.1=true',
	});
	const body = await answer.text();
	const subnets = [...body.matchAll(/<subnetId>([^<]+)<\/subnetId>/g)].map(match => match[1]!);
	if (!answer.ok || subnets.length < 2) throw new Error(`moto's EC2 gave no default subnets (${answer.status}): ${body.slice(0, 300)}`);
	return subnets.slice(0, 2);
}
