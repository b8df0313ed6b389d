import {randomBytes} from 'node:crypto';
import {join} from 'node:path';
import {pathToFileURL} from 'node:url';
import {stepEstimates, stepProgress} from '../engine/estimates.js';
import {planStart} from '../engine/plan-start.js';
import type {Answers} from '../headless/answers-file.js';
import {importPackage} from '../import-package.js';
import {readSettings, rememberNames} from './settings-file.js';
import {systemClock} from '../ports/clock.js';
import {listRuns, type RunStore} from '../ports/run-store.js';
import {listRunbooks, runbookDirs} from '../runbook/discover.js';
import type {LoadedRunbook, Step} from '../runbook/types.js';
import type {LiveRun} from './live-run.js';
import {isMutatingStep} from '../runbook/side-effect.js';
import type {InterfaceApi, InterfaceRequest, InterfaceResult} from '../ui/api.js';
import type {RunFlags} from './flags.js';
import {here, openNewRun, openResume} from './open-run.js';
import {resumeGiven} from './resume.js';
import {startGiven} from './run.js';
import {UsageError} from './usage-error.js';

type Ui = {
	runInterface(request: InterfaceRequest, api: InterfaceApi): Promise<InterfaceResult>;
	watchInterface(live: LiveRun, isMutating: (step: Step) => boolean): Promise<number>;
};

/**
 * The Ink interface, loaded only when a terminal runs belay: built as its own ESM bundle
 * (dist/belay-ui.mjs) because Ink is an ES module the CommonJS core cannot require.
 */
export async function loadUi(): Promise<Ui> {
	const bundleDir = (globalThis as {__belayBundleDir?: string}).__belayBundleDir;
	// From source (tests), the module itself; import.meta is empty in the bundle, which never gets here.
	const specifier = bundleDir ? pathToFileURL(join(bundleDir, 'belay-ui.mjs')).href : new URL('../ui/main.tsx', import.meta.url).href;
	// Ink's layout engine (yoga) loads its WebAssembly with fetch() when there is one, and on Node 20 the
	// first touch of fetch loads undici (about 40 ms before the first frame): hide it while it loads.
	const fetch = Object.getOwnPropertyDescriptor(globalThis, 'fetch');
	if (fetch?.configurable) delete (globalThis as {fetch?: unknown}).fetch;
	try {
		return await importPackage<Ui>(specifier);
	} finally {
		if (fetch?.configurable) Object.defineProperty(globalThis, 'fetch', fetch);
	}
}

/** The interface's api, and `settled`: resolves when the names it was asked to remember are written. */
async function api(store: RunStore, flags: RunFlags): Promise<{api: InterfaceApi; settled: () => Promise<void>}> {
	// Names remembered across runs: the settings file, read when the start flow first asks (a small
	// JSON file, read at once; conf, which did this before, took 0.1 s of CPU to load with ajv under it).
	let saved: Record<string, unknown> | undefined;
	let loading: Promise<void> | undefined;
	let writing: Promise<void> = Promise.resolve();
	const runs = await listRuns(store);
	return {
		settled: () => writing,
		api: {
			listRuns: () => runs.map(run => ({state: run.state, status: run.status, ...stepProgress(run.state)})),
			listRunbooks: async () =>
				(await listRunbooks(runbookDirs(flags.runbooks))).map(({path, summary}) => (summary.ok ? {...summary, path} : {ok: false as const, path, problems: summary.problems})),
			loadRunbook: async path => {
				const {loadRunbookFile} = await import('../runbook/load.js');
				const result = await loadRunbookFile(path);
				if (result.ok) return result.loaded;
				throw new UsageError(`${path} has ${result.problems.length} problem${result.problems.length === 1 ? '' : 's'} now (belay validate shows them)`);
			},
			planStart: (loaded, given) => planStart(loaded, given, {now: systemClock.now(), ...here, suffix: randomBytes(2).toString('hex')}),
			openNewRun: (loaded, plan) => openNewRun(loaded, plan, store, systemClock, true),
			openResume: (runId, given) => openResume(store, runId, given, systemClock, true),
			isMutating: isMutatingStep,
			stepEstimates: name => stepEstimates(runs.filter(run => run.state.runbook.name === name && run.status === 'succeeded').map(run => run.state)),
			// An unreadable settings file must not stop a restore: names are asked instead.
			whenRemembered: () => (loading ??= Promise.resolve().then(() => void (saved = readSettings()))),
			remembered: () => {
				const operator = saved?.['operator'];
				const pair = saved?.['pair'];
				return {...(typeof operator === 'string' ? {operator} : {}), ...(typeof pair === 'string' ? {pair} : {})};
			},
			// Written while the run opens, off the main thread; nothing is written into a file that cannot be read.
			remember: names => {
				writing = writing.then(() => rememberNames(names)).catch(() => {});
			},
		},
	};
}

async function show(request: InterfaceRequest, store: RunStore, flags: RunFlags): Promise<number> {
	const ui = await loadUi();
	const {api: given, settled} = await api(store, flags);
	const result = await ui.runInterface(request, given);
	await settled();
	if (result.message) process.stderr.write(result.message);
	return result.exitCode;
}

export async function interactiveHome(store: RunStore, flags: RunFlags): Promise<number> {
	return show({kind: 'home'}, store, flags);
}

export async function interactiveStart(loaded: LoadedRunbook, store: RunStore, flags: RunFlags, answers: Answers | undefined): Promise<number> {
	return show({kind: 'start', loaded, given: startGiven(flags, answers)}, store, flags);
}

export async function interactiveResume(runId: string, store: RunStore, flags: RunFlags, answers: Answers | undefined): Promise<number> {
	return show({kind: 'resume', runId, given: resumeGiven(flags, answers)}, store, flags);
}
