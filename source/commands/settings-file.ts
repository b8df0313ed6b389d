import {readFileSync} from 'node:fs';
import {homedir} from 'node:os';
import {join} from 'node:path';

/** The settings file conf keeps: BELAY_CONFIG_DIR/config.json, else $XDG_CONFIG_HOME/belay, else ~/.config/belay. */
export function settingsPath(): string {
	const dir = process.env['BELAY_CONFIG_DIR'] ?? join(process.env['XDG_CONFIG_HOME'] ?? join(homedir(), '.config'), 'belay');
	return join(dir, 'config.json');
}

/**
 * One setting, read straight from the file (loading conf costs 0.1 s; a command that only needs
 * `state` or `operator` does not pay it). An unreadable file gives nothing.
 */
export function setting(name: 'state' | 'operator'): string | undefined {
	try {
		const value = (JSON.parse(readFileSync(settingsPath(), 'utf8')) as Record<string, unknown>)[name];
		return typeof value === 'string' && value !== '' ? value : undefined;
	} catch {
		return undefined;
	}
}
