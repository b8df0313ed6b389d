import {ThemeProvider} from '@inkjs/ui';
import {render} from 'ink';
import {inkUiTheme} from './prompts/ink-ui-theme.js';
import type {InterfaceApi, InterfaceRequest, InterfaceResult} from './api.js';
import {App} from './app.js';
import {RunController} from './controller.js';
import type {LiveRun} from '../commands/live-run.js';
import type {Step} from '../runbook/types.js';
import {RunScreen} from './screens/run-screen.js';

const stopSignals = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

/**
 * The Ink interface: shows the request's screen until the operator leaves or the run ends, then
 * clears the way for the message to print (how the run ended and the command that goes on).
 * SIGINT, SIGTERM and SIGHUP (the terminal closing) stop a run cleanly, as Ctrl-C and q do (exit
 * 130, run-interrupted journaled); before a run, they leave (exit 130, nothing ran). A second one
 * leaves at once.
 */
export async function runInterface(request: InterfaceRequest, api: InterfaceApi): Promise<InterfaceResult> {
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
	// Ink (signal-exit) and the settings' file writer (when-exit) listen to these signals too: one
	// unmounts when it counts no other listener, the other sends the signal again, and the run would
	// end without its journal's last word. This handler restores the terminal itself; both still
	// clean up when the process exits.
	const keepSignalsToOurselves = (): void => {
		for (const signal of stopSignals) {
			for (const listener of process.listeners(signal)) if (listener !== onSignal) process.off(signal, listener as () => void);
		}
	};
	const tracked: InterfaceApi = {
		...api,
		openNewRun: (loaded, plan) => track(api.openNewRun(loaded, plan)),
		openResume: (runId, given) => track(api.openResume(runId, given)),
		whenRemembered: () => api.whenRemembered().then(keepSignalsToOurselves),
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
	return code;
}
