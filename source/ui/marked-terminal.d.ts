// marked-terminal ships no types: the one function belay uses.
declare module 'marked-terminal' {
	export function markedTerminal(options?: Record<string, unknown>, highlightOptions?: Record<string, unknown>): unknown;
}
