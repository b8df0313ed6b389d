import {chmodSync, mkdirSync, rmSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {afterAll, expect, test} from 'vitest';
import {orSaid} from '../../source/sandbox/rehearsals.js';
import {repomanPathLine, repomanStandInDir} from '../../source/sandbox/repoman-stand-in.js';
import {root, scratch} from '../aws/cli.js';

/** What the sandbox says about the SimpleDB stand-in's PATH, and about a world it could not seed. */

const dir = scratch('rehearsal-notes');
afterAll(() => rmSync(dir, {recursive: true, force: true}));

test('no repoman-cli on the PATH: the line that puts belay\'s stand-in first; one there: no line', () => {
	expect(repomanPathLine('/usr/bin:/bin')).toBe(`export PATH="${repomanStandInDir()}:$PATH"`);
	expect(repomanStandInDir()).toBe(join(root, 'source', 'sandbox', 'repoman'));

	const own = join(dir, 'bin');
	mkdirSync(own, {recursive: true});
	writeFileSync(join(own, 'repoman-cli'), '#!/bin/sh\n');
	chmodSync(join(own, 'repoman-cli'), 0o755);
	expect(repomanPathLine(`/usr/bin:${own}`)).toBeUndefined();
});

test('a world that could not be seeded is one line naming its runbooks and why; a seeded one, its notes', async () => {
	expect(await orSaid('simpledb-backup, simpledb-restore', Promise.reject(new Error('repoman-cli setup: nothing answers\nmore')))).toEqual([
		'simpledb-backup, simpledb-restore: not seeded, so not ready to rehearse (repoman-cli setup: nothing answers)',
	]);
	expect(await orSaid('rds-snapshot', Promise.resolve(['a', 'b']))).toEqual(['a', 'b']);
});
