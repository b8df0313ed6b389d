import type {RunEvent} from '../engine/events.js';

/** One attempt of a step, from its start to how it ended (or to when its process was lost). */
export type Span = {
	readonly start: number;
	readonly end: number;
	readonly attempt: number;
	readonly outcome: 'succeeded' | 'failed' | 'interrupted' | 'running';
};

/** One poll of a wait step, read from the run's output log. */
export type Poll = {readonly at: number; readonly attempt: number; readonly progress?: number; readonly message?: string};

/** An operator's answer: who answered which question, when. */
export type Mark = {readonly at: number; readonly question: string; readonly answer: unknown; readonly by: string | null};

export type Lane = {
	readonly key: string;
	readonly spans: Span[];
	readonly polls: Poll[];
	readonly answers: Mark[];
	skippedAt?: number;
};

/** A stretch of the run when nothing ran: paused on a question, or stopped (interrupted or killed). */
export type Gap = {readonly start: number; readonly end: number; readonly kind: 'paused' | 'stopped'; readonly reason: string};

export type Timeline = {readonly start: number; readonly end: number; readonly lanes: Lane[]; readonly gaps: Gap[]};

const pollLine = /^(\S+) (\S+) \| poll (\d+)(.*)$/;

/** The polls the run's output log holds (`<time> <key> | poll <n>[ <error>][ <p>%][ <message>]`), by step key. */
export function pollsFromLog(log: string, waitKeys: ReadonlySet<string>): Map<string, Poll[]> {
	const polls = new Map<string, Poll[]>();
	for (const line of log.split('\n')) {
		const match = pollLine.exec(line);
		if (!match || !waitKeys.has(match[2]!)) continue;
		const at = Date.parse(match[1]!);
		if (Number.isNaN(at)) continue;
		const rest = match[4]!.trim();
		const progress = /(?:^|\s)(\d+(?:\.\d+)?)%(?:\s|$)/.exec(rest);
		const message = progress ? rest.slice(progress.index + progress[0].length).trim() : rest;
		const list = polls.get(match[2]!) ?? [];
		list.push({at, attempt: Number(match[3]), ...(progress ? {progress: Number(progress[1])} : {}), ...(message ? {message} : {})});
		polls.set(match[2]!, list);
	}
	return polls;
}

/**
 * The run's timeline from its journal: each step's attempts, skips and answers in `order`, the polls
 * of its waits, and the gaps when the run was paused or no process drove it.
 */
export function buildTimeline(events: readonly RunEvent[], order: readonly string[], polls: ReadonlyMap<string, Poll[]>): Timeline {
	const lanes = new Map<string, Lane>(order.map(key => [key, {key, spans: [], polls: [...(polls.get(key) ?? [])], answers: []}]));
	const lane = (key: string): Lane => {
		let found = lanes.get(key);
		if (!found) lanes.set(key, (found = {key, spans: [], polls: [...(polls.get(key) ?? [])], answers: []}));
		return found;
	};
	const open = new Map<string, {start: number; attempt: number}>();
	// A foreach is open from its expansion until it ends, across resumes (its items carry on).
	const loops = new Set<string>();
	const gaps: Gap[] = [];
	let pausedAt: {at: number; reason: string} | undefined;
	let last = 0;
	let start = Number.NaN;
	const close = (key: string, at: number, outcome: Span['outcome']): void => {
		const began = open.get(key);
		if (!began) return;
		open.delete(key);
		lane(key).spans.push({start: began.start, end: at, attempt: began.attempt, outcome});
	};
	for (const event of events) {
		const at = Date.parse(event.at);
		if (Number.isNaN(at)) continue;
		if (Number.isNaN(start)) start = at;
		switch (event.type) {
			case 'step-started':
				close(event.key, at, 'interrupted');
				open.set(event.key, {start: at, attempt: event.attempt});
				break;
			case 'foreach-expanded':
				loops.add(event.key);
				if (!open.has(event.key)) open.set(event.key, {start: at, attempt: 1});
				break;
			case 'step-succeeded':
				close(event.key, at, 'succeeded');
				break;
			case 'step-failed':
				close(event.key, at, 'failed');
				break;
			case 'step-skipped':
				lane(event.key).skippedAt = at;
				break;
			case 'operator-answered':
				lane(event.key).answers.push({at, question: event.question, answer: event.answer, by: event.by});
				break;
			case 'run-paused':
				pausedAt = {at, reason: `paused on ${event.key}: ${event.reason}`};
				break;
			case 'run-interrupted':
				pausedAt = {at, reason: `interrupted (${event.signal})`};
				break;
			case 'run-resumed': {
				// Whatever was open when the process went away ends where its last word was.
				for (const [key, began] of [...open]) {
					close(key, pausedAt?.at ?? last, 'interrupted');
					if (loops.has(key)) open.set(key, {start: at, attempt: began.attempt});
				}
				const from = pausedAt?.at ?? last;
				if (at > from) gaps.push({start: from, end: at, kind: pausedAt && !pausedAt.reason.startsWith('interrupted') ? 'paused' : 'stopped', reason: pausedAt?.reason ?? 'no process drove the run (killed or lost)'});
				pausedAt = undefined;
				break;
			}
			default:
				break;
		}
		last = Math.max(last, at);
	}
	for (const list of polls.values()) for (const poll of list) last = Math.max(last, poll.at);
	const finished = events.some(event => event.type === 'run-finished');
	for (const key of [...open.keys()]) close(key, last, finished ? 'interrupted' : 'running');
	if (Number.isNaN(start)) start = last;
	return {start, end: Math.max(last, start + 1), lanes: [...lanes.values()], gaps};
}
