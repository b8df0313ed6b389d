import {mkdirSync, statSync} from 'node:fs';
import {dirname} from 'node:path';
import {fsReason, UnusableStateDir, useAnotherStateDir} from './state-dir-error.js';

/**
 * `mkdir -p` for the folders above the state dir, made one at a time. Node's own recursive mkdir
 * never returns where mkdir fails with ENOENT although the parent exists (under /proc): it makes the
 * parent again, and again. Throws UnusableStateDir naming the folder, the cause and the folder it
 * was for (`purpose`).
 */
export function makeDirs(path: string, purpose = path): void {
	const missing: string[] = [];
	let at = path;
	for (;;) {
		let isDirectory: boolean;
		try {
			isDirectory = statSync(at).isDirectory();
		} catch (error) {
			const code = (error as NodeJS.ErrnoException).code;
			if ((code !== 'ENOENT' && code !== 'ENOTDIR') || dirname(at) === at) {
				throw new UnusableStateDir(`${at} cannot be reached (${fsReason(error)}), so ${purpose} cannot be made: ${useAnotherStateDir}`);
			}
			missing.push(at);
			at = dirname(at);
			continue;
		}
		if (isDirectory) break;
		throw new UnusableStateDir(`${at} is a file, not a folder, so ${purpose} cannot be made: ${useAnotherStateDir}`);
	}
	for (const dir of missing.reverse()) {
		try {
			mkdirSync(dir);
		} catch (error) {
			if ((error as NodeJS.ErrnoException).code === 'EEXIST' && statSync(dir).isDirectory()) continue;
			throw new UnusableStateDir(`${dir} cannot be created (${fsReason(error)}): ${useAnotherStateDir}`);
		}
	}
}
