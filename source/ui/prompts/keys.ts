import type {OpenQuestion} from '../../engine/questions.js';

/**
 * Whether the prompt for this question has a text field, which takes every printable key (`q`, space,
 * digits...). While it is shown the parent must not act on single-letter keys of its own; the other
 * prompts call `onQuit` on `q` themselves, so the parent should not bind `q` while any prompt is shown.
 */
export function typesText(question: OpenQuestion): boolean {
	return question.type === 'confirmText' || question.type === 'input' || question.type === 'approve';
}
