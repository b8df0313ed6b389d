import {readFileSync, realpathSync} from 'node:fs';
import {mkdir, open, rename, rm} from 'node:fs/promises';
import {homedir} from 'node:os';
import {dirname, join} from 'node:path';

/**
 * The settings file: BELAY_CONFIG_DIR/config.json, else the platform's configuration folder for
 * belay ($XDG_CONFIG_HOME/belay or ~/.config/belay; ~/Library/Preferences/belay on macOS;
 * %APPDATA%\belay\Config on Windows), where conf, which belay used to write it with, kept it.
 */
export function settingsPath(): string {
	const given = process.env['BELAY_CONFIG_DIR'];
	if (given) return join(given, 'config.json');
	const home = homedir();
	const dir =
		process.platform === 'darwin'
			? join(home, 'Library', 'Preferences', 'belay')
			: process.platform === 'win32'
				? join(process.env['APPDATA'] || join(home, 'AppData', 'Roaming'), 'belay', 'Config')
				: join(process.env['XDG_CONFIG_HOME'] || join(home, '.config'), 'belay');
	return join(dir, 'config.json');
}

/** What the settings file holds: nothing yet when there is no file; undefined when it cannot be read or is not a JSON object. */
export function readSettings(): Record<string, unknown> | undefined {
	let text: string;
	try {
		text = readFileSync(settingsPath(), 'utf8');
	} catch (error) {
		return (error as NodeJS.ErrnoException).code === 'ENOENT' ? {} : undefined;
	}
	try {
		const parsed: unknown = JSON.parse(text);
		return parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : undefined;
	} catch {
		return undefined;
	}
}

/** A setting that is a name or a place, read straight from the file. An unreadable file gives nothing. */
export function setting(name: 'state' | 'operator' | 'pair'): string | undefined {
	const value = readSettings()?.[name];
	return typeof value === 'string' && value !== '' ? value : undefined;
}

/**
 * Remembers the operator's and the pair's names for the next run, keeping whatever else the file
 * holds: written to a file beside it, made durable, then renamed over it, so the file is never seen
 * half written. A file that cannot be read (hand-edited into invalid JSON, say) is left as it is.
 */
export async function rememberNames(names: {readonly operator?: string | null; readonly pair?: string | null}): Promise<void> {
	const current = readSettings();
	if (!current) return;
	const next = {...current, ...(names.operator ? {operator: names.operator} : {}), ...(names.pair ? {pair: names.pair} : {})};
	if (next['operator'] === current['operator'] && next['pair'] === current['pair']) return;
	let path = settingsPath();
	try {
		path = realpathSync(path);
	} catch {
		await mkdir(dirname(path), {recursive: true});
	}
	const temporary = `${path}.${process.pid}.${Date.now()}.tmp`;
	try {
		const file = await open(temporary, 'wx', 0o666);
		try {
			await file.writeFile(JSON.stringify(next, undefined, '\t'));
			await file.sync();
		} finally {
			await file.close();
		}
		await rename(temporary, path);
	} catch (error) {
		await rm(temporary, {force: true});
		throw error;
	}
}
