import {chmodSync, existsSync, mkdirSync, writeFileSync} from 'node:fs';
import {hostname} from 'node:os';
import {Driver, type DriveOutcome} from '../engine/run.js';
import type {FrontEnd} from '../engine/front-end.js';
import type {RunEvent} from '../engine/events.js';
import type {Secrets} from '../engine/scope.js';
import type {RunState} from '../engine/state.js';
import {HeadlessAsker} from '../headless/asker.js';
import {formatEvent} from '../headless/printer.js';
import type {Answers} from '../headless/answers-file.js';
import type {LoadedRunbook} from '../runbook/types.js';
import {executorFor} from '../steps/registry.js';
import {Journal} from '../store/journal.js';
import {AwsRuntime} from '../aws/runtime.js';
import {checkAccount, shellIdentityEnv} from '../aws/guard.js';
import type {Environment} from '../runbook/types.js';
import type {RunPaths} from '../store/paths.js';
import type {RunFlags} from './flags.js';

/** The headless front end: prints one line per event, answers from the answers file and flags. */
export function headlessFrontEnd(flags: RunFlags, answers: Answers | undefined): FrontEnd {
	const asker = new HeadlessAsker({
		...(answers ? {answers} : {}),
		yes: flags.yes ?? false,
		prompt: !flags.nonInteractive && !process.stdin.isTTY && process.env['BELAY_NO_STDIN'] !== '1',
		write: text => process.stderr.write(text),
	});
	return {
		event: (event, state) => {
			const line = formatEvent(event, state);
			if (line !== undefined) process.stdout.write(`${line}\n`);
		},
		ask: (question, state) => asker.ask(question, state),
	};
}

export type SessionInput = {
	readonly loaded: LoadedRunbook;
	readonly paths: RunPaths;
	readonly journal: Journal;
	readonly state: RunState;
	readonly secrets: Secrets;
	readonly frontEnd: FrontEnd;
	readonly flags: RunFlags;
	/** Events to record before driving (run-started, vars-computed, run-resumed). */
	readonly opening: readonly RunEvent[];
	readonly aws: AwsRuntime;
};

/** Drives a run with SIGINT/SIGTERM stopping it cleanly; prints what to do next. */
export async function driveSession(input: SessionInput): Promise<number> {
	const controller = new AbortController();
	let signals = 0;
	const onSignal = (signal: NodeJS.Signals): void => {
		signals++;
		if (signals > 1) process.exit(130);
		controller.abort(signal);
	};
	process.on('SIGINT', onSignal);
	process.on('SIGTERM', onSignal);
	const driver = new Driver(input.state, {
		loaded: input.loaded,
		journal: input.journal,
		frontEnd: input.frontEnd,
		secrets: input.secrets,
		interactive: false,
		cwd: process.cwd(),
		env: process.env,
		logPath: input.paths.log,
		signal: controller.signal,
		executors: executorFor,
		aws: input.aws,
		shellEnv: () => shellIdentityEnv(input.aws, process.env),
	});
	let outcome: DriveOutcome;
	try {
		for (const event of input.opening) driver.record(event);
		outcome = await driver.drive();
	} finally {
		process.off('SIGINT', onSignal);
		process.off('SIGTERM', onSignal);
	}
	const id = outcome.state.id;
	const answersHint = input.flags.answers ? ` --answers ${input.flags.answers}` : ' --answers FILE';
	switch (outcome.status) {
		case 'paused': {
			const on = outcome.state.pausedOn;
			process.stderr.write(
				`belay: run ${id} is paused at step ${on?.key}: ${on?.reason}.\n` +
					`Give the answer (answers file: steps: {${on?.key?.replace(/^.*\./, '')}: ...}) and run: belay resume ${id}${answersHint}\n`,
			);
			break;
		}
		case 'failed':
		case 'aborted': {
			const failed = Object.values(outcome.state.steps).find(step => step.status === 'failed' && step.failedFinal);
			// The whole message: a failed command's comes with the last lines of its output.
			const [headline, ...more] = failed?.error?.message.split('\n') ?? [];
			process.stderr.write(
				`belay: run ${id} stopped: step ${failed?.key ?? '?'} failed${headline ? `: ${headline}` : ''}\n` +
					more.map(line => `  ${line}\n`).join('') +
					`Fix the cause, then run: belay resume ${id} (the failed step runs again)\n`,
			);
			break;
		}
		case 'interrupted':
			process.stderr.write(`belay: run ${id} interrupted; nothing is lost. Continue with: belay resume ${id}\n`);
			break;
		case 'succeeded':
			break;
	}
	return outcome.exitCode;
}

/** Creates a run's folder (0700) and empty log (0600). */
export function createRunDir(paths: RunPaths): void {
	mkdirSync(paths.dir, {recursive: true, mode: 0o700});
	chmodSync(paths.dir, 0o700);
	if (!existsSync(paths.log)) writeFileSync(paths.log, '', {mode: 0o600});
}

export const here = {host: hostname(), pid: process.pid};

/** The run's AWS runtime, from its environment. */
export function awsRuntimeFor(environment: Environment | undefined, runId: string): AwsRuntime {
	return new AwsRuntime({
		...(environment?.region ? {region: environment.region} : {}),
		...(environment?.profile ? {profile: environment.profile} : {}),
		...(environment?.roleArn ? {roleArn: environment.roleArn} : {}),
		endpoints: environment?.endpoints ?? {},
		runId,
	});
}

/** The account guard, when the environment names an account; else nothing is called. */
export async function guard(runtime: AwsRuntime, environment: Environment | undefined): Promise<RunEvent | undefined> {
	if (!environment?.account) return undefined;
	const caller = await checkAccount(runtime, environment);
	return {type: 'caller-identified', at: new Date().toISOString(), account: caller.account, arn: caller.arn};
}
