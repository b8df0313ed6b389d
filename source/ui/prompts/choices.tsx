import {useCallback, useMemo, useRef} from 'react';
import {Select, ThemeProvider} from '@inkjs/ui';
import {fit} from '../format.js';
import {inkUiTheme} from './ink-ui-theme.js';

/** One choice of a list: what the operator reads, and what choosing it gives. */
export type Choice<T> = {readonly label: string; readonly value: T};

type Props<T> = {
	/** Keep it the same array between renders (a constant or useMemo): a new one resets the list. */
	readonly choices: readonly Choice<T>[];
	readonly onChoose: (value: T) => void;
	/** How many choices are shown at once before the list scrolls. */
	readonly visible?: number;
	/** The columns the list may take: longer labels are cut with … instead of wrapping. */
	readonly width?: number;
};

/**
 * A list chosen from with ↑/↓ and Enter (@inkjs/ui Select). The Select only takes string values and
 * calls onChange from an effect that runs again whenever onChange or the options change, so the
 * values are indexes and the callback given to it never changes: one Enter, one onChoose.
 */
export function Choices<T>({choices, onChoose, visible = 10, width}: Props<T>) {
	// The Select draws "❯ " before the focused label and two spaces before the others.
	const options = useMemo(() => choices.map((choice, index) => ({label: width ? fit(choice.label, width - 2) : choice.label, value: String(index)})), [choices, width]);
	const latest = useRef({choices, onChoose});
	latest.current = {choices, onChoose};
	const choose = useCallback((value: string) => {
		const choice = latest.current.choices[Number(value)];
		if (choice) latest.current.onChoose(choice.value);
	}, []);
	return (
		<ThemeProvider theme={inkUiTheme}>
			<Select options={options} onChange={choose} visibleOptionCount={Math.min(visible, options.length)} />
		</ThemeProvider>
	);
}
