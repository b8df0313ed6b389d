import type {RunEvent} from '../engine/events.js';
import type {RemoteApproval, RunStore} from '../ports/run-store.js';
import type {RunSession} from './run-session.js';

/** How often an open approval looks in the store for one given with `belay approve` (well within 5 s). */
export const approvalPollMs = 1_000;

/** The ids of the questions asked for `key` since its last answer: an approval given for any of them answers it now. */
export function unansweredAskings(events: readonly RunEvent[], key: string): Set<string> {
	const ids = new Set<string>();
	for (const event of events) {
		if (event.type === 'question-asked' && event.question.key === key) ids.add(event.question.id);
		if (event.type === 'operator-answered' && event.key === key) ids.clear();
	}
	return ids;
}

/** The name an approval is recorded under: the approver, and beside it their AWS identity when known. */
export const approverName = (approval: RemoteApproval): string => (approval.arn ? `${approval.by} (${approval.arn})` : approval.by);

/** An approval given with `belay approve` for this question (or an earlier asking of it not yet answered). */
export async function givenApproval(store: RunStore, runId: string, key: string, questionId: string, skip: ReadonlySet<string> = new Set()): Promise<RemoteApproval | undefined> {
	const approvals = await store.approvals(runId).catch(() => []);
	const candidates = approvals.filter(approval => approval.key === key && !skip.has(markOf(approval)));
	if (candidates.length === 0) return undefined;
	const asked = unansweredAskings((await store.read(runId))?.events ?? [], key);
	asked.add(questionId);
	return candidates.find(approval => asked.has(approval.questionId));
}

export const markOf = (approval: RemoteApproval): string => `${approval.questionId} ${approval.at} ${approval.by}`;

/**
 * Lets the pair answer from their own terminal: while an approval question is open, the store is
 * read every second for an approval of it (`belay approve RUN-ID`), which answers it as the pair.
 * A refused one (not the pair) leaves the question open, with the reason shown.
 */
export function attachRemoteApprovals(session: RunSession, store: RunStore, runId: string, pollMs = approvalPollMs): () => void {
	const controller = new AbortController();
	const watching = new Set<string>();
	const unsubscribe = session.subscribe(({event}) => {
		if (event.type !== 'question-asked' || event.question.type !== 'approve' || watching.has(event.question.id)) return;
		const {id, key} = event.question;
		watching.add(id);
		void (async () => {
			const tried = new Set<string>();
			try {
				while (session.isOpen(id) && !controller.signal.aborted) {
					const approval = await givenApproval(store, runId, key, id, tried).catch(() => undefined);
					if (approval) {
						tried.add(markOf(approval));
						if (session.isOpen(id) && session.answer(id, {approver: approval.by}, approverName(approval)).ok) return;
						continue;
					}
					await new Promise(resolve => setTimeout(resolve, pollMs).unref());
				}
			} finally {
				watching.delete(id);
			}
		})();
	});
	return () => {
		controller.abort();
		unsubscribe();
	};
}
