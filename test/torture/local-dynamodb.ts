/**
 * A local DynamoDB (dynalite, in this process) for runs of test/torture/every-kind.yaml, and the
 * environment that points belay's AWS calls at it.
 */
import type {Server} from 'node:http';
import type {AddressInfo} from 'node:net';
import {DescribeTableCommand, DynamoDBClient} from '@aws-sdk/client-dynamodb';
import dynalite from 'dynalite';

export type LocalDynamo = {
	readonly endpoint: string;
	/** For a belay child process: the endpoint and fake keys. */
	readonly env: Readonly<Record<string, string>>;
	stop(): Promise<void>;
};

/** Tables take `createTableMs` to become ACTIVE, so a wait on one polls a few times. */
export async function startLocalDynamo(createTableMs = 400): Promise<LocalDynamo> {
	const server: Server = dynalite({createTableMs});
	await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
	const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
	return {
		endpoint,
		env: {
			AWS_ENDPOINT_URL_DYNAMODB: endpoint,
			AWS_ACCESS_KEY_ID: 'local',
			AWS_SECRET_ACCESS_KEY: 'local',
			AWS_REGION: 'eu-west-1',
			AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
		},
		async stop() {
			server.closeAllConnections();
			await new Promise(resolve => server.close(resolve));
		},
	};
}

/** Whether the table exists (in any status). */
export async function tableExists(endpoint: string, table: string): Promise<boolean> {
	const client = new DynamoDBClient({endpoint, region: 'eu-west-1', credentials: {accessKeyId: 'local', secretAccessKey: 'local'}});
	try {
		await client.send(new DescribeTableCommand({TableName: table}));
		return true;
	} catch (error) {
		if ((error as Error).name === 'ResourceNotFoundException') return false;
		throw error;
	} finally {
		client.destroy();
	}
}
