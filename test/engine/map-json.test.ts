/** mapJson: the walk masking and plain-text results share. */
import {describe, expect, it} from 'vitest';
import {mapJson} from '../../source/engine/map-json.js';
import {plainValue} from '../../source/engine/plain-text.js';

describe('mapJson', () => {
	it('rebuilds lists and mappings around each scalar, leaving the value it was given as it was', () => {
		const value = {a: 'x', b: [1, 'y', {c: null, d: true}]};
		expect(mapJson(value, item => (typeof item === 'string' ? item.toUpperCase() : item))).toEqual({a: 'X', b: [1, 'Y', {c: null, d: true}]});
		expect(value).toEqual({a: 'x', b: [1, 'y', {c: null, d: true}]});
	});

	it('strips colour codes from every string of a result', () => {
		expect(plainValue({stdout: '\u001b[32mok\u001b[0m', lines: ['\u001b[1mbold\u001b[0m'], exitCode: 0})).toEqual({stdout: 'ok', lines: ['bold'], exitCode: 0});
	});
});
