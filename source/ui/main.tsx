import {ThemeProvider} from '@inkjs/ui';
import {render} from 'ink';
import {inkUiTheme} from './prompts/ink-ui-theme.js';
import type {InterfaceApi, InterfaceRequest, InterfaceResult} from './api.js';
import {App} from './app.js';
import {RunController} from './controller.js';
import type {LiveRun} from '../commands/live-run.js';
import type {Step} from '../runbook/types.js';
import {RunScreen} from './screens/run-screen.js';
import {asksNothing, startAsks} from './start-asks.js';
import {frameFilledTerminal} from './ink/output.js';

const stopSignals = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

/** How long the first frame waits for what it shows (home's runbooks) before showing it is looking. */
const firstFrameWaitMs = 100;

/**
 * What is printed after the screen starts on a line of its own: below a last frame as tall as the
 * terminal, whose last row the cursor was left on ("Run succeeded.belay: run … succeeded" once, on a
 * small terminal).
 */
function leaveFrameLine(): void {
	if (process.stdout.isTTY && frameFilledTerminal(process.stdout.rows)) process.stdout.write('\n');
}

/** What the promise gives, if it gives it within firstFrameWaitMs; else (or on a failure) undefined. */
function quickly<T>(promise: Promise<T>): Promise<T | undefined> {
	let timer: NodeJS.Timeout | undefined;
	const late = new Promise<undefined>(resolve => (timer = setTimeout(() => resolve(undefined), firstFrameWaitMs)));
	return Promise.race([promise.catch(() => undefined), late]).finally(() => clearTimeout(timer));
}

/**
 * The Ink interface: shows the request's screen until the operator leaves or the run ends, then
 * clears the way for the message to print (how the run ended and the command that goes on).
 * SIGINT, SIGTERM and SIGHUP (the terminal closing) stop a run cleanly, as Ctrl-C and q do (exit
 * 130, run-interrupted journaled); before a run, they leave (exit 130, nothing ran). A second one
 * leaves at once.
 */
export async function runInterface(asked: InterfaceRequest, api: InterfaceApi): Promise<InterfaceResult> {
	// What the first screen shows is made before its first frame when that is quick: a frame without
	// it ("looking for runbooks…", "Checking…") would hold the whole one back by Ink's render throttle (34 ms).
	let listing = asked.kind === 'home' ? api.listRunbooks() : undefined;
	const listed = listing ? await quickly(listing) : undefined;
	if (listed) listing = undefined;
	const planned = asked.kind === 'start' && asksNothing(startAsks(asked.loaded.runbook, asked.given)) ? await api.planStart(asked.loaded, asked.given).catch(() => undefined) : undefined;
	const request: InterfaceRequest = listed && asked.kind === 'home' ? {...asked, runbooks: listed} : planned && asked.kind === 'start' ? {...asked, planned} : asked;
	let result: InterfaceResult = {exitCode: 0, message: ''};
	let controller: RunController | undefined;
	let stopped: NodeJS.Signals | undefined;
	let opening = 0;
	const leave = (signal: NodeJS.Signals): void => {
		result = {exitCode: 130, message: `belay: stopped by ${signal}; nothing ran\n`};
		instance.unmount();
	};
	const onSignal = (signal: NodeJS.Signals): void => {
		if (stopped) {
			try {
				instance.unmount();
			} catch {}
			process.exit(130);
		}
		stopped = signal;
		if (controller) controller.quit(signal);
		// A run being opened is stopped as it starts (see `stopRequested`): its journal says so.
		else if (opening === 0) leave(signal);
	};
	const track = <T,>(opened: Promise<T>): Promise<T> => {
		opening++;
		return opened.finally(() => {
			opening--;
			// Once the screen has had the outcome: a run has a controller by then; anything else leaves.
			setTimeout(() => {
				if (stopped && !controller && opening === 0) leave(stopped);
			}, 0);
		});
	};
	// Ink (signal-exit) listens to these signals too: it unmounts when it counts no other listener,
	// and the run would end without its journal's last word. This handler restores the terminal
	// itself; Ink still cleans up when the process exits.
	const keepSignalsToOurselves = (): void => {
		for (const signal of stopSignals) {
			for (const listener of process.listeners(signal)) if (listener !== onSignal) process.off(signal, listener as () => void);
		}
	};
	const tracked: InterfaceApi = {
		...api,
		// The home screen's first listing is the one begun above, when it was not quick enough.
		listRunbooks: () => {
			const first = listing;
			listing = undefined;
			return first ?? api.listRunbooks();
		},
		openNewRun: (loaded, plan) => track(api.openNewRun(loaded, plan)),
		openResume: (runId, given) => track(api.openResume(runId, given)),
	};
	for (const signal of stopSignals) process.on(signal, onSignal);
	const instance = render(
		<ThemeProvider theme={inkUiTheme}>
			<App
				request={request}
				api={tracked}
				onDone={done => {
					result = done;
				}}
				onController={current => {
					controller = current;
				}}
				stopRequested={() => stopped}
			/>
		</ThemeProvider>,
		{exitOnCtrlC: false},
	);
	keepSignalsToOurselves();
	try {
		await instance.waitUntilExit();
	} finally {
		for (const signal of stopSignals) process.off(signal, onSignal);
		leaveFrameLine();
	}
	return result;
}

/**
 * `belay watch` on a terminal: the run screen, read-only, over a session that follows the run as it
 * is driven elsewhere (its questions are answered where it is driven, or with `belay approve`). q or
 * Ctrl-C stops watching; the screen leaves when the run ends.
 */
export async function watchInterface(live: LiveRun, isMutating: (step: Step) => boolean): Promise<number> {
	const controller = new RunController(live);
	let code = 0;
	const instance = render(
		<ThemeProvider theme={inkUiTheme}>
			<RunScreen controller={controller} estimates={{}} isMutating={isMutating} watching />
		</ThemeProvider>,
		{exitOnCtrlC: false},
	);
	const outcome = await controller.start();
	code = outcome.exitCode;
	// One more frame, so the screen left behind shows how the run ended.
	await new Promise(resolve => setTimeout(resolve, 120));
	instance.unmount();
	leaveFrameLine();
	return code;
}
