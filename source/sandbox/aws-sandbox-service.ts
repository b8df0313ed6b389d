import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {loadConfidantSample} from './confidant-tables.js';
import {dynamodbService} from './dynamodb-service.js';
import type {SandboxService, StartedService} from './service.js';

/**
 * The sandbox's AWS. Where `moto_server` is installed: moto with belay's stand-ins (AWS Backup,
 * Elastic Beanstalk) serving every runbook service, DynamoDB included, filled with Confidant's
 * sample data and with what restore-dynamodb-table rehearses on (a table with a backup, a pipeline,
 * a backup plan, a terraform stand-in project). Without moto: the embedded DynamoDB (dynalite) alone,
 * enough for the credentials runbooks, and a line saying how to get the rest.
 */
export const awsSandboxService: SandboxService = {
	name: 'AWS',
	async start(options) {
		const {startMotoService} = await import('./moto-service.js');
		const moto = await startMotoService();
		if (moto.status === 'not-installed') {
			const started = await dynamodbService.start(options);
			return 'skipped' in started ? started : {...started, notes: [...started.notes, moto.message]};
		}
		const {service} = moto;
		const dirs: string[] = [];
		const stop = async (): Promise<void> => {
			await service.stop();
			for (const dir of dirs) rmSync(dir, {recursive: true, force: true});
		};
		try {
			const notes = [`every AWS service of the runbooks; AWS Backup and Elastic Beanstalk through belay's stand-ins (${service.endpoints['backup']}, ${service.endpoints['elasticbeanstalk']})`];
			if (options.sample) {
				notes.push(...(await loadConfidantSample(service.endpoints['dynamodb']!, options.region, options.now)));
				const terraformDir = mkdtempSync(join(tmpdir(), 'belay-sandbox-terraform-'));
				dirs.push(terraformDir);
				const {seedRestoreDynamoDb, restoreSandbox} = await import('./seed-restore-dynamodb.js');
				const {restoreProjectInputs} = await import('./restore-terraform-project.js');
				const seeded = await seedRestoreDynamoDb(service, {terraformDir});
				notes.push(
					`restore-dynamodb-table (${service.region}): table ${restoreSandbox.table} with a backup, pipeline ${restoreSandbox.pipelineName}, backup plan ${restoreSandbox.backupPlanName}`,
					seeded.terraform && 'dir' in seeded.terraform
						? `  belay run restore-dynamodb-table --env sandbox --input terraformDir=${terraformDir} --input resourceAddress=${restoreProjectInputs.resourceAddress} --input "pipelineAddress=${restoreProjectInputs.pipelineAddress}"`
						: `  ${seeded.terraform && 'missing' in seeded.terraform ? seeded.terraform.missing : 'no terraform stand-in project was made'}`,
				);
			}
			const started: StartedService = {name: 'moto with belay stand-ins', endpoints: service.endpoints, notes, stop};
			return started;
		} catch (error) {
			await stop();
			throw error;
		}
	},
};
