import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {ExpressionEvaluationError} from '../../source/expressions/errors.js';
import {
	evaluateExpression,
	evaluateField,
	evaluateTemplate,
	resolveValue,
	stringify,
} from '../../source/expressions/evaluate.js';

const now = new Date('2024-07-15T23:45:06.789Z');
const options = {now};
const scope = {
	inputs: {table: 'Lpas', count: 3, dryRun: false, tags: ['a', 'b']},
	vars: {restoredName: 'Lpas-20240715', settings: {retain: 7, labels: {team: 'sirius'}}},
	env: {name: 'development', region: 'eu-west-1', protected: false},
	result: {
		Items: [
			{Name: 'one', Status: 'ACTIVE', Size: 10},
			{Name: 'two', Status: 'DELETING', Size: 20},
			{Name: 'three', Status: 'ACTIVE', Size: 30},
		],
	},
};

describe('evaluateTemplate: a scalar that is exactly one ${{ }} keeps its type', () => {
	it.each([
		['a number', '${{ inputs.count + 1 }}', 4],
		['a string', '${{ inputs.table }}', 'Lpas'],
		['a boolean true', "${{ env.region = 'eu-west-1' }}", true],
		['a boolean false', '${{ inputs.dryRun }}', false],
		['an object', '${{ vars.settings }}', {retain: 7, labels: {team: 'sirius'}}],
		['a constructed object', '${{ {"name": inputs.table, "n": inputs.count} }}', {name: 'Lpas', n: 3}],
		['a list', '${{ inputs.tags }}', ['a', 'b']],
		['a list from a path', '${{ result.Items.Name }}', ['one', 'two', 'three']],
		['a filtered list', "${{ result.Items[Status = 'ACTIVE'].Size }}", [10, 30]],
		['a one-item list literal', '${{ [inputs.count] }}', [3]],
		['null', '${{ null }}', null],
	])('%s', async (_name, text, expected) => {
		expect(await evaluateTemplate(text, scope, options)).toEqual(expected);
	});

	it('gives undefined (not an error) when a whole-scalar expression has no value', async () => {
		expect(await evaluateTemplate('${{ inputs.nope }}', scope, options)).toBeUndefined();
	});

	it('returns literal text unchanged, even if it looks like JSONata', async () => {
		expect(await evaluateTemplate('inputs.table & 1', scope, options)).toBe('inputs.table & 1');
	});
});

describe('evaluateTemplate: interpolation gives a string', () => {
	it.each([
		['text around a string', 'restored-${{ inputs.table }}-copy', 'restored-Lpas-copy'],
		['a number', 'keep ${{ vars.settings.retain }} days', 'keep 7 days'],
		['a boolean', 'dry run: ${{ inputs.dryRun }}', 'dry run: false'],
		['null', 'value=${{ null }}', 'value=null'],
		['an object, JSON-encoded', 'labels ${{ vars.settings.labels }}', 'labels {"team":"sirius"}'],
		['a list, JSON-encoded', 'tags=${{ inputs.tags }}', 'tags=["a","b"]'],
		['two expressions side by side', '${{ inputs.count }}${{ inputs.count }}', '33'],
		['a number with text around', ' ${{ inputs.count }} ', ' 3 '],
	])('%s', async (_name, text, expected) => {
		const value = await evaluateTemplate(text, scope, options);
		expect(typeof value).toBe('string');
		expect(value).toBe(expected);
	});

	it('is an error naming the expression when a value inside the text is undefined', async () => {
		const error = await rejection(evaluateTemplate('table ${{ inputs.tabel }} now', scope, options));
		expect(error).toBeInstanceOf(ExpressionEvaluationError);
		expect(error.message).toContain('inputs.tabel');
		expect((error as ExpressionEvaluationError).expression).toBe('inputs.tabel');
	});

	it('is an error naming the expression when JSONata fails', async () => {
		const error = await rejection(evaluateTemplate('${{ inputs.table + 1 }}', scope, options));
		expect(error).toBeInstanceOf(ExpressionEvaluationError);
		expect(error.message).toContain('inputs.table + 1');
	});
});

