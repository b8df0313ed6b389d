import {readFile, stat} from 'node:fs/promises';

/** The most a runbook or an answers file may hold: far beyond any real one, short of filling memory. */
export const maxTextBytes = 16 * 1024 * 1024;

/** A file's text, or why it cannot be read, in words (for a problem at line 1 of it). */
export async function readText(path: string): Promise<{ok: true; text: string} | {ok: false; reason: string}> {
	try {
		const info = await stat(path);
		if (info.isDirectory()) return {ok: false, reason: 'it is a directory, not a file'};
		if (info.isCharacterDevice() || info.isBlockDevice() || info.isSocket()) return {ok: false, reason: 'it is a device, not a file'};
		if (info.size > maxTextBytes) return {ok: false, reason: `it holds ${Math.ceil(info.size / 1024 / 1024)} MiB, more than the ${maxTextBytes / 1024 / 1024} MiB a file of belay's may`};
		return {ok: true, text: await readFile(path, 'utf8')};
	} catch (error) {
		return {ok: false, reason: readReason(error)};
	}
}

function readReason(error: unknown): string {
	const {code, message} = error as NodeJS.ErrnoException;
	switch (code) {
		case 'ENOENT':
			return 'no such file';
		case 'EACCES':
		case 'EPERM':
			return 'permission denied (check who may read it: ls -l)';
		case 'EISDIR':
			return 'it is a directory, not a file';
		case 'ENOTDIR':
			return 'a part of the path is a file, not a directory';
		case 'ELOOP':
			return 'too many symbolic links';
		case 'ENAMETOOLONG':
			return 'the name is too long';
		default:
			return code ? `${code}: ${message.replace(/^[A-Z]+: /, '')}` : String(message ?? error);
	}
}
