import {describe, expect, it} from 'vitest';
import {ExpressionSyntaxError} from '../../source/expressions/errors.js';
import {analyseExpression} from '../../source/expressions/references.js';

const roots = (source: string): string[] => analyseExpression(source).references.map(reference => reference.root);
const calls = (source: string): string[] => analyseExpression(source).calls.map(call => call.name);

describe('analyseExpression: names read at the root', () => {
	it.each([
		['inputs.table', [{root: 'inputs', path: ['table'], offset: 0}]],
		['steps.restore.outputs.arn', [{root: 'steps', path: ['restore', 'outputs', 'arn'], offset: 0}]],
		['vars', [{root: 'vars', path: [], offset: 0}]],
		[
			"inputs.table & '-' & vars.suffix",
			[
				{root: 'inputs', path: ['table'], offset: 0},
				{root: 'vars', path: ['suffix'], offset: 21},
			],
		],
		["'x' & run.id", [{root: 'run', path: ['id'], offset: 6}]],
		['steps.list.result.Items[0].Name', [{root: 'steps', path: ['list', 'result', 'Items', 'Name'], offset: 0}]],
	])('%s', (source, expected) => {
		expect(analyseExpression(source).references).toEqual(expected);
	});

	it.each([
		["result.Items[Status='A']", ['result']],
		["result.Items[Status='A'].Name", ['result']],
		['result.Items[Size > 10 and Kind = "x"]', ['result']],
		['result.Items{Name: Status}', ['result']],
		['result.Items^(Name)', ['result']],
		['result.Items.(Name & Status)', ['result']],
		['result.TableDescription.TableStatus', ['result']],
	])('does not report names inside predicates, groups, sorts or later steps of %s', (source, expected) => {
		expect(roots(source)).toEqual(expected);
	});

	it.each([
		["result.Items[Status = inputs.status]", ['result']],
		['item.Name', ['item']],
		['index + 1', ['index']],
	])('reports only what the root context reads in %s', (source, expected) => {
		expect(roots(source)).toEqual(expected);
	});

	it.each([
		["$count(inputs.tables[$ != 'x'])", ['inputs']],
		['{"name": inputs.table, "region": env.region}', ['inputs', 'env']],
		['inputs.force ? vars.a : vars.b', ['inputs', 'vars', 'vars']],
		['[inputs.a, steps.s.value]', ['inputs', 'steps']],
		['(inputs.a; vars.b)', ['inputs', 'vars']],
		['inputs.name ~> $uppercase()', ['inputs']],
	])('finds root names in function arguments, objects, conditions and blocks: %s', (source, expected) => {
		expect(roots(source)).toEqual(expected);
	});

	it.each([
		['$map(inputs.list, function($v) { vars.prefix & $v })', ['inputs', 'vars']],
		['$filter(inputs.list, function($v) { $v != vars.skip })', ['inputs', 'vars']],
	])('finds root names read in the body of a lambda written at the root: %s', (source, expected) => {
		expect(roots(source)).toEqual(expected);
	});

	it.each([
		['$$.vars.prefix', [{root: 'vars', path: ['prefix'], offset: 3}]],
		['$.inputs.table', [{root: 'inputs', path: ['table'], offset: 2}]],
		['result.Items[Status = $$.vars.status]', [
			{root: 'result', path: ['Items'], offset: 0},
			{root: 'vars', path: ['status'], offset: 25},
		]],
	])('finds names read through $$ (and $ at the root): %s', (source, expected) => {
		expect(analyseExpression(source).references).toEqual(expected);
	});

	it('does not report the current item, $, inside a predicate', () => {
		expect(roots('result.Items[$.Status = "A"]')).toEqual(['result']);
	});

	it('reports nothing for literals and variables', () => {
		expect(analyseExpression("'text'").references).toEqual([]);
		expect(analyseExpression('42').references).toEqual([]);
		expect(analyseExpression('($x := 1; $x + 1)').references).toEqual([]);
	});
});

describe('analyseExpression: function calls', () => {
	it.each([
		["$date('YYYYMMDD')", [{name: 'date', offset: 0}]],
		['$count(inputs.list)', [{name: 'count', offset: 0}]],
		["'a' & $uppercase(inputs.x)", [{name: 'uppercase', offset: 6}]],
		["$string($count(result.Items[$contains(Name, 'x')]))", [
			{name: 'string', offset: 0},
			{name: 'count', offset: 8},
			{name: 'contains', offset: 28},
		]],
		['inputs.name ~> $lowercase()', [{name: 'lowercase', offset: 15}]],
		['$substring(?, 1)', [{name: 'substring', offset: 0}]],
	])('%s', (source, expected) => {
		expect(analyseExpression(source).calls).toEqual(expected);
	});

	it.each([
		['($f := function($x) { $x + 1 }; $f(2))', []],
		['($pad := function($s) { $s & "!" }; $pad(inputs.x) & $date("YYYY"))', ['date']],
		['$map(inputs.list, function($v, $i) { $v($i) })', ['map']],
		['($nope := $uppercase; $nope(inputs.x))', []],
	])('does not report variables bound with := or lambda parameters as functions: %s', (source, expected) => {
		expect(calls(source)).toEqual(expected);
	});

	it('reports an unknown function so the checker can name it', () => {
		expect(calls('$dat("YYYY")')).toEqual(['dat']);
	});
});

describe('analyseExpression: syntax', () => {
	it('throws ExpressionSyntaxError for a malformed expression', () => {
		expect(() => analyseExpression('inputs.(')).toThrow(ExpressionSyntaxError);
		expect(() => analyseExpression('')).toThrow(ExpressionSyntaxError);
	});
});