describe('evaluateField: bare JSONata or a template', () => {
	it.each([
		['bare comparison', "result.Items[0].Status = 'ACTIVE'", true],
		['bare comparison, false', "result.Items[1].Status = 'ACTIVE'", false],
		['bare count', "$count(result.Items[Status = 'ACTIVE'])", 2],
		['bare path to a list', 'result.Items.Name', ['one', 'two', 'three']],
		['bare string literal', "'text'", 'text'],
		['a ${{ }} field keeps its type', '${{ inputs.count * 2 }}', 6],
		['a field with interpolation is a string', 'n=${{ inputs.count }}', 'n=3'],
	])('%s', async (_name, text, expected) => {
		expect(await evaluateField(text, scope, options)).toEqual(expected);
	});

	it('treats a bare name as a JSONata path, not as text', async () => {
		expect(await evaluateField('inputs.table', scope, options)).toBe('Lpas');
	});
});

describe('resolveValue: every string in a request', () => {
	it('resolves strings in objects and lists, keeps other values and types', async () => {
		const request = {
			TableName: '${{ vars.restoredName }}',
			Limit: '${{ inputs.count }}',
			Description: 'restore of ${{ inputs.table }}',
			Static: 42,
			Enabled: true,
			Nothing: null,
			Tags: [{Key: 'team', Value: '${{ vars.settings.labels.team }}'}, 'plain'],
			Nested: {Deep: {List: ['${{ inputs.count }}', '${{ inputs.tags }}']}},
		};
		expect(await resolveValue(request, scope, options)).toEqual({
			TableName: 'Lpas-20240715',
			Limit: 3,
			Description: 'restore of Lpas',
			Static: 42,
			Enabled: true,
			Nothing: null,
			Tags: [{Key: 'team', Value: 'sirius'}, 'plain'],
			Nested: {Deep: {List: [3, ['a', 'b']]}},
		});
	});

	it('leaves out keys whose whole-scalar expression has no value', async () => {
		const resolved = (await resolveValue({A: '${{ inputs.nope }}', B: 'b'}, scope, options)) as object;
		expect(resolved).toEqual({B: 'b'});
		expect(Object.keys(resolved)).toEqual(['B']);
	});

	it('leaves out list items that have no value, as JSONata does, so the result is plain JSON', async () => {
		const resolved = await resolveValue(['a', '${{ inputs.nope }}', 'b'], scope, options);
		expect(resolved).toEqual(['a', 'b']);
		expect(JSON.parse(JSON.stringify(resolved))).toEqual(resolved);
	});

	it('fails on an undefined value inside interpolation, naming it', async () => {
		const error = await rejection(resolveValue({Arn: 'arn:${{ vars.nope }}'}, scope, options));
		expect(error).toBeInstanceOf(ExpressionEvaluationError);
		expect(error.message).toContain('vars.nope');
	});

	it('does not change the value it was given', async () => {
		const request = {Name: '${{ inputs.table }}', List: ['${{ inputs.count }}']};
		const copy = structuredClone(request);
		await resolveValue(request, scope, options);
		expect(request).toEqual(copy);
	});
});

describe('clock functions use the injected now, in UTC', () => {
	let savedTz: string | undefined;
	beforeEach(() => {
		// A zone far from UTC: local time here is already the next day at `now`.
		savedTz = process.env['TZ'];
		process.env['TZ'] = 'Pacific/Kiritimati';
	});
	afterEach(() => {
		if (savedTz === undefined) delete process.env['TZ'];
		else process.env['TZ'] = savedTz;
	});

	it.each([
		["${{ $date('YYYYMMDD') }}", '20240715'],
		["${{ $date('YYYY-MM-DD HH:mm:ss') }}", '2024-07-15 23:45:06'],
		["${{ $date('YYYY-MM-DD HH:mm:ss', '2024-07-15T10:11:12Z') }}", '2024-07-15 10:11:12'],
		["${{ $date('DD/MM/YYYY HH:mm', '2024-01-02T03:04:05+02:00') }}", '02/01/2024 01:04'],
		["${{ $date('YYYY') }}-${{ $date('MM') }}", '2024-07'],
		["${{ inputs.table & '-' & $date('YYYYMMDD') }}", 'Lpas-20240715'],
		['${{ $now() }}', '2024-07-15T23:45:06.789Z'],
		['${{ $millis() }}', Date.parse('2024-07-15T23:45:06.789Z')],
	])('%s', async (text, expected) => {
		expect(await evaluateTemplate(text, scope, options)).toEqual(expected);
	});

	it('follows the clock it is given, not the machine clock', async () => {
		const other = {now: new Date('1999-12-31T00:00:00Z')};
		expect(await evaluateTemplate("${{ $date('YYYYMMDD') }}", scope, other)).toBe('19991231');
		expect(await evaluateTemplate('${{ $millis() }}', scope, other)).toBe(Date.parse('1999-12-31T00:00:00Z'));
		expect(await evaluateTemplate('${{ $now() }}', scope, other)).toBe('1999-12-31T00:00:00.000Z');
	});

	it('rejects a $date argument that is not a date-time', async () => {
		const error = await rejection(evaluateTemplate("${{ $date('YYYY', 'yesterday') }}", scope, options));
		expect(error).toBeInstanceOf(ExpressionEvaluationError);
		expect(error.message).toContain("'yesterday' is not an ISO date-time");
	});
});

