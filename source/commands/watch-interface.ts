import type {RunEvent} from '../engine/events.js';
import {replay} from '../engine/reduce.js';
import type {RunStore} from '../ports/run-store.js';
import {loadRunbookFile} from '../runbook/load.js';
import {isMutatingStep} from '../runbook/side-effect.js';
import {RunSession} from '../session/run-session.js';
import {loadUi} from './interface.js';
import type {LiveRun} from './live-run.js';
import {UsageError} from './usage-error.js';
import {followOutputTail} from './output-tail.js';
import {followRun} from './watch.js';

/** `belay watch` with a terminal: the Ink run screen over a session that follows the run. */
export async function watchInterface(store: RunStore, runId: string, events: readonly RunEvent[], signal: AbortSignal): Promise<number> {
	const state = replay(events);
	const loaded = await loadRunbookFile(state.runbook.path);
	if (!loaded.ok) throw new UsageError(`the runbook of run ${runId} (${state.runbook.path}) cannot be read here; watch it with: belay watch ${runId} --plain`);
	const session = new RunSession(state);
	const stop = new AbortController();
	const quit = (): void => stop.abort();
	signal.addEventListener('abort', quit, {once: true});
	const live: LiveRun = {
		session,
		loaded: loaded.loaded,
		async drive() {
			// The lines the steps print where the run is driven: its output tail, read every 2 s.
			const stopTail = followOutputTail(store, runId, session, 2_000);
			try {
				await followRun(store, runId, events, session, stop.signal);
			} finally {
				stopTail();
			}
			const final = session.current;
			const exitCode = stop.signal.aborted ? 130 : final.status === 'succeeded' ? 0 : 1;
			const status = final.status === 'succeeded' || final.status === 'failed' || final.status === 'aborted' ? final.status : 'interrupted';
			session.end({status, exitCode});
			return {status, exitCode, state: final};
		},
		stop: quit,
		async close() {},
	};
	const ui = await loadUi();
	return ui.watchInterface(live, isMutatingStep);
}
