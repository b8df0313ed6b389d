/**
 * Cobalt's production as the RDS runbooks (rds-snapshot, restore-rds-snapshot; seed 004) meet it, in
 * the sandbox's moto: a PostgreSQL instance in a DB subnet group of moto's default VPC subnets, with
 * two VPC security groups, its own parameter group, Multi-AZ, a class other than the default and
 * deletion protection (or, `bare`, an instance made with none of these, as a quick rehearsal would
 * make it); two manual snapshots of it, taken before earlier releases; and the Django app in an
 * Elastic Beanstalk environment (through belay's stand-in, which keeps its settings) whose
 * RDS_HOSTNAME and RDS_PORT name the instance.
 *
 * The sandbox seeds it under `cobaltSandbox`'s names; tests give names of their own (they share one
 * moto). Seeding twice is harmless: what is already there is left as it is. moto's restores are
 * available at once (a real one takes minutes to hours).
 */
import {CreateApplicationCommand, CreateEnvironmentCommand, DescribeEnvironmentsCommand, ElasticBeanstalkClient} from '@aws-sdk/client-elastic-beanstalk';
import {
	CreateDBInstanceCommand,
	CreateDBParameterGroupCommand,
	CreateDBSnapshotCommand,
	CreateDBSubnetGroupCommand,
	DescribeDBInstancesCommand,
	DescribeDBSnapshotsCommand,
	RDSClient,
	type DBInstance,
} from '@aws-sdk/client-rds';
import type {SandboxKeys} from './moto-service.js';

export const propertiesNamespace = 'aws:elasticbeanstalk:application:environment';

export type CobaltNames = {readonly instance: string; readonly application: string; readonly environment: string};

/** The names the sandbox uses: what its notes tell an operator to pass. */
export const cobaltSandbox: CobaltNames = {instance: 'cobalt-db', application: 'cobalt', environment: 'cobalt-production'};

/** Where to seed: moto, the Elastic Beanstalk stand-in in front of it, the region and keys. */
export type CobaltTarget = {readonly motoUrl: string; readonly elasticBeanstalk: string; readonly region: string; readonly credentials: SandboxKeys};

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

export type CobaltWorld = CobaltNames & {
	/** The instance's endpoint address, which the app's RDS_HOSTNAME holds. */
	readonly address: string;
	/** The settings a restore must keep, as moto describes the instance. */
	readonly settings: InstanceSettings;
	/** Manual snapshots of the instance, oldest first (moto also keeps an automated one, older still). */
	readonly snapshots: readonly string[];
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

async function snapshotExists(rds: RDSClient, snapshot: string): Promise<boolean> {
	try {
		return ((await rds.send(new DescribeDBSnapshotsCommand({DBSnapshotIdentifier: snapshot}))).DBSnapshots ?? []).length > 0;
	} catch (error) {
		if ((error as Error).name === 'DBSnapshotNotFoundFault') return false;
		throw error;
	}
}

async function createInstance(rds: RDSClient, target: CobaltTarget, instance: string, bare: boolean): Promise<void> {
	const base = {DBInstanceIdentifier: instance, Engine: 'postgres', DBName: 'cobalt', MasterUsername: 'cobalt', MasterUserPassword: 'not-a-secret-1', AllocatedStorage: 20};
	if (bare) {
		await rds.send(new CreateDBInstanceCommand({...base, DBInstanceClass: 'db.t3.micro'}));
		return;
	}
	const subnetGroup = `${instance}-subnets`;
	const parameterGroup = `${instance}-params`;
	const SubnetIds = await defaultSubnets(target);
	await rds.send(new CreateDBSubnetGroupCommand({DBSubnetGroupName: subnetGroup, DBSubnetGroupDescription: 'Cobalt database subnets', SubnetIds}));
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

async function seedApp(target: CobaltTarget, names: CobaltNames, address: string): Promise<void> {
	const eb = new ElasticBeanstalkClient({endpoint: target.elasticBeanstalk, region: target.region, credentials: target.credentials});
	try {
		const {Environments = []} = await eb.send(new DescribeEnvironmentsCommand({EnvironmentNames: [names.environment]}));
		if (Environments.some(environment => environment.EnvironmentName === names.environment && !environment.Status?.startsWith('Terminat'))) return;
		await eb.send(new CreateApplicationCommand({ApplicationName: names.application})).catch((error: Error) => {
			if (!/already exists/i.test(error.message)) throw error;
		});
		await eb.send(
			new CreateEnvironmentCommand({
				ApplicationName: names.application,
				EnvironmentName: names.environment,
				SolutionStackName: '64bit Amazon Linux 2 v3.5.0 running Python 3.8',
				OptionSettings: [
					{Namespace: propertiesNamespace, OptionName: 'RDS_HOSTNAME', Value: address},
					{Namespace: propertiesNamespace, OptionName: 'RDS_PORT', Value: '5432'},
					{Namespace: propertiesNamespace, OptionName: 'RDS_DB_NAME', Value: 'cobalt'},
				],
			}),
		);
	} finally {
		eb.destroy();
	}
}

/** Builds Cobalt's world (or finds it built): the instance, its snapshots, and the app's environment pointing at it. */
export async function seedCobalt(target: CobaltTarget, names: CobaltNames = cobaltSandbox, options: {readonly bare?: boolean} = {}): Promise<CobaltWorld> {
	const rds = new RDSClient({endpoint: target.motoUrl, region: target.region, credentials: target.credentials});
	try {
		if (!(await describeInstance(rds, names.instance))) await createInstance(rds, target, names.instance, options.bare === true);
		const snapshots = [`${names.instance}-release-v4-1-0`, `${names.instance}-release-v4-2-0`];
		for (const snapshot of snapshots) {
			if (!(await snapshotExists(rds, snapshot))) await rds.send(new CreateDBSnapshotCommand({DBInstanceIdentifier: names.instance, DBSnapshotIdentifier: snapshot}));
		}
		const described = await describeInstance(rds, names.instance);
		const address = described?.Endpoint?.Address ?? '';
		await seedApp(target, names, address);
		return {...names, address, settings: settingsOf(described), snapshots};
	} finally {
		rds.destroy();
	}
}

/**
 * Two subnets of moto's default VPC in the region (a DB subnet group needs subnets EC2 knows), read
 * with EC2's query protocol: the SDK's EC2 client is not among belay's dependencies. moto reads the
 * account and region from the credential scope and checks no signature.
 */
async function defaultSubnets(target: CobaltTarget): Promise<string[]> {
	const scope = `${target.credentials.accessKeyId}/20240101/${target.region}/ec2/aws4_request`;
	const answer = await fetch(target.motoUrl, {
		method: 'POST',
		headers: {'content-type': 'application/x-www-form-urlencoded', authorization: `AWS4-HMAC-SHA256 Credential=${scope}, SignedHeaders=host, Signature=0`},
		body: 'Action=DescribeSubnets&Version=2016-11-15&Filter.1.Name=default-for-az&Filter.1.Value.1=true',
	});
	const body = await answer.text();
	const subnets = [...body.matchAll(/<subnetId>([^<]+)<\/subnetId>/g)].map(match => match[1]!);
	if (!answer.ok || subnets.length < 2) throw new Error(`moto's EC2 gave no default subnets (${answer.status}): ${body.slice(0, 300)}`);
	return subnets.slice(0, 2);
}
