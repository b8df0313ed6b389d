import {ThemeProvider} from '@inkjs/ui';
import {render} from 'ink';
import {inkUiTheme} from './prompts/ink-ui-theme.js';
import type {InterfaceApi, InterfaceRequest, InterfaceResult} from './api.js';
import {App} from './app.js';
import type {RunController} from './controller.js';

/**
 * The Ink interface: shows the request's screen until the operator leaves or the run ends, then
 * clears the way for the message to print (how the run ended and the command that goes on).
 * SIGINT, SIGTERM and SIGHUP (the terminal closing) stop a run cleanly, as Ctrl-C and q do.
 */
export async function runInterface(request: InterfaceRequest, api: InterfaceApi): Promise<InterfaceResult> {
	let result: InterfaceResult = {exitCode: 0, message: ''};
	let controller: RunController | undefined;
	const onSignal = (): void => {
		if (controller) controller.quit();
		else instance.unmount();
	};
	process.on('SIGINT', onSignal);
	process.on('SIGTERM', onSignal);
	process.on('SIGHUP', onSignal);
	const instance = render(
		<ThemeProvider theme={inkUiTheme}>
			<App
				request={request}
				api={api}
				onDone={done => {
					result = done;
				}}
				onController={current => {
					controller = current;
				}}
			/>
		</ThemeProvider>,
		{exitOnCtrlC: false},
	);
	try {
		await instance.waitUntilExit();
	} finally {
		process.off('SIGINT', onSignal);
		process.off('SIGTERM', onSignal);
		process.off('SIGHUP', onSignal);
	}
	return result;
}
