import {Box, Text, useApp, useInput} from 'ink';
import {useRef, useState} from 'react';
import type {LiveRun} from '../commands/live-run.js';
import {nextSteps} from '../commands/next-steps.js';
import type {ResumeGiven} from '../engine/plan-resume.js';
import type {StartGiven, StartPlan} from '../engine/plan-start.js';
import type {LoadedRunbook} from '../runbook/types.js';
import type {InterfaceApi, InterfaceRequest, InterfaceResult, RunbookEntry} from './api.js';
import {RunController} from './controller.js';
import {HomeScreen} from './screens/home-screen.js';
import {ResumeScreen} from './screens/resume-screen.js';
import {RunScreen} from './screens/run-screen.js';
import {StartScreen} from './screens/start-screen.js';
import {theme} from './theme.js';
import {assertNever} from '../assert-never.js';

type Props = {
	readonly request: InterfaceRequest;
	readonly api: InterfaceApi;
	readonly onDone: (result: InterfaceResult) => void;
	/** Set by the app: how SIGINT/SIGTERM reach the run while the screen is up. */
	readonly onController: (controller: RunController | undefined) => void;
	/** The signal that asked belay to stop, if one did: a run that opens after it is stopped at once. */
	readonly stopRequested?: () => NodeJS.Signals | undefined;
};

type Screen =
	| {readonly kind: 'home'; readonly runbooks?: RunbookEntry[]}
	| {readonly kind: 'start'; readonly loaded: LoadedRunbook; readonly given: StartGiven; readonly planned?: StartPlan}
	| {readonly kind: 'resume'; readonly runId: string; readonly given: ResumeGiven}
	| {readonly kind: 'opening'; readonly what: string}
	| {readonly kind: 'run'; readonly controller: RunController; readonly estimates: Readonly<Record<string, number>>}
	| {readonly kind: 'error'; readonly message: string; readonly exitCode: number};

const exitCodes: Readonly<Record<string, number>> = {GuardRefused: 5, RunLockedError: 4, UsageError: 2, UntrustedStateDir: 2, UnusableStateDir: 2};

/**
 * How long a run may take to open (the lease, the journal; the account check calls AWS) before the
 * screen says it is opening. A quicker one goes from "Start now?" straight to the run screen: a frame
 * in between would hold the run screen back by Ink's render throttle (34 ms) for a flash of text.
 */
export const openingNoticeMs = 150;

/** The screens, one at a time: home, start or resume, then the run. */
export function App({request, api, onDone, onController, stopRequested}: Props) {
	const {exit} = useApp();
	const [screen, setScreen] = useState<Screen>(request);
	// A run is being opened: a second Enter on "Start now?" (still shown while it opens) opens nothing more.
	const starting = useRef(false);
	const finish = (result: InterfaceResult): void => {
		onDone(result);
		exit();
	};
	const run = (live: LiveRun): void => {
		const controller = new RunController(live);
		onController(controller);
		const signal = stopRequested?.();
		if (signal) controller.quit(signal);
		setScreen({kind: 'run', controller, estimates: api.stepEstimates(live.loaded.runbook.name)});
		void controller.start().then(
			outcome => {
				onController(undefined);
				const id = outcome.state.id;
				const message = outcome.status === 'succeeded' ? `belay: run ${id} succeeded. Its record: belay report ${id}\n` : nextSteps(outcome, {});
				// One more frame first, so the screen left behind shows how the run ended.
				setTimeout(() => finish({exitCode: outcome.exitCode, message}), 120);
			},
			(error: unknown) => finish({exitCode: 1, message: `belay: ${(error as Error).message}\n`}),
		);
	};
	const fail = (error: unknown): void => {
		const {name, message} = error as Error;
		setScreen({kind: 'error', message, exitCode: Object.hasOwn(exitCodes, name) ? exitCodes[name]! : 1});
	};
	useInput(
		(input, key) => {
			if (screen.kind === 'error') return finish({exitCode: screen.exitCode, message: `belay: ${screen.message}\n`});
			if (key.ctrl && input === 'c') finish({exitCode: 130, message: ''});
		},
		{isActive: screen.kind !== 'run'},
	);
	switch (screen.kind) {
		case 'home':
			return (
				<HomeScreen
					api={api}
					{...(screen.runbooks ? {listed: screen.runbooks} : {})}
					onResume={runId => setScreen({kind: 'resume', runId, given: {acceptChanges: false, inputs: {}, operator: null}})}
					onStart={entry => {
						setScreen({kind: 'opening', what: `Loading ${entry.name}…`});
						api.loadRunbook(entry.path).then(loaded => setScreen({kind: 'start', loaded, given: {inputs: {}, operator: null, pair: null, dryRun: false}}), fail);
					}}
					onQuit={() => finish({exitCode: 0, message: ''})}
				/>
			);
		case 'start':
			return (
				<StartScreen
					api={api}
					loaded={screen.loaded}
					given={screen.given}
					{...(screen.planned ? {planned: screen.planned} : {})}
					onReady={plan => {
						if (starting.current) return;
						starting.current = true;
						const notice = setTimeout(() => setScreen({kind: 'opening', what: `Checking the account and starting run ${plan.runId}…`}), openingNoticeMs);
						api.openNewRun(screen.loaded, plan)
							.finally(() => clearTimeout(notice))
							.then(run, fail);
					}}
					onCancel={() => (request.kind === 'home' ? setScreen({kind: 'home'}) : finish({exitCode: 2, message: 'belay: nothing was started\n'}))}
				/>
			);
		case 'resume':
			return (
				<ResumeScreen
					api={api}
					runId={screen.runId}
					given={screen.given}
					onReady={run}
					onDone={(exitCode, message) => finish({exitCode, message})}
					onCancel={() => (request.kind === 'home' ? setScreen({kind: 'home'}) : finish({exitCode: 2, message: 'belay: nothing was resumed\n'}))}
					{...(request.kind === 'home' ? {} : {onFail: fail})}
				/>
			);
		case 'opening':
			return <Text>{screen.what}</Text>;
		case 'run':
			return <RunScreen controller={screen.controller} estimates={screen.estimates} isMutating={api.isMutating} />;
		case 'error':
			return (
				<Box flexDirection="column" paddingX={1}>
					<Text color={theme.danger}>{screen.message}</Text>
					<Text color={theme.muted}>Press any key to leave.</Text>
				</Box>
			);
		default:
			return assertNever(screen);
	}
}
