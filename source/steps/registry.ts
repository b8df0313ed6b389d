import {definitionOf} from '../kinds/table.js';
import type {Step} from '../runbook/types.js';
import type {Executor} from './executor.js';

/** The executor of a step's kind, imported only when a step of that kind runs. */
export async function executorFor(step: Step): Promise<Executor> {
	return definitionOf(step).executor();
}
