import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {loadConfidantSample} from './confidant-tables.js';
import {dynamodbService} from './dynamodb-service.js';
import type {SandboxService, StartedService} from './service.js';

/**
 * The sandbox's AWS. Where `moto_server` is installed: moto with belay's stand-ins (AWS Backup,
 * Elastic Beanstalk) serving every runbook service, DynamoDB included (and every other AWS service
 * moto has, SimpleDB among them), filled with Confidant's sample data and with the world each other
 * bundled runbook rehearses on (rehearsals.ts: the DynamoDB restore's, Cobalt's RDS instance and
 * app, Repoman's SimpleDB domain and buckets), each with the command that rehearses it. Without moto: the embedded DynamoDB (dynalite) alone,
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
				const {seedRehearsals} = await import('./rehearsals.js');
				notes.push(...(await seedRehearsals(service, {terraformDir, now: options.now})));
			}
			const started: StartedService = {name: 'moto with belay stand-ins', endpoints: service.endpoints, otherServices: service.motoUrl, notes, stop};
			return started;
		} catch (error) {
			await stop();
			throw error;
		}
	},
};
