import type {RunFlags} from './flags.js';

/**
 * Whether belay may draw screens on its terminal: not where TERM=dumb says it moves no cursor
 * (Emacs's M-x shell, some editors' and CI consoles: a screen drawn there is a heap of escape codes),
 * nor where BELAY_PLAIN=1 asks for lines, as --plain does.
 */
export function screenDrawable(): boolean {
	return process.env['TERM'] !== 'dumb' && process.env['BELAY_PLAIN'] !== '1';
}

/**
 * Whether the Ink interface runs: both standard input and output are terminals (Ink needs raw mode)
 * it may draw on (screenDrawable), and neither --plain, --non-interactive, --answers, --yes nor
 * --events asks for the line front end.
 */
export function wantsInterface(flags: Pick<RunFlags, 'plain' | 'nonInteractive' | 'answers' | 'yes' | 'events'>): boolean {
	if (flags.plain || flags.nonInteractive || flags.answers || flags.yes || flags.events) return false;
	return Boolean(process.stdin.isTTY && process.stdout.isTTY) && screenDrawable();
}
