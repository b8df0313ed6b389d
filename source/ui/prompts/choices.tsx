import {useCallback, useMemo, useRef} from 'react';
import {Select, ThemeProvider} from '@inkjs/ui';
import {fitMiddle, rowsOf} from '../format.js';
import {inkUiTheme} from './ink-ui-theme.js';

/** One choice of a list: what the operator reads, and what choosing it gives. */
export type Choice<T> = {readonly label: string; readonly value: T};

type Props<T> = {
	/** Keep it the same array between renders (a constant or useMemo): a new one resets the list. */
	readonly choices: readonly Choice<T>[];
	readonly onChoose: (value: T) => void;
	/** How many choices are shown at once before the list scrolls; with a width, the rows the list may take. */
	readonly visible?: number;
	/** The columns the list may take: labels wrap where the rows hold two of them, else are cut in the middle. */
	readonly width?: number;
};

/**
 * How a list of labels fits `rows` rows of `width` columns (the Select draws "❯ " or two spaces
 * before each): wrapped where at least two (or all) fit so, else one row each, cut in the middle so
 * that both ends show (two recovery points differ in their dates, at the end).
 */
export function choicesFit(labels: readonly string[], width: number, rows: number): {visible: number; cut: boolean} {
	const count = Math.min(labels.length, 10);
	const tallest = Math.max(1, ...labels.map(label => rowsOf(label, width - 2)));
	const wrapped = Math.floor(rows / tallest);
	if (wrapped >= Math.min(count, 2)) return {visible: Math.max(1, Math.min(count, wrapped)), cut: false};
	return {visible: Math.max(1, Math.min(count, rows)), cut: true};
}

/**
 * A list chosen from with ↑/↓ and Enter (@inkjs/ui Select). The Select only takes string values and
 * calls onChange from an effect that runs again whenever onChange or the options change, so the
 * values are indexes and the callback given to it never changes: one Enter, one onChoose.
 */
export function Choices<T>({choices, onChoose, visible = 10, width}: Props<T>) {
	const fitted = width ? choicesFit(choices.map(choice => choice.label), width, visible) : {visible, cut: false};
	const options = useMemo(
		() => choices.map((choice, index) => ({label: width && fitted.cut ? fitMiddle(choice.label, width - 4) : choice.label, value: String(index)})),
		[choices, width, fitted.cut],
	);
	const latest = useRef({choices, onChoose});
	latest.current = {choices, onChoose};
	const choose = useCallback((value: string) => {
		const choice = latest.current.choices[Number(value)];
		if (choice) latest.current.onChoose(choice.value);
	}, []);
	return (
		<ThemeProvider theme={inkUiTheme}>
			<Select options={options} onChange={choose} visibleOptionCount={Math.min(fitted.visible, options.length)} />
		</ThemeProvider>
	);
}
