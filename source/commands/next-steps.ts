import type {DriveOutcome} from '../engine/run.js';

/** What the operator reads when the drive ends: why it stopped and the command that goes on. */
export function nextSteps(outcome: DriveOutcome, flags: {readonly answers?: string | undefined}): string {
	const id = outcome.state.id;
	const answersHint = flags.answers ? ` --answers ${flags.answers}` : ' --answers FILE';
	switch (outcome.status) {
		case 'paused': {
			const on = outcome.state.pausedOn;
			return (
				`belay: run ${id} is paused at step ${on?.key}: ${on?.reason}.\n` +
				`Give the answer (answers file: steps: {${on?.key?.replace(/^.*\./, '')}: ...}) and run: belay resume ${id}${answersHint}\n`
			);
		}
		case 'failed':
		case 'aborted': {
			const failed = Object.values(outcome.state.steps).find(step => step.status === 'failed' && step.failedFinal);
			// The whole message: a failed command's comes with the last lines of its output.
			const [headline, ...more] = failed?.error?.message.split('\n') ?? [];
			return (
				`belay: run ${id} stopped: step ${failed?.key ?? '?'} failed${headline ? `: ${headline}` : ''}\n` +
				more.map(line => `  ${line}\n`).join('') +
				`Fix the cause, then run: belay resume ${id} (the failed step runs again)\n`
			);
		}
		case 'interrupted':
			return `belay: run ${id} interrupted; nothing is lost. Continue with: belay resume ${id}\n`;
		case 'succeeded': {
			const failed = outcome.state.failedSteps ?? [];
			if (failed.length === 0) return '';
			return (
				`belay: run ${id} reached its end, but ${failed.length} step${failed.length === 1 ? '' : 's'} failed and ${failed.length === 1 ? 'was' : 'were'} continued past (onFailure: continue): ${failed.join(', ')}.\n` +
				`See what failed: belay show ${id}\n`
			);
		}
	}
}
