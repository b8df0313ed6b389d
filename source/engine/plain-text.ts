import {mapJson} from './map-json.js';

/**
 * Terminal control sequences: CSI (colours, cursor moves: ESC [ … final byte), OSC (titles,
 * hyperlinks: ESC ] … BEL or ESC \), and the two-byte escapes. The screen shows them as the command
 * meant; the journal, the log and reports keep the text only (terraform colours its plan).
 */
const sequences = /\u001b\[[0-?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)|\u001b[@-Z\\-_]/g;

/** The text without terminal control sequences. */
export function plainText(text: string): string {
	return text.includes('\u001b') ? text.replace(sequences, '') : text;
}

/** Every string inside a JSON value without terminal control sequences (a new value only where one changed). */
export function plainValue<T>(value: T): T {
	return mapJson(value, item => (typeof item === 'string' ? plainText(item) : item)) as T;
}
