import os from 'node:os';
import type {RunStarted} from '../source/engine/events.js';

/** The first event of a benchmark's run: a runbook named bench, no environment, no inputs. */
export function benchRunStarted(runId: string, operator: string): RunStarted {
	return {
		type: 'run-started',
		at: new Date().toISOString(),
		runId,
		runbook: {name: 'bench', title: 'Bench', path: 'bench.yaml', sha256: 'x'},
		stepHashes: {},
		environment: null,
		operator,
		pair: null,
		dryRun: false,
		inputs: {},
		secretInputs: [],
		host: os.hostname(),
		pid: process.pid,
	};
}
