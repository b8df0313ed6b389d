/**
 * A throw-away PostgreSQL server for the tests of the PostgreSQL runbooks: `initdb` into a temporary
 * folder, `pg_ctl start` on a free loopback port (password authentication, no fsync), stopped and
 * removed by `stop`. Run by root (as in CI containers), the server runs as the `postgres` user, since
 * PostgreSQL refuses to run as root.
 */
import {execFileSync, spawnSync} from 'node:child_process';
import {chownSync, existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {freePort, onPath} from './moto-server.js';

export type PostgresServer = {
	readonly host: string;
	readonly port: number;
	readonly user: string;
	readonly password: string;
	/** PGHOST, PGPORT, PGUSER, PGPASSWORD for this server. */
	readonly env: Readonly<Record<string, string>>;
	/** Runs SQL with psql in `database`; returns its unaligned, tuples-only output. */
	sql(database: string, text: string): string;
	stop(): void;
};

/** The folder of the server programs (initdb, pg_ctl): Debian's newest /usr/lib/postgresql/N/bin, else the PATH. */
export function postgresBinaries(): string {
	const debian = '/usr/lib/postgresql';
	if (existsSync(debian)) {
		const versions = readdirSync(debian)
			.filter(name => existsSync(join(debian, name, 'bin', 'initdb')))
			.sort((a, b) => Number(b) - Number(a));
		if (versions[0]) return join(debian, versions[0], 'bin');
	}
	const initdb = onPath('initdb');
	if (initdb) return join(initdb, '..');
	throw new Error('the PostgreSQL server programs (initdb, pg_ctl) are not installed: on Debian, apt-get install postgresql');
}

/** The uid and gid the server runs as: the `postgres` user when we are root, else ourselves. */
function serverUser(): {uid: number; gid: number} | undefined {
	if (process.getuid?.() !== 0) return undefined;
	const line = execFileSync('getent', ['passwd', 'postgres'], {encoding: 'utf8'}).trim();
	const [, , uid, gid] = line.split(':');
	if (!uid || !gid) throw new Error('running as root, and there is no postgres user to run the server as');
	return {uid: Number(uid), gid: Number(gid)};
}

export async function startPostgres(): Promise<PostgresServer> {
	const bin = postgresBinaries();
	const dir = mkdtempSync(join(tmpdir(), 'belay-postgres-'));
	const owner = serverUser();
	const user = 'belay';
	const password = 'rehearsal-password';
	const passwordFile = join(dir, 'password');
	writeFileSync(passwordFile, `${password}\n`, {mode: 0o600});
	if (owner) {
		chownSync(dir, owner.uid, owner.gid);
		chownSync(passwordFile, owner.uid, owner.gid);
	}
	const run = (program: string, args: readonly string[]): void => {
		const result = spawnSync(join(bin, program), args, {encoding: 'utf8', ...(owner ?? {}), env: {...process.env, LC_ALL: 'C'}});
		if (result.status !== 0) throw new Error(`${program} failed (${result.status}):\n${result.stdout}\n${result.stderr}`);
	};
	const data = join(dir, 'data');
	run('initdb', ['-D', data, '-U', user, `--pwfile=${passwordFile}`, '--auth=scram-sha-256', '-E', 'UTF8', '--no-sync']);
	const port = await freePort();
	const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off -c synchronous_commit=off`;
	run('pg_ctl', ['-D', data, '-o', options, '-l', join(dir, 'server.log'), '-w', 'start']);
	const env = {PGHOST: '127.0.0.1', PGPORT: String(port), PGUSER: user, PGPASSWORD: password};
	return {
		host: '127.0.0.1',
		port,
		user,
		password,
		env,
		sql(database, text) {
			const result = spawnSync('psql', ['-X', '-q', '-At', '-v', 'ON_ERROR_STOP=1', '-d', database], {input: text, encoding: 'utf8', env: {...process.env, ...env}});
			if (result.status !== 0) throw new Error(`psql failed (${result.status}): ${result.stderr}`);
			return result.stdout;
		},
		stop() {
			try {
				run('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
			} finally {
				rmSync(dir, {recursive: true, force: true});
			}
		},
	};
}
