/**
 * Runs small runbooks through the CLI (a child process, headless) against moto: the runbook is
 * written to a scratch folder with its state beside it, the SDK is pointed at moto by
 * AWS_ENDPOINT_URL, and the run id is the test's own.
 */
import {rmSync} from 'node:fs';
import {join} from 'node:path';
import {motoEnv, uniqueName, type Keys} from '../helpers/moto.js';
import {scratch, writeRunbook, type Cli, type Exit} from './cli.js';

export type MotoRun = {readonly exit: Exit; readonly dir: string; readonly state: string; readonly runId: string};

export type MotoRunOptions = {
	/** More of the runbook (environments, inputs, vars). */
	readonly runbook?: Record<string, unknown>;
	/** More arguments to `belay run` (--env, --dry-run, --answers ...). */
	readonly args?: readonly string[];
	/** More environment over motoEnv (AWS_ENDPOINT_URL_BACKUP ...). */
	readonly env?: Readonly<Record<string, string>>;
	/** The keys the run acts with (default: moto's default account). */
	readonly keys?: Keys;
};

export class MotoRunner {
	private readonly dirs: string[] = [];

	constructor(
		private readonly cli: Cli,
		private readonly url: string,
		private readonly prefix: string,
	) {}

	/** `belay run RUNBOOK --non-interactive` with `steps`, against moto, in a scratch folder of its own. */
	async run(steps: readonly Record<string, unknown>[], options: MotoRunOptions = {}): Promise<MotoRun> {
		const dir = scratch(this.prefix);
		this.dirs.push(dir);
		const path = writeRunbook(dir, 'runbook.yaml', {version: 1, name: this.prefix, title: `${this.prefix} against moto`, ...options.runbook, steps});
		const state = join(dir, 'state');
		const runId = uniqueName(this.prefix);
		const exit = await this.cli.run(['run', path, '--non-interactive', '--state-dir', state, '--run-id', runId, ...(options.args ?? [])], {
			env: {...motoEnv(this.url, options.keys), ...options.env},
			cwd: dir,
		});
		return {exit, dir, state, runId};
	}

	/** `belay resume RUN-ID --non-interactive` of an earlier run, with more arguments. */
	resume(run: MotoRun, args: readonly string[] = [], options: Pick<MotoRunOptions, 'env' | 'keys'> = {}): Promise<Exit> {
		return this.cli.run(['resume', run.runId, '--non-interactive', '--state-dir', run.state, ...args], {
			env: {...motoEnv(this.url, options.keys), ...options.env},
			cwd: run.dir,
		});
	}

	dispose(): void {
		for (const dir of this.dirs.splice(0)) rmSync(dir, {recursive: true, force: true});
	}
}
