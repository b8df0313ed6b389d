import {describe, expect, it} from 'vitest';
import {benchmarks} from '../../bench/benchmarks.mjs';
import type {Result} from '../../bench/results.mjs';
import {summary} from '../../bench/summary.mjs';

const started = new Date('2026-12-02T03:00:00Z');
const of = (name: string) => benchmarks.find(each => each.name === name)!;
const result = (name: string, measuredAt: string, figures: Result['figures']): Result => ({
	benchmark: name,
	section: name,
	measuredAt,
	machine: 'test machine',
	load: [1, 1, 1],
	figures,
});
const validate = {figure: 'start-up: `belay validate`', measured: '250.0 ms', comparison: '`node -e 0` 100.0 ms', ratio: 2.5, target: 'under 2.5 ×', met: false};
const idle = {figure: 'CPU while a `wait` idles', measured: '0.100 % of a core', comparison: 'plain 0.050 %', ratio: 2, target: 'under 0.5 %', met: true};

describe('the summary of npm run bench', () => {
	const text = summary({
		started,
		machine: 'AMD EPYC, 2 cores',
		command: 'node bench/all.mjs --only wait-idle,output',
		quick: false,
		results: [
			{benchmark: of('startup'), result: result('startup', '2026-12-01T10:00:00Z', [validate])},
			{benchmark: of('output'), result: undefined},
			{benchmark: of('wait-idle'), result: result('wait-idle', '2026-12-02T03:05:00Z', [idle])},
			{benchmark: of('state'), result: undefined},
			{benchmark: of('foreach'), result: undefined},
		],
		ran: [
			{name: 'wait-idle', code: 0, signal: null, seconds: 61},
			{name: 'output', code: 1, signal: null, seconds: 12},
		],
		present: ['startup', 'output', 'wait-idle', 'foreach'],
	});
	const rows = text.split('\n').filter(line => line.startsWith('| ') && !line.startsWith('| figure'));

	it('has a row per figure with its comparison, ratio, target and verdict, and says which run measured it', () => {
		expect(rows).toContain('| start-up: `belay validate` | 250.0 ms | `node -e 0` 100.0 ms | 2.50 × | under 2.5 × | **no** | `startup`, 2026-12-01, an earlier run |');
		expect(rows).toContain('| CPU while a `wait` idles | 0.100 % of a core | plain 0.050 % | 2.00 × | under 0.5 % | yes | `wait-idle`, this run |');
	});

	it('shows a benchmark that failed, and names one without figures; one missing on the branch is left out', () => {
		expect(rows).toContain(`| ${of('output').what} | **failed** (exit 1) | | | | — | \`output\`, this run |`);
		expect(text).toContain('- `foreach` (bench/foreach.ts): no figures yet (run `node bench/all.mjs --only foreach`).');
		expect(text).not.toContain('`state`');
		expect(rows).toHaveLength(3);
	});

	it('starts with its title and says the machine and how long each benchmark took', () => {
		expect(text.startsWith('## Summary\n')).toBe(true);
		expect(text).toContain('- Machine: AMD EPYC, 2 cores');
		expect(text).toContain('- Benchmarks run: wait-idle 61 s, output 12 s (1.2 min in all)');
		expect(text).toContain('- Load average (1 min) as each ended: wait-idle 1.00 (the machine is shared');
		expect(text).not.toContain('Quick run');
	});
});
