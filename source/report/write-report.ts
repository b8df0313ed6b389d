import {renameSync, rmSync, writeFileSync} from 'node:fs';
import {basename, dirname, join} from 'node:path';
import {UsageError} from '../commands/usage-error.js';

/** Writes the report to `file` whole or not at all (a temporary file beside it, then renamed). */
export function writeReport(file: string, text: string): void {
	const temporary = join(dirname(file), `.${basename(file)}.${process.pid}.tmp`);
	try {
		writeFileSync(temporary, text, {mode: 0o644});
		renameSync(temporary, file);
	} catch (error) {
		rmSync(temporary, {force: true});
		const code = (error as NodeJS.ErrnoException).code;
		const why = code === 'ENOENT' ? 'its folder does not exist' : code === 'EACCES' ? 'permission denied' : code === 'EISDIR' ? 'it is a folder' : (code ?? String(error));
		throw new UsageError(`cannot write the report to ${file}: ${why}`);
	}
}
