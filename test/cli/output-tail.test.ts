import {describe, expect, it} from 'vitest';
import {parseTailLine} from '../../source/commands/output-tail.js';

/** The lines `belay watch` reads from a run's output: the local log's and the shared table's tail. */
describe('output tail lines', () => {
	it('reads the step and the text, with or without the time a batch starts with', () => {
		expect(parseTailLine('2026-12-02T07:55:33.747Z show-plan | To archive 4 credential(s):')).toEqual({key: 'show-plan', text: 'To archive 4 credential(s):'});
		expect(parseTailLine('show-plan |   ops/pagerduty-key | revision 2')).toEqual({key: 'show-plan', text: '  ops/pagerduty-key | revision 2'});
		expect(parseTailLine('2026-12-02T07:55:33.747Z copy[0].put | done')).toEqual({key: 'copy[0].put', text: 'done'});
	});

	it('leaves out what no step printed: belay notes in the log', () => {
		expect(parseTailLine('2026-12-02T07:55:33.747Z resumed by carol')).toBeUndefined();
	});
});
