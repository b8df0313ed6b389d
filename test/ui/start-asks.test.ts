import {describe, expect, it} from 'vitest';
import type {StartGiven} from '../../source/engine/plan-start.js';
import {asksNothing, startAsks} from '../../source/ui/start-asks.js';
import {restoreTable, tidyLogs} from './screens/fixtures.js';
import {runbook} from './screens/helpers.js';

const restore = runbook(restoreTable).runbook;
const fresh: StartGiven = {inputs: {}, operator: null, pair: null, dryRun: false};

describe('what the start flow asks', () => {
	it('everything the command line did not give', () => {
		expect(startAsks(restore, fresh)).toEqual({environment: true, operator: true, pair: true, inputs: ['ticket', 'apiKey']});
		expect(asksNothing(startAsks(restore, fresh))).toBe(false);
		expect(startAsks(restore, {...fresh, environment: 'staging', pair: 'bob', inputs: {apiKey: 'key-x'}})).toEqual({environment: false, operator: true, pair: false, inputs: ['ticket']});
	});

	it('nothing when everything is given: straight to "Start now?"', () => {
		const given: StartGiven = {environment: 'staging', operator: 'alice', pair: 'bob', inputs: {ticket: 'CHG1', apiKey: 'key-x'}, dryRun: false};
		expect(asksNothing(startAsks(restore, given))).toBe(true);
	});

	it('no pair for a runbook without pairing, no environment for one without environments', () => {
		const tidy = runbook(tidyLogs).runbook;
		expect(tidy.pairing).toBe('none');
		expect(Object.keys(tidy.environments)).toEqual([]);
		expect(startAsks(tidy, {...fresh, operator: 'alice'})).toMatchObject({environment: false, operator: false, pair: false});
	});
});
