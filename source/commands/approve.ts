import {own} from '../records.js';
import {GuardRefused, checkAccount} from '../aws/guard.js';
import type {RunEvent} from '../engine/events.js';
import type {OpenQuestion} from '../engine/questions.js';
import {replay} from '../engine/reduce.js';
import {loadRunbookFile} from '../runbook/load.js';
import {unansweredAskings} from '../session/remote-approvals.js';
import {isValidRunId} from '../store/paths.js';
import {awsRuntimeFor} from './open-run.js';
import {openStore, type StoreFlags} from './open-store.js';
import {setting} from './settings-file.js';
import {UsageError} from './usage-error.js';

type Approval = Extract<OpenQuestion, {type: 'approve'}>;

/** The approval questions of a run still waiting for an answer: the last asking of each step. */
export function pendingApprovals(events: readonly RunEvent[]): Approval[] {
	const last = new Map<string, Approval>();
	for (const event of events) {
		if (event.type === 'question-asked' && event.question.type === 'approve') last.set(event.question.key, event.question);
	}
	return [...last.values()].filter(question => unansweredAskings(events, question.key).has(question.id));
}

/**
 * `belay approve RUN-ID [STEP]`: the pair approves from their own terminal, as themselves. With AWS
 * in the run (its account checked at start), the approver's caller identity is asked of STS and
 * recorded beside the name; the operator's own identity is refused.
 */
export async function approveCommand(runId: string, step: string | undefined, flags: StoreFlags & {operator?: string}): Promise<number> {
	const name = (flags.operator ?? process.env['BELAY_OPERATOR'] ?? setting('operator'))?.trim();
	if (!name) throw new UsageError('say who approves: --operator NAME (or BELAY_OPERATOR, or the operator setting)');
	if (!isValidRunId(runId)) throw new UsageError(`'${runId}' is not a run id; list runs with: belay runs`);
	const store = await openStore(flags);
	try {
		const stored = await store.read(runId);
		if (!stored) throw new UsageError(`no run '${runId}' in ${store.where}; list runs with: belay runs`);
		const state = replay(stored.events);
		const pending = pendingApprovals(stored.events);
		const question = step ? pending.find(found => found.key === step || found.key.split('/').at(-1) === step) : pending.length === 1 ? pending[0] : undefined;
		if (!question) {
			if (pending.length === 0) throw new UsageError(`run ${runId} waits for no approval now${step ? ` at ${step}` : ''}; see it with: belay show ${runId}`);
			if (step) throw new UsageError(`run ${runId} waits for no approval at ${step}; it waits at: ${pending.map(found => found.key).join(', ')}`);
			throw new UsageError(`run ${runId} waits for approvals at ${pending.map(found => found.key).join(', ')}: name one, as in belay approve ${runId} ${pending[0]!.key}`);
		}
		if (state.operator && name === state.operator) {
			throw new UsageError(`${name} drives run ${runId}: an approval comes from someone else${question.by === 'pair' && state.pair ? ` (the pair, ${state.pair})` : ''}`);
		}
		if (question.by === 'pair' && name !== state.pair) throw new UsageError(`the approval at ${question.key} must come from the pair (${state.pair ?? 'none named'}), not ${name}`);
		if (Array.isArray(question.by) && !question.by.includes(name)) throw new UsageError(`${name} may not approve ${question.key}; approvers: ${question.by.join(', ')}`);
		const arn = await approverIdentity(stored.events, state.runbook.path, state.environment, runId);
		await store.approve(runId, {key: question.key, questionId: question.id, by: name, ...(arn ? {arn} : {}), at: new Date().toISOString()});
		process.stdout.write(
			`approved ${question.key} of run ${runId} as ${name}${arn ? ` (${arn})` : ''}; a driver waiting on it goes on within seconds, a paused run takes it on: belay resume ${runId}\n`,
		);
		return 0;
	} finally {
		store.close();
	}
}

/** The approver's AWS identity when the run checked its operator's (undefined otherwise); the operator's own is refused. */
async function approverIdentity(events: readonly RunEvent[], runbookPath: string, environmentName: string | null, runId: string): Promise<string | undefined> {
	const operator = events.find(event => event.type === 'caller-identified');
	if (!operator || operator.type !== 'caller-identified') return undefined;
	const loaded = await loadRunbookFile(runbookPath);
	const environment = loaded.ok ? own(loaded.loaded.runbook.environments, environmentName ?? '') : undefined;
	const caller = await checkAccount(awsRuntimeFor(environment, runId), {name: environmentName ?? 'of the run'});
	if (caller.arn === operator.arn) {
		throw new GuardRefused(`${caller.arn} is the identity the operator drives run ${runId} with; approve with your own AWS credentials (your profile or SSO login)`);
	}
	return caller.arn;
}
