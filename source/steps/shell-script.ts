import type {Embedded} from '../expressions/template.js';
import {safePlace, shellParts} from './shell-context.js';

export {displayCommand, shellQuote} from './shell-display.js';

/**
 * Turns a runbook's shell text into a script where every `${{ }}` is a positional parameter, so
 * each value reaches the command as one literal argument (or, in a here-document, as exact text)
 * and is never parsed by the shell. The form follows where the value stands (see `shellParts`): a
 * word `"${1}"`, inside double quotes or a here-document `${1}`, inside single quotes `'"${1}"'`.
 * Throws when a value stands where bash would read its text (`belay validate` reports those).
 */
export function buildShellScript(text: string): {script: string; expressions: Embedded[]} {
	let script = '';
	const expressions: Embedded[] = [];
	for (const part of shellParts(text)) {
		if (part.kind === 'text') {
			script += part.text;
			continue;
		}
		const place = safePlace(part.place, part.source);
		expressions.push({source: part.source, offset: part.offset});
		const parameter = `\${${expressions.length}}`;
		script += place.kind === 'word' ? `"${parameter}"` : place.kind === 'single' ? `'"${parameter}"'` : parameter;
	}
	return {script, expressions};
}
