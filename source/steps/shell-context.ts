import {parseTemplate, type TemplatePart} from '../expressions/template.js';
import {lexShell, type Hole, type Place} from './shell-lexer.js';
import {unsafeMessage} from './shell-unsafe.js';

export type {Place} from './shell-lexer.js';

/** A piece of a shell step's text: text as written, or a `${{ }}` and where it stands. */
export type ShellPart =
	| {readonly kind: 'text'; readonly text: string}
	| {
			readonly kind: 'value';
			readonly source: string;
			/** Where the expression's source starts in the text. */
			readonly offset: number;
			/** Where its `${{` starts in the text. */
			readonly start: number;
			readonly place: Place;
	  };

/**
 * A shell step's text split into text and values, each value with its place as bash reads the
 * script (see `lexShell`). A value assigned to a variable is unsafe when the script declares
 * variables whose assignments bash evaluates (`declare -i`, `declare -n`). Throws
 * ExpressionSyntaxError when a `${{ }}` does not parse.
 */
export function shellParts(text: string): ShellPart[] {
	const template = parseTemplate(text);
	if (template.kind === 'literal') return [{kind: 'text', text}];
	const parts: readonly TemplatePart[] = template.kind === 'expression' ? [{kind: 'expression', source: template.source, offset: template.offset}] : template.parts;
	const holes: Hole[] = [];
	let cursor = 0;
	for (const part of parts) {
		if (part.kind === 'text') {
			cursor += part.text.length;
			continue;
		}
		// The `}}` after the source, past the blanks parseTemplate trimmed.
		const end = text.indexOf('}}', part.offset + part.source.length) + 2;
		holes.push({start: cursor, end});
		cursor = end;
	}
	const {places, evaluatesAssignments} = lexShell(text, holes);
	let index = 0;
	return parts.map(part => {
		if (part.kind === 'text') return part;
		const hole = holes[index]!;
		let place = places[index++]!;
		if (evaluatesAssignments && place.kind !== 'unsafe' && place.assignment) {
			place = {kind: 'unsafe', why: {kind: 'integer', where: 'assigned to a variable'}};
		}
		return {kind: 'value', source: part.source, offset: part.offset, start: hole.start, place};
	});
}

/** A place a value can be passed; throws, with the reason, for one where it cannot. */
export function safePlace(place: Place, source: string): Exclude<Place, {kind: 'unsafe'}> {
	if (place.kind === 'unsafe') throw new Error(unsafeMessage(place.why, source));
	return place;
}
