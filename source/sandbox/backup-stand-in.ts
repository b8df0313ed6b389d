/**
 * A stand-in for AWS Backup, for DynamoDB tables, where moto has none (no recovery points, no
 * restore jobs): a small HTTP server speaking the Backup REST-JSON protocol for the calls belay's
 * restore runbook makes, backed by moto's DynamoDB. The SDK is pointed at it with
 * AWS_ENDPOINT_URL_BACKUP (or an environment's `endpoints: {backup: ...}`).
 *
 * - A recovery point is a DynamoDB backup in moto (as for AWS Backup without advanced DynamoDB
 *   backup: the recovery point ARN is the backup's ARN); every vault name lists them all.
 * - StartRestoreJob restores the backup into `Metadata.targetTableName` with moto's
 *   RestoreTableFromBackup, at once; the job is COMPLETED (or FAILED, with moto's error as its
 *   StatusMessage) from the first DescribeRestoreJob. The same IdempotencyToken gives the same job.
 *
 * - Backup selections (which resources a plan protects) are kept in memory (backup-selections.ts).
 *
 * Calls: ListRecoveryPointsByBackupVault, ListRecoveryPointsByResource,
 * GetRecoveryPointRestoreMetadata, StartRestoreJob, DescribeRestoreJob, Create/List/Get/Delete
 * BackupSelection. Everything else goes on to moto, which keeps backup plans and vaults
 * (CreateBackupPlan, ListBackupPlans, CreateBackupVault ...) and answers what it lacks with an error.
 */
import {randomUUID} from 'node:crypto';
import {
	DescribeBackupCommand,
	DynamoDBClient,
	RestoreTableFromBackupCommand,
	ListBackupsCommand,
	type BackupSummary,
	type RestoreTableFromBackupCommandInput,
} from '@aws-sdk/client-dynamodb';
import {BackupError as HttpError, backupSelections, type BackupSelection} from './backup-selections.js';
import {startStandInProxy, type Answer} from './stand-in-proxy.js';

export type BackupStandInOptions = {
	/** moto's URL. */
	readonly motoUrl: string;
	/** The keys it calls moto with: the account the recovery points and restored tables are in. */
	readonly credentials: {readonly accessKeyId: string; readonly secretAccessKey: string; readonly sessionToken?: string};
	readonly region: string;
};

export type RestoreJob = {
	readonly RestoreJobId: string;
	readonly RecoveryPointArn: string;
	readonly IamRoleArn: string;
	readonly ResourceType: string;
	readonly Metadata: Readonly<Record<string, string>>;
	readonly IdempotencyToken: string | undefined;
	readonly Status: 'COMPLETED' | 'FAILED';
	readonly StatusMessage?: string;
	readonly CreatedResourceArn?: string;
	readonly CreationDate: number;
	readonly CompletionDate: number;
};

export type BackupStandIn = {
	readonly url: string;
	/** Every request, as received: method, path with query, JSON body (or undefined). */
	readonly requests: readonly {method: string; path: string; body: unknown}[];
	/** The restore jobs started, in order. */
	readonly jobs: readonly RestoreJob[];
	/** The backup selections created, in order. */
	readonly selections: readonly BackupSelection[];
	close(): Promise<void>;
};

const seconds = (date: Date | undefined): number | undefined => (date ? date.getTime() / 1000 : undefined);

/** A metadata value by its key, case-insensitively (as AWS Backup reads restore metadata). */
function metadataValue(metadata: Readonly<Record<string, string>>, key: string): string | undefined {
	return Object.entries(metadata).find(([name]) => name.toLowerCase() === key.toLowerCase())?.[1];
}