describe('results are plain JSON', () => {
	it('drops the JSONata sequence flag from lists', async () => {
		const raw = await evaluateExpression('result.Items.Name', scope, options);
		expect(Array.isArray(raw)).toBe(true);
		expect(Object.keys(raw as object)).toEqual(['0', '1', '2']);
		expect(Object.getPrototypeOf(raw)).toBe(Array.prototype);
	});

	it('drops sequence flags nested in objects', async () => {
		const value = (await evaluateExpression('{"names": result.Items.Name, "sizes": result.Items.Size}', scope, options)) as Record<
			string,
			unknown[]
		>;
		expect(value).toEqual({names: ['one', 'two', 'three'], sizes: [10, 20, 30]});
		expect(Object.keys(value['names']!)).toEqual(['0', '1', '2']);
		expect(Object.keys(value['sizes']!)).toEqual(['0', '1', '2']);
	});

	it('drops functions, which JSON cannot hold', async () => {
		expect(await evaluateExpression('{"f": function($x) { $x }, "n": 1}', scope, options)).toEqual({n: 1});
		expect(await evaluateExpression('function($x) { $x }', scope, options)).toBeUndefined();
	});

	it('round-trips through JSON unchanged', async () => {
		const value = await evaluateExpression(
			'{"active": result.Items[Status = "ACTIVE"], "total": $sum(result.Items.Size)}',
			scope,
			options,
		);
		expect(JSON.parse(JSON.stringify(value))).toStrictEqual(value);
		expect(value).toEqual({active: [scope.result.Items[0], scope.result.Items[2]], total: 60});
	});

	it('does not modify the scope', async () => {
		const copy = structuredClone(scope);
		await evaluateExpression('result.Items[Status = "ACTIVE"]', scope, options);
		expect(scope).toEqual(copy);
	});
});

describe('stringify', () => {
	it.each([
		['text', 'text'],
		[12.5, '12.5'],
		[true, 'true'],
		[null, 'null'],
		[{a: [1, 'b']}, '{"a":[1,"b"]}'],
		[[1, 2], '[1,2]'],
	])('%j reads as %j inside a string', (value, expected) => {
		expect(stringify(value)).toBe(expected);
	});
});

async function rejection(promise: Promise<unknown>): Promise<Error> {
	try {
		await promise;
	} catch (error) {
		return error as Error;
	}
	throw new Error('expected a rejection, got a value');
}

describe('dashed step ids', () => {
	it('reads steps.table-name as the step, not as a subtraction', async () => {
		const {evaluateTemplate} = await import('../../source/expressions/evaluate.js');
		const scope = {steps: {'table-name': {value: 'Lpas'}, table: {value: 10}}, name: 2};
		const now = {now: new Date('2026-11-21T00:00:00Z')};
		await expect(evaluateTemplate('${{ steps.table-name.value }}', scope, now)).resolves.toBe('Lpas');
		await expect(evaluateTemplate('${{ steps.table.value - name }}', scope, now)).resolves.toBe(8);
	});

	it('reports problems at the place the author wrote them', async () => {
		const {analyseExpression} = await import('../../source/expressions/references.js');
		const source = 'steps.table-name.value & inputs.x';
		const {references} = analyseExpression(source);
		expect(references.map(reference => [reference.root, reference.path[0], reference.offset])).toEqual([
			['steps', 'table-name', 0],
			['inputs', 'x', source.indexOf('inputs')],
		]);
	});
});
