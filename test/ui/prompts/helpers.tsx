import {setImmediate as immediate, setTimeout as delay} from 'node:timers/promises';
import {stripVTControlCharacters} from 'node:util';
import type {ReactElement} from 'react';
import {Box} from 'ink';
import {render} from 'ink-testing-library';
import {vi} from 'vitest';
import type {OpenQuestion, QuestionBody} from '../../../source/engine/questions.js';
import type {Room} from '../../../source/ui/layout.js';
import {QuestionPrompt} from '../../../source/ui/prompts/question-prompt.js';

export const keys = {enter: '\r', space: ' ', down: '\u001B[B', up: '\u001B[A', backspace: '\u007F'} as const;

/**
 * Lets Ink handle the input and render. React runs effects (where @inkjs/ui calls onChange) from
 * setImmediate; on a loaded machine an expired timer can run before them, so after the wait a few
 * turns of setImmediate let every pending effect, and what it renders, finish.
 */
export async function tick(ms = 20): Promise<void> {
	await delay(ms);
	for (let turn = 0; turn < 10; turn++) await immediate();
}

/** The text on screen as one line: what a test reads, whatever the width wraps. */
export const oneLine = (frame: string) => frame.replace(/\s+/g, ' ');

/** An open question of the given body, with the fields every question has. */
export function question<B extends QuestionBody>(body: B, extra: Partial<OpenQuestion> = {}): B & OpenQuestion {
	return {id: `restore:${body.type}:7`, key: 'restore', title: 'Restore the table', request: {}, ...extra, ...body} as B & OpenQuestion;
}

/** Renders an element and gives the text on screen (no colours) and a way to type, key by key. */
export function mount(element: ReactElement) {
	const instance = render(element);
	return {
		...instance,
		frame: () => stripVTControlCharacters(instance.lastFrame() ?? ''),
		async type(...inputs: string[]) {
			for (const input of inputs) {
				instance.stdin.write(input);
				await tick();
			}
		},
	};
}

/** Mounts the dispatcher for a question, with spies for the answer and for quitting. */
export async function ask(asked: OpenQuestion, operator: string | null = 'alice', room?: Room) {
	const onAnswer = vi.fn();
	const onQuit = vi.fn();
	// Given a room, the prompt is drawn that wide, as the run screen draws it.
	const prompt = <QuestionPrompt question={asked} operator={operator} onAnswer={onAnswer} onQuit={onQuit} {...(room ? {room} : {})} />;
	const view = mount(room ? <Box width={room.width}>{prompt}</Box> : prompt);
	await tick();
	return {...view, onAnswer, onQuit};
}
