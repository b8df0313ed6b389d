/**
 * What the sandbox's moto is filled with so that every bundled runbook beyond the credentials ones
 * can be rehearsed, and the lines that tell an operator how: for each runbook, the exact
 * `belay run` command (inputs naming what was seeded).
 *
 * - restore-dynamodb-table: seed-restore-dynamodb.ts (and the terraform stand-in project in `terraformDir`);
 * - rds-snapshot, restore-rds-snapshot: Cobalt's instance and app, seed-cobalt.ts;
 * - simpledb-backup, simpledb-restore: Repoman's repository, seed-repoman.ts, and the line that puts
 *   belay's stand-in repoman-cli on the PATH when none is there.
 */
import type {MotoService} from './moto-service.js';

export type RehearsalOptions = {
	/** A directory for the terraform stand-in project (one that does not hold one yet). */
	readonly terraformDir: string;
	readonly now: Date;
	/** The PATH repoman-cli is looked for on (default: this process's). */
	readonly path?: string;
};

async function restoreDynamoDbNotes(service: MotoService, terraformDir: string): Promise<string[]> {
	const {seedRestoreDynamoDb, restoreSandbox} = await import('./seed-restore-dynamodb.js');
	const {restoreProjectInputs} = await import('./restore-terraform-project.js');
	const seeded = await seedRestoreDynamoDb(service, {terraformDir});
	return [
		`restore-dynamodb-table (${service.region}): table ${restoreSandbox.table} with a backup, pipeline ${restoreSandbox.pipelineName}, backup plan ${restoreSandbox.backupPlanName}`,
		seeded.terraform && 'dir' in seeded.terraform
			? `  belay run restore-dynamodb-table --env sandbox --input terraformDir=${terraformDir} --input resourceAddress=${restoreProjectInputs.resourceAddress} --input "pipelineAddress=${restoreProjectInputs.pipelineAddress}"`
			: `  ${seeded.terraform && 'missing' in seeded.terraform ? seeded.terraform.missing : 'no terraform stand-in project was made'}`,
	];
}

async function cobaltNotes(service: MotoService): Promise<string[]> {
	const {seedCobalt} = await import('./seed-cobalt.js');
	const world = await seedCobalt({motoUrl: service.motoUrl, elasticBeanstalk: service.elasticBeanstalk.endpoint, region: service.region, credentials: service.credentials});
	return [
		`rds-snapshot, restore-rds-snapshot (${service.region}): PostgreSQL instance ${world.instance} (${world.settings.class}, Multi-AZ, ${world.snapshots.length} manual snapshots), used by the Elastic Beanstalk environment ${world.environment}`,
		`  belay run rds-snapshot --env sandbox --input instance=${world.instance} --input release=v4.3.0`,
		`  belay run restore-rds-snapshot --env sandbox --input instance=${world.instance} --input ebEnvironment=${world.environment}`,
	];
}

async function repomanNotes(service: MotoService, now: Date, path: string | undefined): Promise<string[]> {
	const {seedRepoman} = await import('./seed-repoman.js');
	const {repomanPathLine} = await import('./repoman-stand-in.js');
	const repo = await seedRepoman({motoUrl: service.motoUrl, credentials: service.credentials, now});
	const pathLine = repomanPathLine(path);
	const inputs = `--input domain=${repo.domain} --input repoBucket=${repo.repoBucket} --input backupBucket=${repo.backupBucket}`;
	return [
		`simpledb-backup, simpledb-restore (${repo.region}): SimpleDB domain ${repo.domain}, versioned repository bucket ${repo.repoBucket}, backups in ${repo.backupBucket} (one from yesterday)`,
		...(pathLine ? [`  ${pathLine}    # belay's stand-in repoman-cli`] : []),
		`  belay run simpledb-backup --env sandbox ${inputs}`,
		`  belay run simpledb-restore --env sandbox ${inputs}`,
	];
}

/** A world that could not be seeded is said in one line; the sandbox still serves the others. */
export function orSaid(runbooks: string, seeding: Promise<string[]>): Promise<string[]> {
	return seeding.catch((error: unknown) => [`${runbooks}: not seeded, so not ready to rehearse (${error instanceof Error ? error.message.split('\n')[0] : String(error)})`]);
}

/** Seeds every runbook's world into a started moto (at once: they share nothing); the notes that say what and how to rehearse each. */
export async function seedRehearsals(service: MotoService, options: RehearsalOptions): Promise<string[]> {
	const notes = await Promise.all([
		orSaid('restore-dynamodb-table', restoreDynamoDbNotes(service, options.terraformDir)),
		orSaid('rds-snapshot, restore-rds-snapshot', cobaltNotes(service)),
		orSaid('simpledb-backup, simpledb-restore', repomanNotes(service, options.now, options.path)),
	]);
	return notes.flat();
}
