/**
 * The shape of a command's input, as belay checks a resolved request against it before the call.
 * Made from the SDK's static schemas (sdk-schema.ts) or, for an old client without them, from
 * the catalog (catalog-shape.ts). Nested shapes may be read lazily: a recursive shape (DynamoDB's
 * AttributeValue) is walked only as deep as the value.
 */
export type Shape = (
	| {readonly kind: 'string' | 'number' | 'boolean' | 'timestamp' | 'document' | 'any'}
	/** Binary; a streamed body (S3's) also takes text as it is. */
	| {readonly kind: 'blob'; readonly streaming?: boolean}
	| {readonly kind: 'list'; readonly member: Shape}
	| {readonly kind: 'map'; readonly value: Shape}
	| {readonly kind: 'structure'; readonly members: ReadonlyMap<string, Shape>; readonly union?: boolean}) & {
	/** The SDK marks it sensitive (a password, a secret): its values are masked like secrets. */
	readonly sensitive?: boolean;
};

export const anyShape: Shape = {kind: 'any'};

/** A list whose member shape is made when first read. */
export function lazyList(member: () => Shape): Shape {
	let made: Shape | undefined;
	return {
		kind: 'list',
		get member() {
			return (made ??= member());
		},
	};
}

/** A map whose value shape is made when first read. */
export function lazyMap(value: () => Shape): Shape {
	let made: Shape | undefined;
	return {
		kind: 'map',
		get value() {
			return (made ??= value());
		},
	};
}

/** A structure whose member shapes are made when first read. */
export function lazyStructure(names: readonly string[], member: (index: number) => Shape, union = false): Shape {
	let made: ReadonlyMap<string, Shape> | undefined;
	return {
		kind: 'structure',
		...(union ? {union} : {}),
		get members() {
			return (made ??= new Map(names.map((name, index) => [name, member(index)])));
		},
	};
}

/** The shape marked sensitive, its lazy parts left lazy. */
export function sensitiveShape(shape: Shape): Shape {
	return Object.create(shape, {sensitive: {value: true, enumerable: true}}) as Shape;
}
