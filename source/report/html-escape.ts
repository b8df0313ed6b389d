const entities: Record<string, string> = {'&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;'};

/** Text made safe for HTML (and inline SVG) element content and quoted attribute values. */
export function escapeHtml(text: unknown): string {
	return String(text).replace(/[&<>"']/g, char => entities[char]!);
}

/** A tagged template that escapes every interpolated value except those already rendered (`Html`). */
export class Html {
	constructor(readonly text: string) {}
	toString(): string {
		return this.text;
	}
}

export function html(strings: TemplateStringsArray, ...values: unknown[]): Html {
	let out = strings[0]!;
	values.forEach((value, index) => {
		out += render(value) + strings[index + 1]!;
	});
	return new Html(out);
}

function render(value: unknown): string {
	if (value instanceof Html) return value.text;
	if (Array.isArray(value)) return value.map(render).join('');
	if (value === undefined || value === null || value === false) return '';
	return escapeHtml(value);
}
