/**
 * A terminal delivers pasted text (or fast typing) with its Enter in one piece: "alice\r". Ink's
 * text input then takes the Enter as text. The text before the first Enter, or undefined when the
 * change holds none.
 */
export function beforeEnter(typed: string): string | undefined {
	const end = typed.search(/[\r\n]/);
	return end >= 0 ? typed.slice(0, end) : undefined;
}
