import {gunzipSync, gzipSync} from 'node:zlib';
import type {RunEvent} from '../../engine/events.js';
import {notAnEvent} from '../journal-damaged.js';

/** One attribute value, as the DynamoDB API takes it (the subset belay writes). */
export type Attr = {S: string} | {N: string} | {B: Uint8Array} | {L: Attr[]} | {BOOL: boolean} | {M: Record<string, Attr>};
export type Item = Record<string, Attr>;

/** Item positions that are not events (events are 0, 1, 2, ...). */
export const leaseSeq = -1;
export const tailSeq = -2;
export const approvalsSeq = -3;

/** An event's JSON up to this many bytes is kept as text; larger, gzipped (an item holds 400 KB at most). */
const plainLimit = 100 * 1024;
/** What a compressed event may take, leaving room for the key and the other attributes. */
const compressedLimit = 390 * 1024;

/** An event too large for one item even compressed: it names the event and what to do. */
export class EventTooLarge extends Error {
	constructor(event: RunEvent, bytes: number) {
		const key = 'key' in event ? ` of step '${String(event.key)}'` : '';
		super(
			`the ${event.type} event${key} takes ${Math.round(bytes / 1024)} KB compressed, more than a DynamoDB item holds (400 KB): ` +
				'have the step print or return less (keep what later steps need with `outputs:`), or keep this run in the local journal (--state local)',
		);
		this.name = 'EventTooLarge';
	}
}

export const key = (runId: string, seq: number): Item => ({run: {S: runId}, seq: {N: String(seq)}});

/** The item of event `seq`; `writer` says which journal wrote it (so a retried write can know its own). */
export function eventItem(runId: string, seq: number, event: RunEvent, writer: string): Item {
	const json = JSON.stringify(event);
	const base = {...key(runId, seq), w: {S: writer}};
	if (Buffer.byteLength(json) <= plainLimit) return {...base, e: {S: json}};
	const packed = gzipSync(json);
	if (packed.length > compressedLimit) throw new EventTooLarge(event, packed.length);
	return {...base, z: {B: packed}};
}

/**
 * A fence: position `seq` taken by the lease holding `id` when it was taken (its next event replaces
 * it). A writer of an earlier holding finds that position taken and learns it lost the run; it is
 * only ever at the end of a run's events. `holder` says who took it (JSON, as in the lease item).
 */
export const fenceItem = (runId: string, seq: number, id: string, holder: string): Item => ({...key(runId, seq), f: {S: id}, holder: {S: holder}});

export const isFence = (item: Item | undefined): boolean => item?.['f'] !== undefined;

/** The event an item holds, or why it holds none belay can read. */
export function itemEvent(item: Item): RunEvent | string {
	let json: string;
	if ('S' in (item['e'] ?? {})) json = (item['e'] as {S: string}).S;
	else if ('B' in (item['z'] ?? {})) json = gunzipSync((item['z'] as {B: Uint8Array}).B).toString('utf8');
	else return 'an item without an event';
	let value: unknown;
	try {
		value = JSON.parse(json);
	} catch {
		return 'not JSON';
	}
	return notAnEvent(value) ?? (value as RunEvent);
}

export const seqOf = (item: Item): number => Number((item['seq'] as {N: string}).N);
export const text = (item: Item | undefined, name: string): string | undefined => {
	const value = item?.[name];
	return value && 'S' in value ? value.S : undefined;
};
export const number = (item: Item | undefined, name: string): number | undefined => {
	const value = item?.[name];
	return value && 'N' in value ? Number(value.N) : undefined;
};
