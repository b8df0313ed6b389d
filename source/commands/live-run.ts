import {shellIdentityEnv} from '../aws/guard.js';
import type {AwsRuntime} from '../aws/runtime.js';
import type {RunEvent} from '../engine/events.js';
import {Driver, type DriveOutcome} from '../engine/run.js';
import type {Secrets} from '../engine/scope.js';
import type {RunState} from '../engine/state.js';
import type {Clock} from '../ports/clock.js';
import type {Lease} from '../ports/lease.js';
import {systemProcessProbe} from '../ports/process-probe.js';
import type {RunJournal} from '../ports/run-journal.js';
import type {RunStore} from '../ports/run-store.js';
import type {LoadedRunbook} from '../runbook/types.js';
import {approverName, attachRemoteApprovals, givenApproval} from '../session/remote-approvals.js';
import type {OpenQuestion} from '../engine/questions.js';
import {RunSession} from '../session/run-session.js';
import {executorFor} from '../steps/registry.js';

export type LiveRunInput = {
	readonly loaded: LoadedRunbook;
	readonly store: RunStore;
	readonly journal: RunJournal;
	readonly lease: Lease;
	readonly state: RunState;
	readonly secrets: Secrets;
	readonly aws: AwsRuntime;
	readonly clock: Clock;
	/** Events to record before driving (caller-identified, vars-computed, run-resumed, ...). */
	readonly opening: readonly RunEvent[];
	/** An event already journaled that the listeners have not heard of (a new run's run-started). */
	readonly announce?: RunEvent;
	/** An operator can be asked about failures (the Ink interface); else onFailure defaults to abort. */
	readonly interactive: boolean;
};

/**
 * A run ready to drive: its session (attach front ends to it before `drive`), the drive itself, and
 * `stop`, which interrupts it cleanly (the checkpoint is kept). `close` releases the journal, the
 * log and the lease, whatever happened.
 */
export type LiveRun = {
	readonly session: RunSession;
	readonly loaded: LoadedRunbook;
	/** An approval given from another terminal for this open question, if any. */
	remoteApproval?(question: OpenQuestion): Promise<{readonly value: unknown; readonly by: string} | undefined>;
	drive(): Promise<DriveOutcome>;
	stop(reason: string): void;
	close(): Promise<void>;
};

export function liveRun(input: LiveRunInput): LiveRun {
	const controller = new AbortController();
	const session = new RunSession(input.state);
	const output = input.store.output(input.state.id);
	const driver = new Driver(input.state, {
		loaded: input.loaded,
		ports: {journal: input.journal, output, clock: input.clock, probe: systemProcessProbe, lease: input.lease},
		session,
		secrets: input.secrets,
		interactive: input.interactive,
		cwd: process.cwd(),
		env: process.env,
		signal: controller.signal,
		executors: executorFor,
		aws: input.aws,
		shellEnv: () => shellIdentityEnv(input.aws, process.env),
	});
	let closed = false;
	const stopApprovals = attachRemoteApprovals(session, input.store, input.state.id);
	return {
		session,
		loaded: input.loaded,
		async remoteApproval(question) {
			const approval = await givenApproval(input.store, input.state.id, question.key, question.id).catch(() => undefined);
			return approval ? {value: {approver: approval.by}, by: approverName(approval)} : undefined;
		},
		async drive() {
			if (input.announce) session.recorded(input.announce, input.state);
			for (const event of input.opening) await driver.record(event);
			const outcome = await driver.drive();
			session.end({status: outcome.status, exitCode: outcome.exitCode, ...(outcome.state.failedSteps ? {failedSteps: outcome.state.failedSteps} : {})});
			return outcome;
		},
		stop(reason) {
			controller.abort(reason);
		},
		async close() {
			if (closed) return;
			closed = true;
			stopApprovals();
			output.close();
			await input.journal.close();
			await input.lease.release();
		},
	};
}