export async function startBackupStandIn(options: BackupStandInOptions): Promise<BackupStandIn> {
	const dynamodb = new DynamoDBClient({endpoint: options.motoUrl, region: options.region, credentials: options.credentials});
	const requests: {method: string; path: string; body: unknown}[] = [];
	const jobs: RestoreJob[] = [];
	const selections = backupSelections();

	async function backups(tableArn: string | undefined): Promise<BackupSummary[]> {
		const tableName = tableArn?.split(':table/')[1];
		const found: BackupSummary[] = [];
		let after: string | undefined;
		do {
			const page = await dynamodb.send(new ListBackupsCommand({...(tableName ? {TableName: tableName} : {}), ...(after ? {ExclusiveStartBackupArn: after} : {})}));
			found.push(...(page.BackupSummaries ?? []));
			after = page.LastEvaluatedBackupArn;
		} while (after);
		return found.filter(summary => !tableArn || summary.TableArn === tableArn);
	}

	const recoveryPoint = (vault: string, summary: BackupSummary): Record<string, unknown> => ({
		RecoveryPointArn: summary.BackupArn,
		BackupVaultName: vault,
		BackupVaultArn: `arn:aws:backup:${options.region}:${summary.TableArn?.split(':')[4]}:backup-vault:${vault}`,
		ResourceArn: summary.TableArn,
		ResourceType: 'DynamoDB',
		Status: summary.BackupStatus === 'AVAILABLE' ? 'COMPLETED' : summary.BackupStatus === 'CREATING' ? 'CREATING' : 'DELETING',
		CreationDate: seconds(summary.BackupCreationDateTime),
		BackupSizeInBytes: summary.BackupSizeBytes,
	});

	/** One page of `items` (maxResults, nextToken as an index). */
	function page<T>(items: T[], query: URLSearchParams): {items: T[]; NextToken?: string} {
		const start = Number(query.get('nextToken') ?? 0);
		const size = Number(query.get('maxResults') ?? 1000);
		const end = start + size;
		return {items: items.slice(start, end), ...(end < items.length ? {NextToken: String(end)} : {})};
	}

	async function startRestore(body: Record<string, unknown>): Promise<RestoreJob> {
		const token = typeof body['IdempotencyToken'] === 'string' ? body['IdempotencyToken'] : undefined;
		const same = token ? jobs.find(job => job.IdempotencyToken === token) : undefined;
		if (same) return same;
		const recoveryPointArn = String(body['RecoveryPointArn'] ?? '');
		const metadata = (body['Metadata'] ?? {}) as Record<string, string>;
		const target = metadataValue(metadata, 'targetTableName');
		if (!recoveryPointArn || !target) throw new HttpError(400, 'InvalidParameterValueException', 'RecoveryPointArn and Metadata.targetTableName are required');
		const kmsKey = metadataValue(metadata, 'kmsMasterKeyArn');
		const input: RestoreTableFromBackupCommandInput = {
			BackupArn: recoveryPointArn,
			TargetTableName: target,
			...(metadataValue(metadata, 'encryptionType') === 'KMS' && kmsKey ? {SSESpecificationOverride: {Enabled: true, SSEType: 'KMS', KMSMasterKeyId: kmsKey}} : {}),
		};
		const started = Date.now() / 1000;
		let outcome: Pick<RestoreJob, 'Status' | 'StatusMessage' | 'CreatedResourceArn'>;
		try {
			const {TableDescription} = await dynamodb.send(new RestoreTableFromBackupCommand(input));
			outcome = {Status: 'COMPLETED', ...(TableDescription?.TableArn ? {CreatedResourceArn: TableDescription.TableArn} : {})};
		} catch (error) {
			outcome = {Status: 'FAILED', StatusMessage: `${(error as Error).name}: ${(error as Error).message}`};
		}
		const job: RestoreJob = {
			RestoreJobId: randomUUID(),
			RecoveryPointArn: recoveryPointArn,
			IamRoleArn: String(body['IamRoleArn'] ?? ''),
			ResourceType: String(body['ResourceType'] ?? ''),
			Metadata: metadata,
			IdempotencyToken: token,
			...outcome,
			CreationDate: started,
			CompletionDate: Date.now() / 1000,
		};
		jobs.push(job);
		return job;
	}

	/** The answer to a route the stand-in serves, or undefined for moto's. */
	async function route(method: string, url: URL, body: Record<string, unknown>): Promise<unknown> {
		const parts = url.pathname.split('/').filter(Boolean).map(decodeURIComponent);
		const selection = selections.route(method, parts, body);
		if (selection !== undefined) return selection;
		// GET /backup-vaults/{vault}/recovery-points
		if (method === 'GET' && parts.length === 3 && parts[0] === 'backup-vaults' && parts[2] === 'recovery-points') {
			const vault = parts[1] ?? '';
			const {items, NextToken} = page(await backups(url.searchParams.get('resourceArn') ?? undefined), url.searchParams);
			return {RecoveryPoints: items.map(summary => recoveryPoint(vault, summary)), ...(NextToken ? {NextToken} : {})};
		}
		// GET /resources/{resourceArn}/recovery-points
		if (method === 'GET' && parts.length === 3 && parts[0] === 'resources' && parts[2] === 'recovery-points') {
			const {items, NextToken} = page(await backups(parts[1]), url.searchParams);
			return {
				RecoveryPoints: items.map(summary => {
					const {ResourceArn: _resource, ResourceType: _type, BackupVaultArn: _vaultArn, BackupSizeInBytes, ...point} = recoveryPoint('Default', summary);
					return {...point, BackupSizeBytes: BackupSizeInBytes};
				}),
				...(NextToken ? {NextToken} : {}),
			};
		}
		// GET /backup-vaults/{vault}/recovery-points/{arn}/restore-metadata
		if (method === 'GET' && parts.length === 5 && parts[0] === 'backup-vaults' && parts[4] === 'restore-metadata') {
			const arn = parts[3] ?? '';
			const described = await dynamodb.send(new DescribeBackupCommand({BackupArn: arn})).catch((error: Error) => {
				throw new HttpError(404, 'ResourceNotFoundException', `recovery point ${arn}: ${error.message}`);
			});
			const source = described.BackupDescription?.SourceTableDetails;
			const sse = described.BackupDescription?.SourceTableFeatureDetails?.SSEDescription;
			return {
				BackupVaultArn: `arn:aws:backup:${options.region}:${arn.split(':')[4]}:backup-vault:${parts[1]}`,
				RecoveryPointArn: arn,
				ResourceType: 'DynamoDB',
				RestoreMetadata: {originalTableName: source?.TableName ?? '', encryptionType: sse?.SSEType === 'KMS' ? 'KMS' : 'Default'},
			};
		}
		// PUT /restore-jobs
		if (method === 'PUT' && parts.length === 1 && parts[0] === 'restore-jobs') {
			return {RestoreJobId: (await startRestore(body)).RestoreJobId};
		}
		// GET /restore-jobs/{id}
		if (method === 'GET' && parts.length === 2 && parts[0] === 'restore-jobs') {
			const job = jobs.find(candidate => candidate.RestoreJobId === parts[1]);
			if (!job) throw new HttpError(404, 'ResourceNotFoundException', `no restore job ${parts[1]}`);
			const {Metadata: _metadata, IdempotencyToken: _token, ...described} = job;
			return {...described, PercentDone: job.Status === 'COMPLETED' ? '100.00%' : '0.00%'};
		}
		return undefined;
	}

	const proxy = await startStandInProxy(options.motoUrl, async (exchange, forward): Promise<Answer> => {
		const url = new URL(exchange.path, 'http://stand-in');
		const body = exchange.body ? (JSON.parse(exchange.body) as Record<string, unknown>) : {};
		requests.push({method: exchange.method, path: `${url.pathname}${url.search}`, body: exchange.body ? body : undefined});
		try {
			const result = await route(exchange.method, url, body);
			if (result === undefined) return await forward();
			return {status: 200, headers: {'content-type': 'application/json'}, body: JSON.stringify(result)};
		} catch (error) {
			const status = error instanceof HttpError ? error.status : 500;
			const type = error instanceof HttpError ? error.type : 'ServiceUnavailableException';
			return {status, headers: {'content-type': 'application/json', 'x-amzn-errortype': type}, body: JSON.stringify({Message: (error as Error).message})};
		}
	});
	return {
		url: proxy.endpoint,
		requests,
		jobs,
		selections: selections.all,
		async close() {
			dynamodb.destroy();
			await proxy.close();
		},
	};
}
