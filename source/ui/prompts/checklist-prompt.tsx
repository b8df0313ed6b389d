import {useEffect, useReducer, useRef, type ReactNode} from 'react';
import {Box, Text, useInput} from 'ink';
import {assertNever} from '../../assert-never.js';
import type {QuestionOf} from '../../engine/questions.js';
import {keepLines, rowsOf, wrapWords} from '../format.js';
import {windowAround, type Room} from '../layout.js';
import {theme} from '../theme.js';
import {useQuitKey} from './use-quit-key.js';

type Props = {
	readonly question: QuestionOf<'checklist'>;
	readonly operator: string | null;
	readonly onAnswer: (value: unknown, by: string | null) => void;
	readonly onQuit: () => void;
	/** Renders the step's Markdown text; printed as it is without it. */
	readonly renderText?: (text: string) => ReactNode;
	/** The rows and columns the prompt may take: its text is cut and its items scroll to fit them. */
	readonly room?: Room;
};

/**
 * A manual step: its text, then its items, ticked one by one (↑/↓ move, space ticks). Enter answers
 * the list once every item is ticked, else says which are missing.
 */
export function ChecklistPrompt({question, operator, onAnswer, onQuit, renderText, room}: Props) {
	const {items, text} = question;
	// A reducer, not state read in the key handler: Ink hands a key to the handler of the last
	// effect, which can predate the render of the previous key (fast keys, a paste).
	const [{focus, ticked, missing, done}, dispatch] = useReducer(reduce(items.length), initial);
	const answer = useRef(() => {});
	answer.current = () => onAnswer([...items], operator);
	useEffect(() => {
		if (done) answer.current();
	}, [done]);
	useQuitKey(onQuit);
	useInput((input, key) => {
		if (key.upArrow) dispatch({type: 'move', by: -1});
		else if (key.downArrow) dispatch({type: 'move', by: 1});
		else if (input === ' ') dispatch({type: 'toggle'});
		else if (key.return) dispatch({type: 'submit'});
	});
	const left = missing ? items.filter((_item, index) => !ticked.has(index)) : [];
	const fitted = room ? fitChecklist(text, items, focus, left.length > 0, room) : undefined;
	const hint = items.length > 0 ? '↑/↓ move, space ticks, Enter when every item is done; q quits' : 'Enter when done; q quits';
	return (
		<Box flexDirection="column">
			{fitted?.text.length ? (
				<Box marginBottom={1} flexDirection="column">
					{fitted.text.map((line, index) => (
						<Text key={index}>{line || ' '}</Text>
					))}
				</Box>
			) : text && !fitted ? (
				<Box marginBottom={1}>{renderText ? renderText(text) : <Text>{text.trimEnd()}</Text>}</Box>
			) : null}
			{items.map((item, index) =>
				fitted && (index < fitted.start || index >= fitted.end) ? null : <Item key={index} label={item} focused={index === focus} ticked={ticked.has(index)} />,
			)}
			{left.length > 0 ? (
				<Text color={theme.danger} wrap={fitted ? 'truncate-end' : 'wrap'}>
					tick every item first: {left.join('; ')}
				</Text>
			) : null}
			<Text color={theme.muted} wrap={fitted ? 'truncate-end' : 'wrap'}>
				{fitted && fitted.end - fitted.start < items.length ? `item ${focus + 1} of ${items.length} · ${hint}` : hint}
			</Text>
		</Box>
	);
}

/**
 * What of a checklist fits its room: the text's lines (cut, with …, to leave three items in sight,
 * its first line kept)
 * and the items around the focused one. The marks take 4 columns; a long item wraps beside them.
 */
function fitChecklist(text: string | undefined, items: readonly string[], focus: number, missing: boolean, {rows, width}: Room): {text: string[]; start: number; end: number} {
	const free = Math.max(1, rows - 1 - (missing ? 1 : 0));
	// "❯ " and "[ ] " take 6 columns; an item wraps beside them as Ink wraps it.
	const heights = items.map(item => Math.max(1, rowsOf(item, width - 6)));
	const wrapped = (text ?? '').trimEnd() ? paragraphs((text ?? '').trimEnd()).flatMap(line => indentedLines(line, width)) : [];
	const itemsWanted = heights.slice(0, 3).reduce((sum, height) => sum + height, 0);
	// The text's first line at least (where an item and the blank line after the text fit beside it).
	const textRows = Math.min(wrapped.length, Math.max(free >= 3 ? 1 : 0, free - itemsWanted - 1));
	const shown = keepLines(wrapped, textRows, width);
	const {start, end} = windowAround(heights, focus, Math.max(1, free - (shown.length ? shown.length + 1 : 0)));
	return {text: shown, start, end};
}

/**
 * A manual step's text as Markdown reads it: the lines of a paragraph joined (a YAML block breaks
 * them at some 100 columns, and wrapping each at 78 left "given way to" alone on a row), indented
 * lines, list items, headings and blank lines kept as they are.
 */
export function paragraphs(text: string): string[] {
	const lines: string[] = [];
	const plain = (line: string): boolean => line.trim() !== '' && !/^\s/.test(line) && !/^([-*+>|]\s|\d+[.)]\s|#|```)/.test(line);
	for (const line of text.split('\n')) {
		const last = lines.at(-1);
		if (last !== undefined && plain(line) && last.trim() !== '' && !/^\s/.test(last) && !/^(#|```|\|)/.test(last)) lines[lines.length - 1] = `${last} ${line.trim()}`;
		else lines.push(line);
	}
	return lines;
}

/** One line of a manual step's text wrapped at the width, its indentation kept on each part ("    kubectl get pods"). */
function indentedLines(line: string, width: number): string[] {
	if (!line.trim()) return [''];
	const indent = /^\s*/.exec(line)![0].replaceAll('\t', '  ');
	const room = width - indent.length;
	return room < 10 ? wrapWords(line, width) : wrapWords(line.trim(), room).map(part => `${indent}${part}`);
}

type State = {readonly focus: number; readonly ticked: ReadonlySet<number>; readonly missing: boolean; readonly done: boolean};
type Action = {readonly type: 'move'; readonly by: 1 | -1} | {readonly type: 'toggle'} | {readonly type: 'submit'};

const initial: State = {focus: 0, ticked: new Set(), missing: false, done: false};

function reduce(count: number) {
	return (state: State, action: Action): State => {
		if (state.done) return state;
		switch (action.type) {
			case 'move':
				return {...state, focus: Math.max(0, Math.min(count - 1, state.focus + action.by))};
			case 'toggle': {
				if (count === 0) return state;
				const ticked = new Set(state.ticked);
				if (!ticked.delete(state.focus)) ticked.add(state.focus);
				return {...state, ticked, missing: false};
			}
			case 'submit':
				return state.ticked.size === count ? {...state, done: true} : {...state, missing: true};
			default:
				return assertNever(action);
		}
	};
}

function Item({label, focused, ticked}: {readonly label: string; readonly focused: boolean; readonly ticked: boolean}) {
	return (
		<Box>
			{/* The marks keep their width when a long label wraps (they were squeezed: "❯[ ]  Policy…"). */}
			<Box flexShrink={0}>
				<Text color={theme.accent}>{focused ? '❯ ' : '  '}</Text>
				<Text color={ticked ? theme.success : undefined}>{ticked ? '[✔] ' : '[ ] '}</Text>
			</Box>
			<Box flexShrink={1}>
				<Text color={focused ? theme.accent : undefined} bold={focused && theme.plain}>
					{label}
				</Text>
			</Box>
		</Box>
	);
}
