import {chmodSync, lstatSync, mkdirSync} from 'node:fs';

/** A state or run folder belay will not use: it says which and why, and what to do. */
export class UntrustedStateDir extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'UntrustedStateDir';
	}
}

/**
 * Makes sure a folder of runs is belay's to use: created 0700 when missing; when it exists, a real
 * folder (not a symbolic link), owned by this user, that others cannot write, then closed to them
 * (0700). Throws UntrustedStateDir otherwise and changes nothing.
 */
export function trustedDir(path: string): void {
	let stat;
	try {
		stat = lstatSync(path);
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
		mkdirSync(path, {mode: 0o700});
		chmodSync(path, 0o700);
		return;
	}
	const next = 'use a folder of your own for runs (--state-dir DIR, or BELAY_STATE_DIR)';
	if (stat.isSymbolicLink()) throw new UntrustedStateDir(`${path} is a symbolic link; belay does not follow links in the state dir: ${next}`);
	if (!stat.isDirectory()) throw new UntrustedStateDir(`${path} is not a folder: ${next}`);
	const uid = process.getuid?.();
	if (uid !== undefined && stat.uid !== uid) throw new UntrustedStateDir(`${path} belongs to another user (uid ${stat.uid}): ${next}`);
	if ((stat.mode & 0o002) !== 0) throw new UntrustedStateDir(`${path} can be written by everyone: ${next}`);
	if ((stat.mode & 0o777) !== 0o700) chmodSync(path, 0o700);
}
