import {mkdtempSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {sharedState} from '../../source/commands/open-store.js';
import {parseStateUrl} from '../../source/store/state-url.js';

describe('the --state URL', () => {
	it('takes a table, a region and an endpoint', () => {
		expect(parseStateUrl('dynamodb://belay-runs')).toEqual({table: 'belay-runs'});
		expect(parseStateUrl('dynamodb://belay-runs?region=eu-west-2&endpoint=http://127.0.0.1:8000')).toEqual({table: 'belay-runs', region: 'eu-west-2', endpoint: 'http://127.0.0.1:8000'});
	});

	it('says what is wrong and how to write it', () => {
		expect(parseStateUrl('s3://bucket')).toMatch(/not a state URL: write it as dynamodb:\/\/TABLE/);
		expect(parseStateUrl('dynamodb://a')).toMatch(/'a' is not a DynamoDB table name/);
		expect(parseStateUrl('dynamodb://runs?regoin=x')).toMatch(/unknown option 'regoin'/);
		expect(parseStateUrl('dynamodb://runs?endpoint=localhost')).toMatch(/not an http\(s\) URL/);
	});
});

describe('where runs are kept', () => {
	const saved = {state: process.env['BELAY_STATE'], config: process.env['BELAY_CONFIG_DIR']};
	afterEach(() => {
		for (const [name, value] of [['BELAY_STATE', saved.state], ['BELAY_CONFIG_DIR', saved.config]] as const) {
			if (value === undefined) delete process.env[name];
			else process.env[name] = value;
		}
	});

	it('--state, else BELAY_STATE, else the state setting, else the local journal', () => {
		const config = mkdtempSync(join(tmpdir(), 'belay-conf-'));
		process.env['BELAY_CONFIG_DIR'] = config;
		delete process.env['BELAY_STATE'];
		expect(sharedState({})).toBeUndefined();
		writeFileSync(join(config, 'config.json'), JSON.stringify({operator: 'alice', state: 'dynamodb://from-settings'}));
		expect(sharedState({})).toEqual({table: 'from-settings'});
		process.env['BELAY_STATE'] = 'dynamodb://from-env';
		expect(sharedState({})).toEqual({table: 'from-env'});
		expect(sharedState({state: 'dynamodb://from-flag'})).toEqual({table: 'from-flag'});
		expect(sharedState({state: 'local'})).toBeUndefined();
		expect(() => sharedState({state: 'dynamodb://x'})).toThrow(/not a DynamoDB table name/);
	});
});
