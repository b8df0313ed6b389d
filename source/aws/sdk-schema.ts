import {anyShape, lazyList, lazyMap, lazyStructure, sensitiveShape, type Shape} from './shape.js';

/** The schema traits bit that marks a shape sensitive (smithy's `@sensitive`). */
const sensitiveTrait = 8;

/**
 * The shape marked sensitive when its traits say so and it is a single value (a password, a secret
 * string or blob). A whole structure or map marked so (AWS Backup's restore Metadata) holds names
 * the report needs: the single values inside it that are sensitive are marked on their own.
 */
function marked(shape: Shape, traits: unknown): Shape {
	const single = shape.kind === 'string' || shape.kind === 'blob' || shape.kind === 'number';
	return single && typeof traits === 'number' && (traits & sensitiveTrait) !== 0 && !shape.sensitive ? sensitiveShape(shape) : shape;
}

/**
 * A Shape from an AWS SDK v3 static schema, as the newer clients export them
 * (`RestoreDBInstanceFromDBSnapshot$`, `RestoreDBInstanceFromDBSnapshotMessage$`):
 *
 * - a number is a simple type: 0 string, 1 number, 2 boolean, 4–7 timestamp, 15 document,
 *   17 big integer, 21/42 blob (19, a big decimal, is left unchecked); `64 | n` a list of n, `128 | n` a map of n;
 * - `[ref, traits]` is a member: its shape is ref's;
 * - `[kind, namespace, name, traits, ...]`: kind 0 a named simple type (its type at 4), 1 a list
 *   (member at 4), 2 a map (key at 4, value at 5), 3 or -3 a structure (names at 4, members at 5),
 *   4 a union (as a structure), 9 an operation (input at 4);
 * - a function is a reference to one of these; "unit" is the empty structure.
 *
 * Anything else reads as "any", so a newer encoding makes the check lenient, never wrong.
 */
export function shapeFromSchema(ref: unknown): Shape {
	const schema = typeof ref === 'function' ? (ref as () => unknown)() : ref;
	if (typeof schema === 'number') return simple(schema);
	if (schema === 'unit') return lazyStructure([], () => anyShape);
	if (!Array.isArray(schema)) return anyShape;
	if (schema.length === 2) return marked(shapeFromSchema(schema[0]), schema[1]);
	if (schema.length < 5) return anyShape;
	const cached = made.get(schema);
	if (cached) return cached;
	const shape = marked(fromStatic(schema), schema[3]);
	made.set(schema, shape);
	return shape;
}

/** The input shape of an operation schema (`[9, namespace, name, traits, input, output]`). */
export function operationInput(operation: unknown): Shape | undefined {
	const schema = typeof operation === 'function' ? (operation as () => unknown)() : operation;
	if (!Array.isArray(schema) || schema[0] !== 9 || schema.length < 5) return undefined;
	return shapeFromSchema(schema[4]);
}

const made = new WeakMap<readonly unknown[], Shape>();

function fromStatic(schema: readonly unknown[]): Shape {
	switch (schema[0]) {
		case 0:
			return shapeFromSchema(schema[4]);
		case 1:
			return lazyList(() => shapeFromSchema(schema[4]));
		case 2:
			return lazyMap(() => shapeFromSchema(schema[5]));
		case 3:
		case -3:
		case 4: {
			const names = Array.isArray(schema[4]) ? (schema[4] as unknown[]).map(String) : [];
			const members = Array.isArray(schema[5]) ? (schema[5] as unknown[]) : [];
			return lazyStructure(names, index => shapeFromSchema(members[index]), schema[0] === 4);
		}
		case 9:
			return shapeFromSchema(schema[4]);
		default:
			return anyShape;
	}
}

function simple(code: number): Shape {
	if (code >= 64 && code < 128) return lazyList(() => simple(code & 0b0011_1111));
	if (code >= 128 && code <= 0b1111_1111) return lazyMap(() => simple(code & 0b0011_1111));
	switch (code) {
		case 0:
			return {kind: 'string'};
		case 1:
		case 17:
			return {kind: 'number'};
		case 2:
			return {kind: 'boolean'};
		case 4:
		case 5:
		case 6:
		case 7:
			return {kind: 'timestamp'};
		case 15:
			return {kind: 'document'};
		case 21:
			return {kind: 'blob'};
		case 42:
			return {kind: 'blob', streaming: true};
		default:
			return anyShape;
	}
}
