import {describe, expect, it} from 'vitest';
import {getPath, parsePath, resolvePath, setPath, setPaths} from '../../source/steps/set-path.js';

describe('parsePath', () => {
	it('splits on dots', () => {
		expect(parsePath('dynamodb.table_name')).toEqual(['dynamodb', 'table_name']);
		expect(parsePath('a.0.b')).toEqual(['a', '0', 'b']);
	});

	it.each(['', 'a..b', '.a', 'a.'])('refuses %j, showing what a path looks like', path => {
		expect(() => parsePath(path)).toThrow(`invalid path "${path}": it must be keys separated by single dots, with no empty key, like "dynamodb.table_name"`);
	});
});

describe('setPath', () => {
	it('replaces an existing value and leaves the input untouched', () => {
		const root = {dynamodb: {table_name: 'Lpas', billing: 'PAY_PER_REQUEST'}, region: 'eu-west-1'};
		const copy = structuredClone(root);
		expect(setPath(root, 'dynamodb.table_name', 'Lpas-restored')).toEqual({
			dynamodb: {table_name: 'Lpas-restored', billing: 'PAY_PER_REQUEST'},
			region: 'eu-west-1',
		});
		expect(root).toEqual(copy);
	});

	it('creates missing mappings along the path, numeric keys included', () => {
		expect(setPath({region: 'eu-west-1'}, 'restore.dynamodb.table_name', 'T')).toEqual({
			region: 'eu-west-1',
			restore: {dynamodb: {table_name: 'T'}},
		});
		expect(setPath({}, 'ports.8080', 'http')).toEqual({ports: {'8080': 'http'}});
	});

	it('treats an undefined root as an empty document', () => {
		expect(setPath(undefined, 'a.b', 1)).toEqual({a: {b: 1}});
	});

	it('indexes an existing list with a numeric segment', () => {
		const root = {replicas: [{region: 'eu-west-1'}, {region: 'eu-west-2'}]};
		expect(setPath(root, 'replicas.1.region', 'us-east-1')).toEqual({replicas: [{region: 'eu-west-1'}, {region: 'us-east-1'}]});
		expect(root.replicas[1]).toEqual({region: 'eu-west-2'});
		expect(setPath([1, 2], '0', 'x')).toEqual(['x', 2]);
	});

	it('uses a numeric segment as a key in a mapping', () => {
		expect(setPath({a: {'0': 'zero'}}, 'a.0', 'nought')).toEqual({a: {'0': 'nought'}});
	});

	it('sets whole mappings, lists and null as values', () => {
		expect(setPath({a: 'x'}, 'a', {b: [1, 2]})).toEqual({a: {b: [1, 2]}});
		expect(setPath({a: 'x'}, 'a', null)).toEqual({a: null});
	});

	it('sets "__proto__" as an ordinary key', () => {
		const result = setPath({}, '__proto__.polluted', true) as Record<string, unknown>;
		expect(Object.keys(result)).toEqual(['__proto__']);
		expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
	});

	it('refuses to descend into a string, naming the path and what to do', () => {
		expect(() => setPath({dynamodb: 'Lpas'}, 'dynamodb.table_name', 'x')).toThrow(
			'cannot set "dynamodb.table_name": "dynamodb" is a string ("Lpas"), not a mapping or list, so it has no "table_name"; set "dynamodb" itself, or fix the path',
		);
	});

	it('refuses to descend into null, a number or a boolean', () => {
		expect(() => setPath({a: {b: null}}, 'a.b.c', 1)).toThrow('"a.b" is null, not a mapping or list');
		expect(() => setPath({a: 3}, 'a.b', 1)).toThrow('"a" is a number (3), not a mapping or list');
		expect(() => setPath({a: false}, 'a.b', 1)).toThrow('"a" is a boolean (false), not a mapping or list');
	});

	it('refuses an index out of range, giving the valid ones', () => {
		expect(() => setPath({a: [{b: 1}, {b: 2}]}, 'a.5.b', 3)).toThrow(
			'cannot set "a.5.b": "a" is a list of 2 items, so index 5 is out of range; use an index from 0 to 1; to add or remove items, set the whole list "a"',
		);
	});

	it('refuses a key that is not an index in a list', () => {
		expect(() => setPath({a: ['x']}, 'a.first', 3)).toThrow('cannot set "a.first": "a" is a list, so "first" must be an item index from 0 to 0');
		expect(() => setPath({a: ['x', 'y']}, 'a.-1', 3)).toThrow('"-1" must be an item index from 0 to 1');
	});

	it('refuses any index of an empty list', () => {
		expect(() => setPath({a: []}, 'a.0', 3)).toThrow(
			'cannot set "a.0": "a" is an empty list, so it has no item "0"; to add or remove items, set the whole list "a"',
		);
	});

	it('refuses a document that is not a mapping or list', () => {
		expect(() => setPath('text', 'a', 1)).toThrow('cannot set "a": the document is a string ("text"), not a mapping');
	});

	it('refuses an undefined value', () => {
		expect(() => setPath({}, 'a', undefined)).toThrow('cannot set "a": it has no value');
	});
});

describe('setPaths', () => {
	it('applies paths in order, so a later path can go below an earlier one', () => {
		expect(setPaths({}, {restore: {}, 'restore.table': 'T', 'restore.0': 'x'})).toEqual({restore: {table: 'T', '0': 'x'}});
	});
});

describe('resolvePath and getPath', () => {
	it('types list indices as numbers and keys as strings', () => {
		const root = {a: [{'1': 'x'}]};
		expect(resolvePath(root, 'a.0.1')).toEqual(['a', 0, '1']);
		expect(getPath(root, ['a', 0, '1'])).toBe('x');
		expect(getPath(root, ['a', 3])).toBeUndefined();
		expect(resolvePath(root, 'missing.0.b')).toEqual(['missing', '0', 'b']);
	});
});
