import {afterEach, describe, expect, it} from 'vitest';
import {OutputRing} from '../../../source/session/output-window.js';
import {OutputView} from '../../../source/ui/components/output-view.js';
import {mountSized, unmountAll} from '../screens/helpers.js';

afterEach(unmountAll);

/** A step's output as the session keeps it: the real ring (500 lines), `count` lines printed. */
function printed(count: number, capacity = 500) {
	const ring = new OutputRing(capacity);
	ring.push(
		'stdout',
		Array.from({length: count}, (_, index) => `line ${index + 1}`),
	);
	return ring.view();
}

function shown(count: number, rows: number, scroll: number, width = 60) {
	const view = mountSized(<OutputView window={printed(count)} rows={rows} width={width} scroll={scroll} />);
	const [header, ...lines] = view.frame().split('\n');
	return {header: header!, lines: lines.map(line => line.trim())};
}

describe('output view', () => {
	it('shows the newest lines, as many as the rows, and how many were printed', () => {
		const {header, lines} = shown(100, 5, 0);
		expect(header).toBe("output · 100 lines (all in the run's log)");
		expect(lines).toEqual(['line 96', 'line 97', 'line 98', 'line 99', 'line 100']);
	});

	it('scrolls back, saying how far from the newest', () => {
		const {header, lines} = shown(100, 5, 10);
		expect(header).toBe("output · 100 lines (10 back from the newest; all in the run's log)");
		expect(lines).toEqual(['line 86', 'line 87', 'line 88', 'line 89', 'line 90']);
	});

	it('stops at the oldest line it keeps; the rest is in the run log', () => {
		const {header, lines} = shown(5000, 5, 100_000);
		expect(lines).toEqual(['line 4501', 'line 4502', 'line 4503', 'line 4504', 'line 4505']);
		expect(header).toBe("output · 5000 lines (495 back from the newest; all in the run's log)");
	});

	it('shows every line, with no note, when they all fit', () => {
		const {header, lines} = shown(3, 10, 0);
		expect(header).toBe('output · 3 lines');
		expect(lines).toEqual(['line 1', 'line 2', 'line 3']);
		expect(shown(1, 10, 0).header).toBe('output · 1 line');
	});

	it('cuts a line longer than the width, on one row', () => {
		const ring = new OutputRing(500);
		ring.push('stdout', ['x'.repeat(300)]);
		ring.push('stderr', ['warning: slow']);
		const view = mountSized(<OutputView window={ring.view()} rows={5} width={40} scroll={0} />);
		const lines = view.frame().split('\n');
		expect(lines).toHaveLength(3);
		expect(lines[1]).toBe('x'.repeat(40));
		expect(lines[2]).toBe('warning: slow');
	});

	it('shows nothing when nothing was printed, or there is no room', () => {
		expect(mountSized(<OutputView window={undefined} rows={5} width={40} scroll={0} />).frame()).toBe('');
		expect(mountSized(<OutputView window={printed(0)} rows={5} width={40} scroll={0} />).frame()).toBe('');
		expect(mountSized(<OutputView window={printed(10)} rows={0} width={40} scroll={0} />).frame()).toBe('');
	});
});
