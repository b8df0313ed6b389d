import {mkdtemp, readFile, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {describe, expect, it} from 'vitest';
import {SummaryCache, textHash} from '../../source/runbook/summary-cache.js';

const summary = {ok: true as const, name: 'tidy-up', title: 'Tidy up', environments: ['staging']};

describe('the runbook list cache', () => {
	it('gives back a summary for the same path and text, after a save, in the same build only', async () => {
		const file = join(await mkdtemp(join(tmpdir(), 'belay-summary-cache-')), 'nested', 'runbook-list.json');
		const hash = textHash('version: 1\n');
		const first = await SummaryCache.open(file, 'build-a');
		first.set('/books/tidy.yaml', hash, summary);
		await first.save();

		const again = await SummaryCache.open(file, 'build-a');
		expect(again.get('/books/tidy.yaml', hash)).toEqual(summary);
		expect(again.get('/books/tidy.yaml', textHash('version: 1\n# changed\n'))).toBeUndefined();
		expect(again.get('/books/other.yaml', hash)).toBeUndefined();
		// Another build's checks may differ: what an earlier one found does not count.
		expect((await SummaryCache.open(file, 'build-b')).get('/books/tidy.yaml', hash)).toBeUndefined();
	});

	it('treats a damaged file as empty and does not fail when it cannot write', async () => {
		const dir = await mkdtemp(join(tmpdir(), 'belay-summary-cache-'));
		const file = join(dir, 'runbook-list.json');
		await writeFile(file, '{"build": "build-a", "entries": {"/books/tidy.yaml": {"sha256": 5}}}');
		expect((await SummaryCache.open(file, 'build-a')).get('/books/tidy.yaml', textHash(''))).toBeUndefined();

		// A file where the cache's folder would be: nothing is written, nothing thrown.
		const blocked = await SummaryCache.open(join(file, 'runbook-list.json'), 'build-a');
		blocked.set('/books/tidy.yaml', textHash(''), summary);
		await expect(blocked.save()).resolves.toBeUndefined();
		expect(await readFile(file, 'utf8')).toContain('"sha256": 5');
	});
});
