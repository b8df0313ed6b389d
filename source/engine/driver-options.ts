import type {AwsRuntime} from '../aws/runtime.js';
import type {Clock} from '../ports/clock.js';
import type {Lease} from '../ports/lease.js';
import type {OutputSink} from '../ports/output-sink.js';
import type {ProcessProbe} from '../ports/process-probe.js';
import type {RunJournal} from '../ports/run-journal.js';
import type {LoadedRunbook, Step} from '../runbook/types.js';
import type {RunSession} from '../session/run-session.js';
import type {Executor} from '../steps/executor.js';
import type {Secrets} from './scope.js';

export type Executors = (step: Step) => Promise<Executor>;

/** The ports a driver acts through: each an interface, with a file implementation first. */
export type DriverPorts = {
	readonly journal: RunJournal;
	readonly output: OutputSink;
	readonly clock: Clock;
	readonly probe: ProcessProbe;
	/** The right to drive the run; when lost, the drive stops as if interrupted. */
	readonly lease?: Lease;
};

export type DriverOptions = {
	readonly loaded: LoadedRunbook;
	readonly ports: DriverPorts;
	/** Where events go and answers come from. */
	readonly session: RunSession;
	readonly secrets: Secrets;
	/** An operator can be asked about failures (else onFailure defaults to abort). */
	readonly interactive: boolean;
	readonly cwd: string;
	readonly env: NodeJS.ProcessEnv;
	/** Stops the drive (SIGINT/SIGTERM, or quitting the interface). */
	readonly signal: AbortSignal;
	readonly executors: Executors;
	readonly aws: AwsRuntime;
	/** The environment shell steps get: the operator's, with the run's AWS identity on top. */
	readonly shellEnv: () => Promise<NodeJS.ProcessEnv>;
};

export type DriveOutcome = {
	readonly status: 'succeeded' | 'failed' | 'aborted' | 'paused' | 'interrupted';
	readonly exitCode: 0 | 1 | 3 | 130;
	readonly state: import('./state.js').RunState;
};
