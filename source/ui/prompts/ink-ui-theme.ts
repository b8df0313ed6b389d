import {defaultTheme, extendTheme, type Theme} from '@inkjs/ui';
import {theme} from '../theme.js';

/**
 * The theme of the @inkjs/ui components the prompts use, coloured from `theme.*`. Their own theme
 * hard-codes blue and green, and chalk ignores NO_COLOR, so without this a list would stay coloured
 * under NO_COLOR.
 */
export const inkUiTheme: Theme = extendTheme(defaultTheme, {
	components: {
		ProgressBar: {styles: {completed: () => ({color: theme.accent})}},
		Select: {
			styles: {
				selectedIndicator: () => ({color: theme.success}),
				focusIndicator: () => ({color: theme.accent}),
				label: ({isFocused, isSelected}: {isFocused: boolean; isSelected: boolean}) => ({
					color: isFocused ? theme.accent : isSelected ? theme.success : undefined,
					bold: isFocused && theme.plain,
				}),
			},
		},
	},
});
