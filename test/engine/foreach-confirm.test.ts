import {apply, runbookOf, start} from '../helpers/run-state.js';
import {describe, expect, it} from 'vitest';
import {next, type NextContext} from '../../source/engine/next.js';

/**
 * A foreach asks once for all its items: in a protected environment a mutating foreach is confirmed
 * as a whole (an archive of 20,000 credentials is not 3,200 confirmations), and so is a foreach with
 * `confirm:`; its steps then run without asking again, unless they have a `confirm:` of their own.
 */

const context: NextContext = {interactive: false, protected: true, processAlive: () => false};
const runbook = runbookOf(
	`  - id: copy\n    title: Copy\n    foreach:\n      items: [1, 2]\n      steps:\n        - {id: put, title: Put, shell: echo put}\n        - {id: own, title: Own, shell: echo own, confirm: Sure?}\n`,
);
const first = (state: ReturnType<typeof start>, ctx = context): unknown => next(state, runbook, ctx)[0];

describe('confirming a foreach', () => {
	it('in a protected environment: asks once for the foreach, then its steps run without asking', () => {
		let state = start();
		expect(first(state)).toMatchObject({kind: 'ask', key: 'copy', question: 'confirm'});
		state = apply(state, {type: 'operator-answered', key: 'copy', question: 'confirm', answer: true, by: 'alice'});
		expect(first(state)).toMatchObject({kind: 'expand', key: 'copy'});
		state = apply(state, {type: 'foreach-expanded', key: 'copy', items: [1, 2], stepIds: ['put', 'own']});
		expect(first(state)).toMatchObject({kind: 'execute', key: 'copy[0].put'});
		state = apply(state, {type: 'step-started', key: 'copy[0].put', attempt: 1, request: {}}, {type: 'step-succeeded', key: 'copy[0].put', result: null, outputs: {}});
		// A step's own confirm: still asks.
		expect(first(state)).toMatchObject({kind: 'ask', key: 'copy[0].own', question: 'confirm'});
	});

	it('not protected and no confirm: on it: expands at once; its steps ask only for their own confirm:', () => {
		let state = start();
		const open = {...context, protected: false};
		expect(first(state, open)).toMatchObject({kind: 'expand', key: 'copy'});
		state = apply(state, {type: 'foreach-expanded', key: 'copy', items: [1, 2], stepIds: ['put', 'own']});
		expect(first(state, open)).toMatchObject({kind: 'execute', key: 'copy[0].put'});
	});

	it('a dry run asks nothing: the foreach expands and its mutating steps are shown', () => {
		let state = start(true);
		expect(first(state)).toMatchObject({kind: 'expand', key: 'copy'});
		state = apply(state, {type: 'foreach-expanded', key: 'copy', items: [1, 2], stepIds: ['put', 'own']});
		expect(first(state)).toMatchObject({kind: 'dry-run', key: 'copy[0].put'});
	});
});
