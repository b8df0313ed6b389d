import {describe, expect, it} from 'vitest';
import type {StepRecord} from '../../source/commands/report.js';
import {operatorsOf, outcomeText, reportHtml, type ReportView} from '../../source/report/html-page.js';

const step = (id: string, status: string, answers: StepRecord['answers'] = {}): StepRecord => ({id, status, attempts: 1, by: null, answers, outputs: {}});

const view = (overrides: Partial<ReportView>): ReportView => ({
	id: 'r1',
	status: 'failed',
	dryRun: false,
	runbook: {name: 'rb', title: 'Restore', path: '/rb.yaml', sha256: 'a'.repeat(64)},
	environment: 'production',
	operator: 'alice',
	pair: 'bob',
	caller: {account: '333333333333', arn: 'arn:aws:sts::333333333333:assumed-role/breakglass/alice'},
	startedAt: '2026-01-01T10:00:00.000Z',
	updatedAt: '2026-01-01T10:05:00.000Z',
	inputs: {},
	steps: [step('a', 'succeeded', {approve: {value: 'carol', by: 'carol', at: '2026-01-01T10:01:00.000Z'}}), step('b', 'failed'), step('c', 'pending')],
	...overrides,
});

describe('the report page header', () => {
	it('counts the failed steps in the outcome', () => {
		expect(outcomeText(view({}))).toBe('failed, 1 failed step');
		expect(outcomeText(view({status: 'succeeded', failedSteps: ['b'], steps: [step('b', 'failed')]}))).toBe('succeeded with 1 failed step (b)');
		expect(outcomeText(view({status: 'succeeded', steps: [step('a', 'succeeded')]}))).toBe('succeeded');
	});

	it('names every operator: the pair and whoever answered', () => {
		expect(operatorsOf(view({}))).toEqual(['alice', 'bob', 'carol']);
		const page = reportHtml(view({}), {start: 0, end: 1, lanes: [], gaps: []}, new Map());
		expect(page).toContain('<tr><th>Operators</th><td>alice with bob (pair), carol</td></tr>');
		expect(page).toContain('<tr><th>Account</th><td>333333333333 <code>arn:aws:sts::333333333333:assumed-role/breakglass/alice</code></td></tr>');
		expect(page).toContain('<tr><th>Environment</th><td>production</td></tr>');
		expect(page).toContain('<span class="outcome outcome-failed">failed, 1 failed step</span>');
	});
});
