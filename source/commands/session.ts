import {hostname} from 'node:os';
import {checkAccount, shellIdentityEnv} from '../aws/guard.js';
import {AwsRuntime} from '../aws/runtime.js';
import type {RunEvent} from '../engine/events.js';
import {Driver, type DriveOutcome} from '../engine/run.js';
import type {Secrets} from '../engine/scope.js';
import type {RunState} from '../engine/state.js';
import {attachAnswerer} from '../headless/answerer.js';
import type {Answers} from '../headless/answers-file.js';
import {HeadlessAsker} from '../headless/asker.js';
import {BufferedWriter} from '../headless/buffered-writer.js';
import {attachEventStream} from '../headless/event-stream.js';
import {attachLinePrinter} from '../headless/line-printer.js';
import {systemClock, type Clock} from '../ports/clock.js';
import type {Lease} from '../ports/lease.js';
import {systemProcessProbe} from '../ports/process-probe.js';
import type {RunJournal} from '../ports/run-journal.js';
import type {RunStore} from '../ports/run-store.js';
import type {Environment, LoadedRunbook} from '../runbook/types.js';
import {RunSession} from '../session/run-session.js';
import {executorFor} from '../steps/registry.js';
import type {RunFlags} from './flags.js';

export type SessionInput = {
	readonly loaded: LoadedRunbook;
	readonly store: RunStore;
	readonly journal: RunJournal;
	readonly lease: Lease;
	readonly state: RunState;
	readonly secrets: Secrets;
	readonly flags: RunFlags;
	readonly answers: Answers | undefined;
	/** Events to record before driving (caller-identified, vars-computed, run-resumed, ...). */
	readonly opening: readonly RunEvent[];
	readonly aws: AwsRuntime;
	readonly clock: Clock;
	/** An event already journaled that the listeners have not heard of (a new run's run-started). */
	readonly announce?: RunEvent;
};

/**
 * Drives a run with the line front end (and `--events`) listening to its session; SIGINT/SIGTERM
 * stop it cleanly. Prints what to do next and returns the exit code.
 */
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
	const session = new RunSession(input.state);
	const stdout = BufferedWriter.open(input.flags.events === '-' ? 2 : 1);
	const asker = new HeadlessAsker({
		...(input.answers ? {answers: input.answers} : {}),
		yes: input.flags.yes ?? false,
		prompt: !input.flags.nonInteractive && process.env['BELAY_NO_STDIN'] !== '1',
		write: text => {
			stdout.flush();
			process.stderr.write(text);
		},
	});
	const detach = [
		...(input.flags.events ? [attachEventStream(session, input.flags.events)] : []),
		attachLinePrinter(session, stdout),
		attachAnswerer(session, asker),
	];
	if (input.announce) session.recorded(input.announce, input.state);
	const output = input.store.output(input.state.id);
	const driver = new Driver(input.state, {
		loaded: input.loaded,
		ports: {journal: input.journal, output, clock: input.clock, probe: systemProcessProbe, lease: input.lease},
		session,
		secrets: input.secrets,
		interactive: false,
		cwd: process.cwd(),
		env: process.env,
		signal: controller.signal,
		executors: executorFor,
		aws: input.aws,
		shellEnv: () => shellIdentityEnv(input.aws, process.env),
	});
	let outcome: DriveOutcome;
	try {
		for (const event of input.opening) await driver.record(event);
		outcome = await driver.drive();
		session.end({status: outcome.status, exitCode: outcome.exitCode});
	} finally {
		process.off('SIGINT', onSignal);
		process.off('SIGTERM', onSignal);
		for (const stop of detach) stop();
		asker.close();
		output.close();
		stdout.close();
	}
	process.stderr.write(nextSteps(outcome, input.flags));
	return outcome.exitCode;
}

/** What the operator reads when the drive ends: why it stopped and the command that goes on. */
export function nextSteps(outcome: DriveOutcome, flags: Pick<RunFlags, 'answers'>): string {
	const id = outcome.state.id;
	const answersHint = flags.answers ? ` --answers ${flags.answers}` : ' --answers FILE';
	switch (outcome.status) {
		case 'paused': {
			const on = outcome.state.pausedOn;
			return (
				`belay: run ${id} is paused at step ${on?.key}: ${on?.reason}.\n` +
				`Give the answer (answers file: steps: {${on?.key?.replace(/^.*\./, '')}: ...}) and run: belay resume ${id}${answersHint}\n`
			);
		}
		case 'failed':
		case 'aborted': {
			const failed = Object.values(outcome.state.steps).find(step => step.status === 'failed' && step.failedFinal);
			// The whole message: a failed command's comes with the last lines of its output.
			const [headline, ...more] = failed?.error?.message.split('\n') ?? [];
			return (
				`belay: run ${id} stopped: step ${failed?.key ?? '?'} failed${headline ? `: ${headline}` : ''}\n` +
				more.map(line => `  ${line}\n`).join('') +
				`Fix the cause, then run: belay resume ${id} (the failed step runs again)\n`
			);
		}
		case 'interrupted':
			return `belay: run ${id} interrupted; nothing is lost. Continue with: belay resume ${id}\n`;
		case 'succeeded':
			return '';
	}
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
export async function guard(runtime: AwsRuntime, environment: Environment | undefined, clock: Clock = systemClock): Promise<RunEvent | undefined> {
	if (!environment?.account) return undefined;
	const caller = await checkAccount(runtime, environment);
	return {type: 'caller-identified', at: clock.now().toISOString(), account: caller.account, arn: caller.arn};
}
