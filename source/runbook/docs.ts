import type {LoadedRunbook} from './types.js';

/** The runbook as a Markdown document. */
export function renderDocs(loaded: LoadedRunbook): string {
	return `# ${loaded.runbook.title}\n`;
}
