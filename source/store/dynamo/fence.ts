import {fenceItem} from './item-codec.js';
import type {StateTable} from './table.js';

/** How many times a fence is tried at a new end of the run before giving up (another writer keeps appending). */
const fenceTries = 20;

/** The fence could not be placed: a writer kept appending to the run faster than the fence could follow. */
export class FenceFailed extends Error {
	constructor(runId: string) {
		super(`could not take run ${runId}: another process keeps writing to it; try again once it stops`);
		this.name = 'RunLockedError';
	}
}

/**
 * Takes the next position of a run for the holding `id` (the fencing token is the sequence number):
 * a fence item at the end of its events, replacing the fence of an earlier holding, never an event.
 * From then on a writer of an earlier holding finds its next position taken and stops. `from` is
 * where the end was last seen; returns the position of the fence.
 */
export async function placeFence(table: StateTable, runId: string, id: string, holder: string, from: number): Promise<number> {
	let at = from;
	for (let tries = 0; tries < fenceTries; tries++) {
		if (await table.putNew(fenceItem(runId, at, id, holder), 'attribute_not_exists(#s) OR attribute_exists(#f)', {'#s': 'seq', '#f': 'f'})) return at;
		// An event of the earlier holder landed there first: the end moved on.
		at = await table.eventCount(runId);
	}
	throw new FenceFailed(runId);
}
