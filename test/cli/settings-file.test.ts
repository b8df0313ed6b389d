import {existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {readSettings, rememberNames, setting, settingsPath} from '../../source/commands/settings-file.js';

describe('the settings file', () => {
	const saved = process.env['BELAY_CONFIG_DIR'];
	let dir = '';
	beforeEach(() => {
		dir = join(mkdtempSync(join(tmpdir(), 'belay-settings-')), 'config');
		process.env['BELAY_CONFIG_DIR'] = dir;
	});
	afterEach(() => {
		if (saved === undefined) delete process.env['BELAY_CONFIG_DIR'];
		else process.env['BELAY_CONFIG_DIR'] = saved;
	});
	const file = (): string => join(dir, 'config.json');

	it('is BELAY_CONFIG_DIR/config.json; none yet holds nothing, and reading it creates nothing', () => {
		expect(settingsPath()).toBe(file());
		expect(readSettings()).toEqual({});
		expect(setting('operator')).toBeUndefined();
		expect(existsSync(dir)).toBe(false);
	});

	it('remembers the names (the folder made when needed), written as conf wrote them, nothing left beside the file', async () => {
		await rememberNames({operator: 'alice', pair: 'bob'});
		expect(readFileSync(file(), 'utf8')).toBe('{\n\t"operator": "alice",\n\t"pair": "bob"\n}');
		expect(setting('operator')).toBe('alice');
		expect(readdirSync(dir)).toEqual(['config.json']);
	});

	it('keeps the other settings, and a pair of none keeps the pair remembered before', async () => {
		mkdirSync(dir);
		writeFileSync(file(), JSON.stringify({state: 'dynamodb://runs', operator: 'carol', pair: 'dave'}));
		await rememberNames({operator: 'alice', pair: null});
		expect(JSON.parse(readFileSync(file(), 'utf8'))).toEqual({state: 'dynamodb://runs', operator: 'alice', pair: 'dave'});
		expect(setting('state')).toBe('dynamodb://runs');
	});

	it('leaves a file it cannot read as it is, and reads no names from it', async () => {
		mkdirSync(dir);
		writeFileSync(file(), '{"operator": "carol",');
		expect(readSettings()).toBeUndefined();
		expect(setting('operator')).toBeUndefined();
		await rememberNames({operator: 'alice', pair: 'bob'});
		expect(readFileSync(file(), 'utf8')).toBe('{"operator": "carol",');
		writeFileSync(file(), '["alice"]');
		await rememberNames({operator: 'alice', pair: 'bob'});
		expect(readFileSync(file(), 'utf8')).toBe('["alice"]');
	});
});
