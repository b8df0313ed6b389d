import {own} from '../records.js';
import {hostname} from 'node:os';
import {checkAccount} from '../aws/guard.js';
import {checkSandbox} from '../aws/sandbox-guard.js';
import {stateDir} from '../store/paths.js';
import {AwsRuntime} from '../aws/runtime.js';
import type {RunEvent} from '../engine/events.js';
import {planResume, type ResumeGiven, type ResumeNeed} from '../engine/plan-resume.js';
import type {StartPlan} from '../engine/plan-start.js';
import {initialState, replay} from '../engine/reduce.js';
import type {RunState} from '../engine/state.js';
import type {Clock} from '../ports/clock.js';
import type {Lease} from '../ports/lease.js';
import type {RunStore} from '../ports/run-store.js';
import {loadRunbookFile} from '../runbook/load.js';
import type {Environment, LoadedRunbook, Problem} from '../runbook/types.js';
import {liveRun, type LiveRun} from './live-run.js';
import {UsageError} from './usage-error.js';

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
export async function guard(runtime: AwsRuntime, environment: Environment | undefined, clock: Clock): Promise<RunEvent | undefined> {
	if (!environment?.account) return undefined;
	const caller = await checkAccount(runtime, environment);
	return {type: 'caller-identified', at: clock.now().toISOString(), account: caller.account, arn: caller.arn};
}

/**
 * The run's AWS runtime, guarded: a sandbox environment's guard checks the sandbox (local endpoints
 * that answer, fixed keys, no STS call); any other's checks the account when one is named.
 */
export async function guardedAws(
	loaded: LoadedRunbook,
	environment: Environment | undefined,
	runId: string,
	store: RunStore,
	clock: Clock,
): Promise<{aws: AwsRuntime; identified?: RunEvent}> {
	if (environment?.sandbox) {
		const setup = await checkSandbox(loaded.runbook, environment, {env: process.env, stateRoot: store.root ?? stateDir()});
		const otherServices = setup.otherServices ? {otherServices: setup.otherServices} : {};
		return {aws: new AwsRuntime({region: setup.region, endpoints: setup.endpoints, credentials: setup.credentials, runId, ...otherServices})};
	}
	const aws = awsRuntimeFor(environment, runId);
	const identified = await guard(aws, environment, clock);
	return {aws, ...(identified ? {identified} : {})};
}

/**
 * Opens a new run from a plan that is ready: the account guard first (nothing is created when it
 * refuses), then the lease and the journal with run-started. Throws a UsageError when the id exists.
 */
export async function openNewRun(
	loaded: LoadedRunbook,
	plan: Extract<StartPlan, {ok: true}>,
	store: RunStore,
	clock: Clock,
	interactive: boolean,
): Promise<LiveRun> {
	const environment = plan.started.environment ? own(loaded.runbook.environments, plan.started.environment) : undefined;
	const {aws, identified} = await guardedAws(loaded, environment, plan.runId, store, clock);
	const lease = await store.lease(plan.runId, plan.started.operator);
	try {
		if (await store.exists(plan.runId)) throw new UsageError(`run ${plan.runId} already exists; continue it with: belay resume ${plan.runId}`);
		const journal = await store.create(plan.started);
		return liveRun({
			loaded,
			store,
			journal,
			lease,
			state: initialState(plan.started),
			secrets: plan.secrets,
			aws,
			clock,
			opening: [...(identified ? [identified] : []), plan.vars],
			announce: plan.started,
			interactive,
		});
	} catch (error) {
		await lease.release();
		throw error;
	}
}

/** How opening a run for a resume came out. */
export type ResumeOpening =
	| {readonly kind: 'finished'; readonly state: RunState}
	| {readonly kind: 'invalid'; readonly state: RunState; readonly problems: readonly Problem[]}
	| {readonly kind: 'needs'; readonly state: RunState; readonly loaded: LoadedRunbook; readonly needs: readonly ResumeNeed[]}
	| {readonly kind: 'ready'; readonly state: RunState; readonly live: LiveRun};

/**
 * Opens an existing run to resume it: takes its lease, repairs a torn tail, replays, loads the
 * runbook, plans the resume, and (when nothing is missing) guards the account and opens the journal.
 * The lease is released unless the run is ready.
 */
export async function openResume(store: RunStore, runId: string, given: ResumeGiven, clock: Clock, interactive: boolean): Promise<ResumeOpening> {
	const lease: Lease = await store.lease(runId, given.operator);
	let ready = false;
	try {
		const stored = await store.read(runId, {repair: true});
		if (!stored) throw new UsageError(`no run '${runId}' in ${store.where}; list runs with: belay runs`);
		const state = replay(stored.events);
		// A journal copied or moved under another run's name would run its steps a second time.
		if (state.id !== runId) {
			throw new UsageError(`the journal of run '${runId}' belongs to run '${state.id}' (it was copied or moved); nothing ran: resume '${state.id}' where it was`);
		}
		if (state.status === 'succeeded' && !given.rerun?.length) return {kind: 'finished', state};
		const result = await loadRunbookFile(state.runbook.path);
		if (!result.ok) return {kind: 'invalid', state, problems: result.problems};
		const loaded = result.loaded;
		const plan = await planResume(state, loaded, given, {now: clock.now(), ...here});
		if (!plan.ok) return {kind: 'needs', state, loaded, needs: plan.needs};
		const environment = own(loaded.runbook.environments, state.environment ?? '');
		const {aws, identified} = await guardedAws(loaded, environment, state.id, store, clock);
		const journal = await store.open(runId);
		const [resumed, ...rest] = plan.events;
		ready = true;
		return {
			kind: 'ready',
			state,
			live: liveRun({
				loaded,
				store,
				journal,
				lease,
				state,
				secrets: plan.secrets,
				aws,
				clock,
				opening: [resumed!, ...(identified ? [identified] : []), ...rest],
				interactive,
			}),
		};
	} finally {
		if (!ready) await lease.release();
	}
}
