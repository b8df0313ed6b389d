import type {RunSession} from '../session/run-session.js';
import {BufferedWriter} from './buffered-writer.js';

/**
 * `--events FILE` (or `-` for standard output): every journal and live event as one JSON object per
 * line, as the session publishes them (secrets already masked), ending with `session-ended`.
 * Returns a function that stops listening and flushes.
 */
export function attachEventStream(session: RunSession, target: string): () => void {
	const writer = BufferedWriter.open(target);
	const unsubscribe = session.subscribe(({event}) => {
		// Questions, pauses and the end go out at once: another tool may be waiting on them.
		const urgent = event.type === 'question-asked' || event.type === 'run-paused' || event.type === 'session-ended';
		writer.write(`${JSON.stringify(event)}\n`, urgent);
	});
	return () => {
		unsubscribe();
		writer.close();
	};
}
