import type {RunStore} from '../ports/run-store.js';
import type {RunSession} from '../session/run-session.js';

/** A line of a run's output log (or of the tail the shared table keeps): the step that printed it, and the text. */
export function parseTailLine(line: string): {readonly key: string; readonly text: string} | undefined {
	const match = /^(?:\d{4}-\d\d-\d\dT[\d:.]+Z )?(\S+) \| (.*)$/s.exec(line);
	return match ? {key: match[1]!, text: match[2]!} : undefined;
}

/**
 * Feeds a watcher's session the lines the run's steps print where it is driven, read from the
 * store's output tail every `everyMs` (the last lines: a watcher that starts late sees those first).
 * A line already seen in the previous read is not fed again. Returns the function that stops it.
 */
export function followOutputTail(store: RunStore, runId: string, session: RunSession, everyMs: number): () => void {
	let seen = new Set<string>();
	let reading = false;
	const read = (): void => {
		if (reading) return;
		reading = true;
		void store
			.outputTail(runId)
			.then(lines => {
				const byStep = new Map<string, string[]>();
				for (const line of lines) {
					if (seen.has(line)) continue;
					const parsed = parseTailLine(line);
					if (!parsed || session.current.steps[parsed.key] === undefined) continue;
					byStep.set(parsed.key, [...(byStep.get(parsed.key) ?? []), parsed.text]);
				}
				seen = new Set(lines);
				for (const [key, printed] of byStep) session.live({type: 'step-output', key, stream: 'stdout', lines: printed});
			}, () => {})
			.finally(() => (reading = false));
	};
	read();
	const timer = setInterval(read, everyMs);
	return () => clearInterval(timer);
}
