import {execFileSync} from 'node:child_process';
import {chmodSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {CreateBucketCommand, ListObjectsV2Command, S3Client} from '@aws-sdk/client-s3';
import {afterAll, beforeAll, describe, expect, test} from 'vitest';
import {motoClientConfig, motoEnv, motoUrl, uniqueName} from '../helpers/moto.js';
import {startPostgres, type PostgresServer} from '../helpers/postgres-server.js';
import {buildPrivateCli, describeExit, root, scratch, show, stepOf, type Cli, type Exit} from './cli.js';

/**
 * The bundled postgres-backup and postgres-restore, rehearsed through the CLI against a real
 * PostgreSQL server the test starts (initdb, pg_ctl) and moto's S3 (reached by the `aws` CLI the
 * runbooks' shell steps run, and by their aws steps), in the runbooks' `sandbox` environment.
 * A backup to a bucket is restored into a new database and verified against its manifest; backups
 * to a directory (no aws CLI: cheaper) show that unchanged data makes no archive and a change does,
 * and that a manifest whose counts were tampered with fails the verification, naming the table.
 */

let cli: Cli;
let url = '';
let postgres: PostgresServer;
let dir = '';
let s3: S3Client;
const bucket = uniqueName('checkniner-backups');

const schema = `
create table auth_user (id serial primary key, username text not null);
create table checkouts_checkout (id serial primary key, user_id int references auth_user, note text);
create schema "Audit Log";
create table "Audit Log"."Entry ""1""" (at timestamptz default now(), what text);
insert into auth_user (username) values ('ana'), ('ben'), ('cho');
insert into checkouts_checkout (user_id, note) values (1, E'tab\\there'), (2, E'two\\nlines'), (3, null), (1, 'again');
insert into "Audit Log"."Entry ""1""" (what) values ('created');
create table empty_table (id int);
`;

beforeAll(async () => {
	url = await motoUrl();
	[cli, postgres] = await Promise.all([buildPrivateCli(), startPostgres()]);
	dir = scratch('postgres');
	postgres.sql('postgres', 'create database checkniner');
	postgres.sql('checkniner', schema);
	// A stand-in for Django's `dumpdata APP`: the app's table as JSON.
	const dumpdata = join(dir, 'dumpdata');
	writeFileSync(
		dumpdata,
		'#!/bin/sh\ncase "$1" in\n  auth) table=auth_user ;;\n  checkouts) table=checkouts_checkout ;;\n  *) echo "no app $1" >&2; exit 1 ;;\nesac\n' +
			'psql -X -At -c "select json_agg(t order by t.id) from $table t"\n',
	);
	chmodSync(dumpdata, 0o755);
	s3 = new S3Client({...motoClientConfig(url), forcePathStyle: true});
	await s3.send(new CreateBucketCommand({Bucket: bucket, CreateBucketConfiguration: {LocationConstraint: 'eu-west-1'}}));
}, 60_000);

afterAll(() => {
	postgres?.stop();
	s3?.destroy();
	if (dir) rmSync(dir, {recursive: true, force: true});
	cli?.dispose();
});

async function belay(runbook: string, inputs: Record<string, string>): Promise<{exit: Exit; runId: string; state: string}> {
	const runId = uniqueName(runbook);
	const state = join(dir, 'state');
	const connection = {host: postgres.host, port: String(postgres.port), user: postgres.user, password: postgres.password};
	const args = Object.entries({...connection, ...inputs}).flatMap(([name, value]) => ['--input', `${name}=${value}`]);
	const file = join(root, 'runbooks', `${runbook}.yaml`);
	const exit = await cli.run(['run', file, '--env', 'sandbox', '--yes', '--non-interactive', '--state-dir', state, '--run-id', runId, ...args], {env: motoEnv(url), cwd: dir});
	return {exit, runId, state};
}

const keys = async (): Promise<string[]> => ((await s3.send(new ListObjectsV2Command({Bucket: bucket}))).Contents ?? []).map(object => object.Key ?? '').sort();
const rows = (database: string, table: string): string => postgres.sql(database, `select * from ${table} order by 1, 2`);
const expectedCounts = {'"Audit Log"."Entry ""1"""': 1, 'public.auth_user': 3, 'public.checkouts_checkout': 4, 'public.empty_table': 0};

describe('the bundled postgres runbooks, against a real PostgreSQL and moto', () => {
	test('a bucket: the backup uploads an archive with its manifest and fixtures, and the restore puts it into a new database that matches', async () => {
		const location = `s3://${bucket}/checkniner/`;
		const backup = await belay('postgres-backup', {location, fixturesCommand: join(dir, 'dumpdata')});
		expect(backup.exit.code, describeExit(backup.exit)).toBe(0);
		const backupRun = await show(cli, backup.state, backup.runId);
		expect(stepOf(backupRun, 'summarise').outputs).toMatchObject({changed: true, hashed: ['auth.json', 'checkouts.json'], tables: expectedCounts});
		const archive = stepOf(backupRun, 'summarise').outputs['archive'] as string;
		expect(archive).toMatch(/^checkniner-\d{8}T\d{6}Z-[0-9a-f]{16}\.tar\.gz$/);
		expect(await keys()).toEqual([`checkniner/${archive}`]);
		expect(stepOf(backupRun, 'upload-complete').status).toBe('succeeded');

		// The newest is offered first, and --yes takes it.
		const restore = await belay('postgres-restore', {location, newDatabase: 'checkniner_rehearsal'});
		expect(restore.exit.code, describeExit(restore.exit)).toBe(0);
		expect(restore.exit.stdout).toContain(`Fetch and unpack ${archive}`);
		const restoreRun = await show(cli, restore.state, restore.runId);
		expect(stepOf(restoreRun, 'count').outputs).toMatchObject({tables: expectedCounts, mismatches: []});
		expect(stepOf(restoreRun, 'verify').status).toBe('succeeded');
		for (const table of ['auth_user', 'checkouts_checkout', '"Audit Log"."Entry ""1"""']) {
			expect(rows('checkniner_rehearsal', table), table).toBe(rows('checkniner', table));
		}
	}, 120_000);

	test('a directory: nothing new when the data is unchanged, a new archive after a change, and a tampered manifest fails the verification, naming the table', async () => {
		const location = join(dir, 'archives');
		const first = await belay('postgres-backup', {location});
		expect(first.exit.code, describeExit(first.exit)).toBe(0);
		const [name] = readdirSync(location);
		expect(name).toMatch(/^checkniner-\d{8}T\d{6}Z-[0-9a-f]{16}\.tar\.gz$/);
		expect(execFileSync('tar', ['-tzf', join(location, name!)], {encoding: 'utf8'}).split('\n').filter(Boolean).sort()).toEqual(['checkniner.sql', 'manifest.json']);

		const unchanged = await belay('postgres-backup', {location});
		expect(unchanged.exit.code, describeExit(unchanged.exit)).toBe(0);
		expect(unchanged.exit.stdout).toContain(`unchanged: the newest archive, ${name}, holds the same data: nothing to upload`);
		const unchangedRun = await show(cli, unchanged.state, unchanged.runId);
		expect(['archive', 'copy'].map(id => stepOf(unchangedRun, id).status)).toEqual(['skipped', 'skipped']);
		expect(readdirSync(location)).toEqual([name]);

		postgres.sql('checkniner', "insert into auth_user (username) values ('dee')");
		const changed = await belay('postgres-backup', {location});
		expect(changed.exit.code, describeExit(changed.exit)).toBe(0);
		expect(changed.exit.stdout).toContain(`changed: the newest archive, ${name}, holds other data`);
		const names = readdirSync(location).sort();
		expect(names).toHaveLength(2);
		const newest = names[1]!;
		expect(names[0]).toBe(name);

		// Someone "fixes" the newest manifest: the data is intact, the counts are not what it holds.
		const unpacked = join(dir, 'tamper');
		mkdirSync(unpacked);
		execFileSync('tar', ['-xzf', join(location, newest), '-C', unpacked]);
		const manifest = JSON.parse(readFileSync(join(unpacked, 'manifest.json'), 'utf8')) as {tables: Record<string, number>};
		expect(manifest.tables).toEqual({...expectedCounts, 'public.auth_user': 4});
		manifest.tables['public.auth_user'] = 99;
		writeFileSync(join(unpacked, 'manifest.json'), JSON.stringify(manifest));
		execFileSync('tar', ['-czf', join(location, newest), '-C', unpacked, 'checkniner.sql', 'manifest.json']);

		const restore = await belay('postgres-restore', {location, newDatabase: 'checkniner_tampered'});
		expect(restore.exit.code, describeExit(restore.exit)).toBe(1);
		expect(restore.exit.stdout).toContain(`Fetch and unpack ${newest}`);
		const run = await show(cli, restore.state, restore.runId);
		expect(stepOf(run, 'intact').status).toBe('succeeded');
		expect(stepOf(run, 'load').status).toBe('succeeded');
		expect(stepOf(run, 'verify').error?.message).toBe(
			'the restored database checkniner_tampered does not match the archive: public.auth_user: the manifest says 99 rows, the restored table has 4. ' +
				`Do not use it; look into the load step's output (belay report ${restore.runId})`,
		);
		expect(stepOf(run, 'finish').status).toBe('pending');
	}, 120_000);
});
