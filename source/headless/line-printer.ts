import type {RunSession} from '../session/run-session.js';
import type {BufferedWriter} from './buffered-writer.js';
import {formatEvent} from './printer.js';

/** The line front end's printing half: one line per event (output lines prefixed by step id). */
export function attachLinePrinter(session: RunSession, writer: BufferedWriter): () => void {
	const unsubscribe = session.subscribe(({event}) => {
		if (event.type === 'session-ended') return;
		const text = formatEvent(event, session.current);
		// Output is batched; anything else is shown at once (the operator may be reading along).
		if (text !== undefined) writer.write(`${text}\n`, event.type !== 'step-output');
	});
	return () => {
		unsubscribe();
		writer.flush();
	};
}
