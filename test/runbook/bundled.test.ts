import {existsSync, readdirSync, readFileSync} from 'node:fs';
import {fileURLToPath} from 'node:url';
import {describe, expect, it} from 'vitest';
import {formatProblem} from '../../source/runbook/format-problem.js';
import {loadRunbookFile} from '../../source/runbook/load.js';

/** The runbooks shipped with belay (runbooks/*.yaml). */
const dir = fileURLToPath(new URL('../../runbooks/', import.meta.url));
const entries = existsSync(dir) ? readdirSync(dir).sort() : [];
const files = entries.filter(name => /\.ya?ml$/.test(name));
const schemaLine = '# yaml-language-server: $schema=../schema/runbook.schema.json';

describe('bundled runbooks', () => {
	it('exist when the runbooks directory has files', () => {
		const nonHidden = entries.filter(name => !name.startsWith('.'));
		if (nonHidden.length > 0) expect(files.length).toBeGreaterThan(0);
	});

	it.each(files)('%s starts with the yaml-language-server schema line', file => {
		const firstLine = readFileSync(`${dir}${file}`, 'utf8').split(/\r?\n/)[0];
		expect(firstLine).toBe(schemaLine);
	});

	it.each(files)('%s loads without problems', async file => {
		const result = await loadRunbookFile(`${dir}${file}`);
		const problems = result.ok ? [] : result.problems.map(formatProblem);
		expect(problems).toEqual([]);
	});

	it('have unique names', async () => {
		const names: string[] = [];
		for (const file of files) {
			const result = await loadRunbookFile(`${dir}${file}`);
			if (result.ok) names.push(result.loaded.runbook.name); // an invalid one is reported above
		}
		expect(names.filter((name, index) => names.indexOf(name) !== index)).toEqual([]);
	});
});
