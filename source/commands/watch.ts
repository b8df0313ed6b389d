import type {RunEvent} from '../engine/events.js';
import {reduce, replay} from '../engine/reduce.js';
import {BufferedWriter} from '../headless/buffered-writer.js';
import {attachLinePrinter} from '../headless/line-printer.js';
import type {RunStore} from '../ports/run-store.js';
import {RunSession} from '../session/run-session.js';
import {isValidRunId} from '../store/paths.js';
import {screenDrawable} from './front-end-choice.js';
import {openStore, type StoreFlags} from './open-store.js';
import {UsageError} from './usage-error.js';

/** How often the output tail is read for a watcher. */
const tailEveryMs = 2_000;

/** How often a watcher checks that the run is still driven (its driver may be gone without a word). */
const drivenCheckMs = 5_000;

/** Events after which the run's drive has ended: finished, paused for an answer, or interrupted. */
const endsDrive = new Set<RunEvent['type']>(['run-finished', 'run-paused', 'run-interrupted']);

/**
 * Follows a run driven elsewhere into a session of its own (read-only: nobody answers through it):
 * every event appended from `from` on is applied and published, until the drive ends (the run
 * finished, paused or was interrupted, or its driver is gone: no live lease) or the signal aborts.
 */
export async function followRun(store: RunStore, runId: string, events: readonly RunEvent[], session: RunSession, signal: AbortSignal): Promise<void> {
	let state = replay(events);
	const controller = new AbortController();
	const stop = (): void => controller.abort();
	signal.addEventListener('abort', stop, {once: true});
	const last = events.at(-1)?.type;
	if (state.status !== 'running' || (last !== undefined && endsDrive.has(last))) return;
	const check = setInterval(() => {
		void store.summary(runId).then(
			summary => {
				if (summary && summary.status !== 'running' && session.current.status === 'running') stop();
			},
			() => {},
		);
	}, drivenCheckMs);
	try {
		await store.watch(
			runId,
			events.length,
			fresh => {
				for (const event of fresh) {
					state = reduce(state, event);
					session.recorded(event, state);
					if (endsDrive.has(event.type)) stop();
				}
			},
			controller.signal,
		);
	} finally {
		clearInterval(check);
		signal.removeEventListener('abort', stop);
	}
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
			if (process.stdout.isTTY && !flags.plain && screenDrawable()) {
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
	process.stderr.write(
		signal.aborted
			? `belay: stopped watching run ${runId} (it goes on where it is driven)\n`
			: final.status === 'succeeded' || final.status === 'failed' || final.status === 'aborted'
				? `belay: run ${runId} ended: ${final.status}\n`
				: `belay: run ${runId} is ${final.status}${final.pausedOn ? ` at ${final.pausedOn.key}` : ''}; it goes on with: belay resume ${runId} (watch it again then)\n`,
	);
	return signal.aborted ? 130 : 0;
}
