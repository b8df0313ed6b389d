import {describe, expect, it} from 'vitest';
import {ExpressionSyntaxError} from '../../source/expressions/errors.js';
import {fieldExpressions, parseTemplate, templateExpressions} from '../../source/expressions/template.js';

describe('parseTemplate', () => {
	it.each([
		['plain text', 'restore the table'],
		['empty text', ''],
		['braces without a dollar', '{{ not an expression }}'],
		['a lone closing pair', 'ends with }}'],
		['a dollar without braces', 'costs $5 and ${HOME}'],
	])('reads %s as a literal', (_name, text) => {
		expect(parseTemplate(text)).toEqual({kind: 'literal', text});
	});

	it.each([
		['${{ inputs.table }}', 'inputs.table', 4],
		['${{inputs.table}}', 'inputs.table', 3],
		['${{   1 + 2   }}', '1 + 2', 6],
		['${{ $date(\'YYYYMMDD\') }}', "$date('YYYYMMDD')", 4],
	])('reads exactly one expression %j as a typed expression', (text, source, offset) => {
		expect(parseTemplate(text)).toEqual({kind: 'expression', source, offset});
		expect(text.slice(offset, offset + source.length)).toBe(source);
	});

	it.each([
		[
			'restored-${{ inputs.table }}',
			[
				{kind: 'text', text: 'restored-'},
				{kind: 'expression', source: 'inputs.table', offset: 13},
			],
		],
		[
			'${{ inputs.table }}-copy',
			[
				{kind: 'expression', source: 'inputs.table', offset: 4},
				{kind: 'text', text: '-copy'},
			],
		],
		[
			'${{ a }}${{ b }}',
			[
				{kind: 'expression', source: 'a', offset: 4},
				{kind: 'expression', source: 'b', offset: 12},
			],
		],
		[
			'from ${{ a }} to ${{ b }}.',
			[
				{kind: 'text', text: 'from '},
				{kind: 'expression', source: 'a', offset: 9},
				{kind: 'text', text: ' to '},
				{kind: 'expression', source: 'b', offset: 21},
				{kind: 'text', text: '.'},
			],
		],
		[
			' ${{ a }} ',
			[
				{kind: 'text', text: ' '},
				{kind: 'expression', source: 'a', offset: 5},
				{kind: 'text', text: ' '},
			],
		],
	])('reads %j as interpolation', (text, parts) => {
		expect(parseTemplate(text)).toEqual({kind: 'interpolation', parts});
	});

	it.each([
		['${{ {"a": {"b": 1}} }}', '{"a": {"b": 1}}'],
		['${{ {"a": {"b": {"c": 1}}} }}', '{"a": {"b": {"c": 1}}}'],
		['${{{"a": {"b": 1}}}}', '{"a": {"b": 1}}'],
		["${{ 'a}}b' }}", "'a}}b'"],
	])('finds the closing }} after a `}}` that belongs to the JSONata in %j', (text, source) => {
		const template = parseTemplate(text);
		expect(template).toMatchObject({kind: 'expression', source});
	});

	it('keeps text after a nested object as text', () => {
		expect(parseTemplate('x=${{ {"a": {"b": 1}} }}!')).toEqual({
			kind: 'interpolation',
			parts: [
				{kind: 'text', text: 'x='},
				{kind: 'expression', source: '{"a": {"b": 1}}', offset: 6},
				{kind: 'text', text: '!'},
			],
		});
	});

	it.each([
		['${{ inputs.table', 0],
		['name-${{ inputs.table', 5],
		['${{ a }} and ${{ b', 13],
	])('rejects an unclosed ${{ in %j, pointing at it', (text, offset) => {
		const error = catchError(() => parseTemplate(text));
		expect(error).toBeInstanceOf(ExpressionSyntaxError);
		expect(error.message).toContain("'${{' is not closed");
		expect((error as ExpressionSyntaxError).offset).toBe(offset);
	});

	it('rejects an empty expression', () => {
		const error = catchError(() => parseTemplate('a ${{  }} b'));
		expect(error).toBeInstanceOf(ExpressionSyntaxError);
		expect(error.message).toMatch(/empty expression/);
	});

	it('rejects JSONata that does not parse, pointing into the text', () => {
		const text = 'x ${{ inputs.( }}';
		const error = catchError(() => parseTemplate(text));
		expect(error).toBeInstanceOf(ExpressionSyntaxError);
		expect(error.message).toMatch(/does not parse/);
		const offset = (error as ExpressionSyntaxError).offset;
		expect(offset).toBeGreaterThanOrEqual(text.indexOf('inputs'));
		expect(offset).toBeLessThanOrEqual(text.length);
	});
});

describe('fieldExpressions and templateExpressions', () => {
	it('reads a bare field as one JSONata expression', () => {
		expect(fieldExpressions("  result.Status = 'ACTIVE'")).toEqual([{source: "result.Status = 'ACTIVE'", offset: 2}]);
	});

	it('reads a field with ${{ }} as its expressions', () => {
		expect(fieldExpressions('${{ result.ok }}')).toEqual([{kind: 'expression', source: 'result.ok', offset: 4}]);
		expect(fieldExpressions('a ${{ x }} b ${{ y }}').map(part => part.source)).toEqual(['x', 'y']);
	});

	it('finds no expression in plain template text', () => {
		expect(templateExpressions('aws s3 ls')).toEqual([]);
		expect(templateExpressions('aws s3 ls ${{ vars.bucket }}').map(part => part.source)).toEqual(['vars.bucket']);
	});
});

function catchError(action: () => unknown): Error {
	try {
		action();
	} catch (error) {
		return error as Error;
	}
	throw new Error('expected an error, got none');
}
