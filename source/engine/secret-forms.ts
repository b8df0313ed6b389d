/**
 * Every form in which belay itself may write a secret value: as it is, trimmed, quoted for a shell
 * (the command shown and journaled), escaped for JSON and YAML (edit diffs, requests), and, for a
 * value spread over lines (a PEM key), each of its lines, since output is masked line by line.
 */
export function secretForms(value: string): string[] {
	if (value.length === 0) return [];
	const forms = new Set<string>([value, value.trim()]);
	// Shell: inside single quotes a ' becomes '\'' ; inside double quotes " $ ` \ gain a backslash.
	forms.add(value.replace(/'/g, `'\\''`));
	forms.add(value.replace(/(["\\$`])/g, '\\$1'));
	// JSON (and YAML double-quoted scalars, which escape the same way), and YAML single-quoted ('').
	forms.add(JSON.stringify(value).slice(1, -1));
	forms.add(value.replace(/'/g, "''"));
	if (/[\r\n]/.test(value)) {
		for (const line of value.split(/\r?\n|\r/)) {
			const trimmed = line.trim();
			// A short line (a brace, an empty line) says nothing of the secret and would mask everywhere.
			if (trimmed.length >= minimumLine) forms.add(trimmed);
		}
	}
	forms.delete('');
	return [...forms];
}

/** The shortest line of a multi-line secret that is masked on its own. */
const minimumLine = 4;
