import type {LiveRun} from '../commands/live-run.js';
import type {ResumeOpening} from '../commands/open-run.js';
import type {ResumeGiven} from '../engine/plan-resume.js';
import type {StartGiven, StartPlan} from '../engine/plan-start.js';
import type {RunState, RunStatus} from '../engine/state.js';
import type {LoadedRunbook, Problem, Step} from '../runbook/types.js';

/** A run the home screen lists. */
export type RunEntry = {
	readonly state: RunState;
	readonly status: RunStatus;
	/** Top-level steps finished, of all. */
	readonly done: number;
	readonly total: number;
};

/** A runbook the home screen lists: what it shows of a valid one (loaded in full when chosen), or why it is not. */
export type RunbookEntry =
	| {readonly ok: true; readonly path: string; readonly name: string; readonly title: string; readonly environments: readonly string[]}
	| {readonly ok: false; readonly path: string; readonly problems: readonly Problem[]};

/**
 * What the interface may do, given by the command line (the core of belay): the interface never
 * touches files, AWS or the journal itself, and no step runs inside a component.
 */
export type InterfaceApi = {
	listRuns(): RunEntry[];
	listRunbooks(): Promise<RunbookEntry[]>;
	/** A listed runbook in full, to start. Throws with a message to show when it cannot be loaded now. */
	loadRunbook(path: string): Promise<LoadedRunbook>;
	planStart(loaded: LoadedRunbook, given: StartGiven): Promise<StartPlan>;
	/** Guards the account, takes the lease, journals run-started. Throws with a message to show. */
	openNewRun(loaded: LoadedRunbook, plan: Extract<StartPlan, {ok: true}>): Promise<LiveRun>;
	openResume(runId: string, given: ResumeGiven): Promise<ResumeOpening>;
	/** Whether a step changes things (the format's side-effect rule, with its readOnly flag). */
	isMutating(step: Step): boolean;
	/** How long each step took in earlier runs of a runbook (median ms), to estimate the time left. */
	stepEstimates(runbookName: string): Readonly<Record<string, number>>;
	/** Loads the names remembered on this machine (once); `remembered` has them after. */
	whenRemembered(): Promise<void>;
	/** Names remembered from the last run on this machine (none until `whenRemembered` resolves). */
	remembered(): {readonly operator?: string; readonly pair?: string};
	remember(names: {readonly operator: string | null; readonly pair: string | null}): void;
};

/**
 * What the interface opens on. Made before the first frame, so that it shows them: home's runbooks
 * (when listing them was quick), a start's plan (when it asks nothing).
 */
export type InterfaceRequest =
	| {readonly kind: 'home'; readonly runbooks?: RunbookEntry[]}
	| {readonly kind: 'start'; readonly loaded: LoadedRunbook; readonly given: StartGiven; readonly planned?: StartPlan}
	| {readonly kind: 'resume'; readonly runId: string; readonly given: ResumeGiven};

/** How the interface ended: the exit code and what to print once the screen is gone. */
export type InterfaceResult = {readonly exitCode: number; readonly message: string};
