import {useInput} from 'ink';

/**
 * `q` calls onQuit, in the prompts that take no typed text (in a text field `q` is a letter). Quitting
 * keeps the checkpoint; what it does is the parent's business.
 */
export function useQuitKey(onQuit: () => void, isActive = true): void {
	useInput(
		input => {
			if (input === 'q' || input === 'Q') onQuit();
		},
		{isActive},
	);
}
