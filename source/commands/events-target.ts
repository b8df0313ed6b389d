import {closeSync, openSync} from 'node:fs';
import {dirname} from 'node:path';
import {UsageError} from './usage-error.js';

/**
 * `--events FILE` is opened before the run is: a file that cannot be written is a usage error, and no
 * run is left behind started and never driven. The file is created (it would be, at the first event).
 */
export function checkEventsTarget(target: string | undefined): void {
	if (target === undefined || target === '-') return;
	try {
		closeSync(openSync(target, 'a', 0o600));
	} catch (error) {
		const code = (error as NodeJS.ErrnoException).code;
		const why =
			code === 'EISDIR'
				? 'it is a directory'
				: code === 'ENOENT'
					? `the directory ${dirname(target)} does not exist`
					: code === 'EACCES' || code === 'EPERM'
						? 'permission denied'
						: code === 'EROFS'
							? 'the file system is read-only'
							: (code ?? 'error');
		throw new UsageError(`--events ${target} cannot be written (${why}); give a file in a directory that exists, or '-' for standard output; nothing ran`);
	}
}
