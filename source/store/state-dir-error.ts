/** The next step offered whenever the state dir cannot be used. */
export const useAnotherStateDir = 'use a folder of your own for runs (--state-dir DIR, or BELAY_STATE_DIR)';

/**
 * A state dir belay cannot use: a file where a folder should be, no permission, a read-only or
 * special file system, no space. The message names the place and the cause; nothing ran (exit 2).
 */
export class UnusableStateDir extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'UnusableStateDir';
	}
}

/** What an fs error code means for a folder or file belay wanted to make or write. */
export function fsReason(error: unknown): string {
	const code = (error as NodeJS.ErrnoException).code;
	switch (code) {
		case 'EACCES':
		case 'EPERM':
			return 'permission denied';
		case 'EROFS':
			return 'the file system is read-only';
		case 'ENOENT':
			return 'the file system does not allow it';
		case 'ENOTDIR':
			return 'a file stands where a folder should be';
		case 'ENOSPC':
			return 'no space left on the device';
		case 'EDQUOT':
			return 'the disk quota is used up';
		case 'ENAMETOOLONG':
			return 'the name is too long';
		case 'ELOOP':
			return 'too many symbolic links';
		default:
			return code ?? (error as Error).message ?? String(error);
	}
}

/** An fs error met while preparing the state dir, as an UnusableStateDir naming `fallback` when the error names no path. */
export function unusableStateDir(error: unknown, fallback: string): Error {
	if (error instanceof UnusableStateDir || (error as Error).name === 'UntrustedStateDir') return error as Error;
	const {code, path, syscall} = error as NodeJS.ErrnoException;
	if (typeof code !== 'string') return error as Error;
	const what = syscall === 'mkdir' ? 'cannot be created' : syscall === 'scandir' ? 'cannot be read' : 'cannot be written';
	return new UnusableStateDir(`${path ?? fallback} ${what} (${fsReason(error)}): ${useAnotherStateDir}`);
}
