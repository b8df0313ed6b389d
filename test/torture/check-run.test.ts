import {describe, expect, it} from 'vitest';
import {journalViolations} from './check-run.js';

const started = (key: string): Record<string, unknown> => ({type: 'step-started', key});
const succeeded = (key: string): Record<string, unknown> => ({type: 'step-succeeded', key});
const answered = (key: string, answer: string): Record<string, unknown> => ({type: 'operator-answered', key, question: 'resume', answer});

describe("the torture driver's reading of a journal", () => {
	it('accepts an interrupted mutating step run again after a retry, and a read-only one run again undecided', () => {
		const events = [started('mark-start'), answered('mark-start', 'retry'), started('mark-start'), succeeded('mark-start'), started('wait-active'), started('wait-active'), succeeded('wait-active')];
		const {violations, starts} = journalViolations(events, [{key: 'mark-start', answer: 'retry'}]);
		expect(violations).toEqual([]);
		expect(starts).toEqual(new Map([['mark-start', 2], ['wait-active', 2]]));
	});

	it('names a finished step started again, an interrupted change run again undecided, an answer the driver never gave', () => {
		const events = [
			started('copy[0].put'), succeeded('copy[0].put'), started('copy[0].put'),
			started('set-config'), started('set-config'),
			started('create-table'), answered('create-table', 'skip'),
		];
		expect(journalViolations(events, []).violations).toEqual([
			'copy[0].put started again after it finished',
			'set-config ran again after an interruption without a decision',
			"create-table: the journal records a resume answer 'skip' the driver never gave",
		]);
	});

	it('takes which steps need a decision from the caller, and with no decisions given reads every answer as it is', () => {
		const events = [started('s03'), started('s03'), succeeded('s03'), started('s04'), answered('s04', 'retry'), started('s04'), started('s05'), started('s05')];
		const {violations, starts} = journalViolations(events, undefined, key => key !== 's03');
		expect(violations).toEqual(['s05 ran again after an interruption without a decision']);
		expect(starts).toEqual(new Map([['s03', 2], ['s04', 2], ['s05', 2]]));
	});
});
