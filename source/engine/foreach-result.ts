import type {StepState} from './state.js';

/**
 * Pure: a foreach's result, from its items' steps as the state holds them: per item its index, its
 * steps' status, value, result and outputs, and the item itself unless the items came in chunks
 * (the chunks are in the state already). The journal records a foreach's success without copying
 * this (`fromItems`): replay builds it again from the items' own events.
 */
export function foreachResult(steps: Readonly<Record<string, StepState>>, key: string, stepIds: readonly string[], batched: boolean): unknown[] {
	const items = steps[key]?.items ?? [];
	return items.map((item, index) => {
		const inner: Record<string, unknown> = {};
		for (const id of stepIds) {
			const state = steps[`${key}[${index}].${id}`];
			inner[id] = {status: state?.status ?? 'pending', value: state?.value, result: state?.result, outputs: state?.outputs ?? {}};
		}
		return batched ? {index, steps: inner} : {item, index, steps: inner};
	});
}
