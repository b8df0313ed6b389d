import type {RunFlags} from './flags.js';

/**
 * Whether the Ink interface runs: both standard input and output are terminals (Ink needs raw mode),
 * and neither --plain, --non-interactive, --answers, --yes nor --events asks for the line front end.
 * BELAY_PLAIN=1 does what --plain does.
 */
export function wantsInterface(flags: Pick<RunFlags, 'plain' | 'nonInteractive' | 'answers' | 'yes' | 'events'>): boolean {
	if (flags.plain || flags.nonInteractive || flags.answers || flags.yes || flags.events) return false;
	if (process.env['BELAY_PLAIN'] === '1') return false;
	return Boolean(process.stdin.isTTY && process.stdout.isTTY);
}
