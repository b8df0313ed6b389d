/**
 * Colours of the interface, or none at all when NO_COLOR is set (https://no-color.org): every
 * component takes its colours from here, never a literal.
 */
const plain = process.env['NO_COLOR'] !== undefined && process.env['NO_COLOR'] !== '';

type Colour = string | undefined;
const colour = (name: string): Colour => (plain ? undefined : name);

export const theme = {
	plain,
	danger: colour('red'),
	safe: colour('green'),
	rehearsal: colour('yellow'),
	accent: colour('cyan'),
	muted: colour('gray'),
	warning: colour('yellow'),
	success: colour('green'),
} as const;
