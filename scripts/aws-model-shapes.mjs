// Input shapes of an AWS SDK client that carries no static schemas (an old client such as
// @aws-sdk/client-osis 3.332.0), read from its type declarations. Newer clients export their
// schemas (`RestoreDBInstanceFromDBSnapshot$`), which belay reads from the loaded module instead.
//
// The encoding, kept small for source/aws/catalog.json: a type is "string", "number", "boolean",
// "timestamp", "blob", "document" or "any"; the name of a structure in `shapes`; `[type]` for a
// list; `{"*": type}` for a map. A structure is `{member: type}`.

/** The interfaces of the models: name → {member: type text}. */
export function parseInterfaces(models) {
	const interfaces = new Map();
	for (const match of models.matchAll(/^export interface (\w+) \{\n([\s\S]*?)^\}/gm)) {
		const members = {};
		for (const member of match[2].matchAll(/^ {4}(\w+)\??: (.+);$/gm)) members[member[1]] = member[2];
		interfaces.set(match[1], members);
	}
	return interfaces;
}

/** The names declared as string enums (`export declare const PipelineStatus: {`). */
function enumNames(models) {
	return new Set([...models.matchAll(/^export declare const (\w+): \{/gm)].map(match => match[1]));
}

/** A type text as the catalog encodes it; structures it names are added to `wanted`. */
function encode(text, interfaces, enums, wanted) {
	const type = text.replace(/\s*\|\s*undefined$/, '').trim();
	const list = /^(.+)\[\]$/.exec(type);
	if (list) return [encode(list[1], interfaces, enums, wanted)];
	const map = /^Record<string, (.+)>$/.exec(type);
	if (map) return {'*': encode(map[1], interfaces, enums, wanted)};
	const union = type.split(/\s*\|\s*/);
	if (union.length > 1) return union.every(part => part === 'string' || enums.has(part)) ? 'string' : 'any';
	if (type === 'string' || enums.has(type)) return 'string';
	if (type === 'number' || type === 'boolean') return type;
	if (type === 'Date') return 'timestamp';
	if (type === 'Uint8Array') return 'blob';
	if (/DocumentType$/.test(type)) return 'document';
	if (interfaces.has(type)) {
		wanted.push(type);
		return type;
	}
	return 'any';
}

/** The structures the named inputs reach, encoded. */
export function inputShapes(models, roots) {
	const interfaces = parseInterfaces(models);
	const enums = enumNames(models);
	const shapes = {};
	const wanted = [...roots];
	while (wanted.length > 0) {
		const name = wanted.pop();
		if (shapes[name] || !interfaces.has(name)) continue;
		shapes[name] = {};
		for (const [member, text] of Object.entries(interfaces.get(name))) shapes[name][member] = encode(text, interfaces, enums, wanted);
	}
	return Object.fromEntries(Object.entries(shapes).sort(([a], [b]) => a.localeCompare(b)));
}

/** Every member name that holds a timestamp (`Date`) in any structure of the models, sorted. */
export function timestampMembers(models) {
	const names = new Set();
	for (const members of parseInterfaces(models).values()) {
		for (const [member, text] of Object.entries(members)) if (/^Date(\s*\|\s*undefined)?$/.test(text)) names.add(member);
	}
	return [...names].sort();
}
