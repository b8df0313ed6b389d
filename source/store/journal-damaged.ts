import type {RunEvent} from '../engine/events.js';

/** Every type of event a journal holds (the compiler keeps it to RunEvent's). */
const journalEventTypes: Readonly<Record<RunEvent['type'], true>> = {
	'run-started': true,
	'vars-computed': true,
	'caller-identified': true,
	'run-resumed': true,
	'step-checked': true,
	'step-skipped': true,
	'operator-answered': true,
	'options-listed': true,
	'step-started': true,
	'step-succeeded': true,
	'step-failed': true,
	'foreach-expanded': true,
	'question-asked': true,
	'step-process': true,
	'secret-forgotten': true,
	'run-paused': true,
	'run-interrupted': true,
	'step-rerun': true,
	'run-finished': true,
};

/** Why a parsed journal line is not an event belay wrote, or undefined when it is one. */
export function notAnEvent(value: unknown): string | undefined {
	if (value === null || typeof value !== 'object' || Array.isArray(value)) return 'not an event';
	const {type, at} = value as {type?: unknown; at?: unknown};
	if (typeof type !== 'string') return 'not an event';
	if (!Object.hasOwn(journalEventTypes, type)) return `an event of a type this belay does not know, '${type.slice(0, 40)}': a newer belay may have written it`;
	if (typeof at !== 'string') return 'an event without its time';
	return undefined;
}

/**
 * A journal damaged before its last line (a torn last line is repaired instead), or one that cannot
 * be read at all: belay does not guess what it held. The message names the file (and the line), and
 * what to do.
 */
export class JournalDamaged extends Error {
	constructor(
		readonly path: string,
		readonly line: number | undefined,
		readonly reason: string,
	) {
		const restore = 'restore the file from a backup';
		const newRun = 'start a new run with: belay run FILE-OR-NAME';
		super(
			line === undefined
				? `${path}: the journal cannot be read (${reason}): ${restore}, or ${newRun}`
				: `${path}:${line}: the journal is damaged (${reason}); it cannot be replayed safely: ${restore} or repair line ${line}, or ${newRun}`,
		);
		this.name = 'JournalDamaged';
	}
}
