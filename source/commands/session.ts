import type {DriveOutcome} from '../engine/run.js';
import {attachAnswerer} from '../headless/answerer.js';
import type {Answers} from '../headless/answers-file.js';
import {HeadlessAsker} from '../headless/asker.js';
import {BufferedWriter} from '../headless/buffered-writer.js';
import {attachEventStream} from '../headless/event-stream.js';
import {attachLinePrinter} from '../headless/line-printer.js';
import type {RunFlags} from './flags.js';
import type {LiveRun} from './live-run.js';
import {nextSteps} from './next-steps.js';


/**
 * Drives a run with the line front end (and `--events`) listening to its session; SIGINT, SIGTERM and SIGHUP (the terminal closing)
 * stop it cleanly. Prints what to do next and returns the exit code.
 */
export async function driveSession(live: LiveRun, flags: RunFlags, answers: Answers | undefined): Promise<number> {
	let signals = 0;
	const onSignal = (signal: NodeJS.Signals): void => {
		signals++;
		if (signals > 1) process.exit(130);
		live.stop(signal);
	};
	process.on('SIGINT', onSignal);
	process.on('SIGTERM', onSignal);
	process.on('SIGHUP', onSignal);
	const stdout = BufferedWriter.open(flags.events === '-' ? 2 : 1);
	const asker = new HeadlessAsker({
		...(answers ? {answers} : {}),
		yes: flags.yes ?? false,
		prompt: !flags.nonInteractive && process.env['BELAY_NO_STDIN'] !== '1',
		remote: async question => live.remoteApproval?.(question),
		write: text => {
			stdout.flush();
			process.stderr.write(text);
		},
	});
	const detach = [
		...(flags.events ? [attachEventStream(live.session, flags.events)] : []),
		attachLinePrinter(live.session, stdout),
		attachAnswerer(live.session, asker),
	];
	let outcome: DriveOutcome;
	try {
		outcome = await live.drive();
	} finally {
		process.off('SIGINT', onSignal);
		process.off('SIGTERM', onSignal);
		process.off('SIGHUP', onSignal);
		for (const stop of detach) stop();
		asker.close();
		stdout.close();
		await live.close();
	}
	process.stderr.write(nextSteps(outcome, flags));
	return outcome.exitCode;
}
