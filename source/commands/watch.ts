import type {RunEvent} from '../engine/events.js';
import {reduce, replay} from '../engine/reduce.js';
import {BufferedWriter} from '../headless/buffered-writer.js';
import {attachLinePrinter} from '../headless/line-printer.js';
import type {RunStore} from '../ports/run-store.js';
import {RunSession} from '../session/run-session.js';
import {isValidRunId} from '../store/paths.js';
import {openStore, type StoreFlags} from './open-store.js';
import {UsageError} from './usage-error.js';

/** How often the output tail is read for a watcher. */
const tailEveryMs = 2_000;

/**
 * Follows a run driven elsewhere into a session of its own (read-only: nobody answers through it):
 * every event appended from `from` on is applied and published, until the run finishes or the
 * signal aborts. Resolves with the last state's status.
 */
export async function followRun(store: RunStore, runId: string, events: readonly RunEvent[], session: RunSession, signal: AbortSignal): Promise<void> {
	let state = replay(events);
	const controller = new AbortController();
	const stop = (): void => controller.abort();
	signal.addEventListener('abort', stop, {once: true});
	if (state.status === 'succeeded' || events.at(-1)?.type === 'run-finished') return;
	await store.watch(
		runId,
		events.length,
		fresh => {
			for (const event of fresh) {
				state = reduce(state, event);
				session.recorded(event, state);
				if (event.type === 'run-finished') stop();
			}
		},
		controller.signal,
	);
	signal.removeEventListener('abort', stop);
}

/** `belay watch RUN-ID`: a read-only live view of a run driven elsewhere; ends when the run does. */
export async function watchCommand(runId: string, flags: StoreFlags & {plain?: boolean}): Promise<number> {
	if (!isValidRunId(runId)) throw new UsageError(`'${runId}' is not a run id; list runs with: belay runs`);
	const store = await openStore(flags);
	try {
		const stored = await store.read(runId);
		if (!stored) throw new UsageError(`no run '${runId}' in ${store.where}; list runs with: belay runs`);
		const controller = new AbortController();
		const onSignal = (): void => controller.abort();
		process.on('SIGINT', onSignal);
		process.on('SIGTERM', onSignal);
		try {
			if (process.stdout.isTTY && !flags.plain) {
				const {watchInterface} = await import('./watch-interface.js');
				return await watchInterface(store, runId, stored.events, controller.signal);
			}
			return await watchLines(store, runId, stored.events, controller.signal);
		} finally {
			process.off('SIGINT', onSignal);
			process.off('SIGTERM', onSignal);
		}
	} finally {
		store.close();
	}
}

async function watchLines(store: RunStore, runId: string, events: readonly RunEvent[], signal: AbortSignal): Promise<number> {
	const state = replay(events);
	const out = BufferedWriter.open(1);
	out.write(`watching run ${runId} (${state.runbook.name}, ${state.status}, ${events.length} events so far; driven by ${state.operator ?? 'unknown'}); read-only, Ctrl-C stops watching, not the run\n`, true);
	const session = new RunSession(state);
	const detach = attachLinePrinter(session, out);
	let seen = new Set(await store.outputTail(runId));
	const tail = setInterval(() => {
		void store.outputTail(runId).then(lines => {
			for (const line of lines) if (!seen.has(line)) out.write(`${line}\n`);
			seen = new Set(lines);
		}, () => {});
	}, tailEveryMs);
	try {
		await followRun(store, runId, events, session, signal);
	} finally {
		clearInterval(tail);
		detach();
		out.close();
	}
	const final = session.current;
	process.stderr.write(signal.aborted ? `belay: stopped watching run ${runId} (it goes on where it is driven)\n` : `belay: run ${runId} ended: ${final.status}\n`);
	return signal.aborted ? 130 : 0;
}
