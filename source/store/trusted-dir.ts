import {chmodSync, lstatSync, mkdirSync, readdirSync} from 'node:fs';
import {UnusableStateDir, useAnotherStateDir} from './state-dir-error.js';

/** A state or run folder belay will not use: it says which and why, and what to do. */
export class UntrustedStateDir extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'UntrustedStateDir';
	}
}

/**
 * Makes sure a folder of runs is belay's to use: created 0700 when missing; when it exists, a real
 * folder (not a symbolic link), owned by this user, that others cannot write and its owner can, then
 * closed to them (0700). Throws UntrustedStateDir (or UnusableStateDir) otherwise and changes nothing.
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
	const next = useAnotherStateDir;
	if (stat.isSymbolicLink()) throw new UntrustedStateDir(`${path} is a symbolic link; belay does not follow links in the state dir: ${next}`);
	if (!stat.isDirectory()) throw new UntrustedStateDir(`${path} is not a folder: ${next}`);
	const uid = process.getuid?.();
	if (uid !== undefined && stat.uid !== uid) throw new UntrustedStateDir(`${path} belongs to another user (uid ${stat.uid}): ${next}`);
	if ((stat.mode & 0o002) !== 0) throw new UntrustedStateDir(`${path} can be written by everyone: ${next}`);
	if ((stat.mode & 0o200) === 0) {
		const mode = (stat.mode & 0o777).toString(8).padStart(4, '0');
		throw new UnusableStateDir(`${path} is read-only (mode ${mode}): make it writable (chmod u+w ${path}) or ${next}`);
	}
	if ((stat.mode & 0o777) !== 0o700) chmodSync(path, 0o700);
}

/**
 * The state dir itself: as trustedDir, and when it exists already, empty or holding belay's `runs`
 * folder (or the `sandbox` folder a running `belay sandbox` announces itself in). A folder of other files (a project, /etc, /proc) is refused rather than closed to others.
 */
export function trustedStateRoot(path: string): void {
	let entries: string[];
	try {
		entries = lstatSync(path).isDirectory() ? readdirSync(path) : [];
	} catch {
		entries = [];
	}
	if (entries.length > 0 && !entries.includes('runs') && !entries.includes('sandbox')) {
		throw new UntrustedStateDir(`${path} holds other files and no runs: belay keeps its runs in a folder of its own: use a new or empty folder (--state-dir DIR, or BELAY_STATE_DIR)`);
	}
	trustedDir(path);
}
