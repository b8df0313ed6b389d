import type {CatalogType, ServiceInfo} from './catalog.js';
import {anyShape, lazyList, lazyMap, lazyStructure, type Shape} from './shape.js';

/**
 * A Shape from the catalog's encoding (scripts/aws-model-shapes.mjs), for a client that carries no
 * static schemas: "string", "number", "boolean", "timestamp", "blob", "document", "any"; a
 * structure's name in `shapes`; `[type]` a list; `{"*": type}` a map.
 */
export function shapeFromCatalog(type: CatalogType, shapes: NonNullable<ServiceInfo['shapes']>): Shape {
	if (Array.isArray(type)) return lazyList(() => shapeFromCatalog((type as readonly [CatalogType])[0], shapes));
	if (typeof type === 'object') return lazyMap(() => shapeFromCatalog((type as {readonly '*': CatalogType})['*'], shapes));
	switch (type) {
		case 'string':
		case 'number':
		case 'boolean':
		case 'timestamp':
		case 'blob':
		case 'document':
			return {kind: type};
		default: {
			const structure = Object.hasOwn(shapes, type as string) ? shapes[type as string] : undefined;
			if (!structure) return anyShape;
			const names = Object.keys(structure);
			return lazyStructure(names, index => shapeFromCatalog(structure[names[index]!]!, shapes));
		}
	}
}
