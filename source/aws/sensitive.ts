import type {Shape} from './shape.js';

/**
 * The values of a request that its input shape marks sensitive (RDS's MasterUserPassword, Secrets
 * Manager's SecretString): every string and number under such a place, to be masked as secrets.
 */
export function sensitiveValues(value: unknown, shape: Shape): string[] {
	const found: string[] = [];
	if (!reachesSensitive(shape)) return found;
	const collect = (item: unknown): void => {
		if (typeof item === 'string' || typeof item === 'number') found.push(String(item));
		else if (Array.isArray(item)) item.forEach(collect);
		else if (item !== null && typeof item === 'object') Object.values(item).forEach(collect);
	};
	const walk = (item: unknown, at: Shape): void => {
		if (item === undefined || item === null) return;
		if (at.sensitive) return collect(item);
		if (at.kind === 'structure' && typeof item === 'object' && !Array.isArray(item)) {
			const members = item as Record<string, unknown>;
			for (const name in members) {
				const member = at.members.get(name);
				if (member && Object.hasOwn(members, name)) walk(members[name], member);
			}
		} else if (at.kind === 'list') {
			for (const child of Array.isArray(item) ? item : [item]) walk(child, at.member);
		} else if (at.kind === 'map' && typeof item === 'object') {
			for (const child of Object.values(item)) walk(child, at.value);
		}
	};
	walk(value, shape);
	return found;
}

const reaches = new WeakMap<Shape, boolean>();

/**
 * Whether any shape reachable from `shape` is marked sensitive, so that a request whose shape holds
 * none (DynamoDB's items: AttributeValue all the way down) is not walked value by value. Kept per
 * shape (the SDK's shapes are made once per schema); recursive shapes are visited once.
 */
export function reachesSensitive(shape: Shape): boolean {
	const known = reaches.get(shape);
	if (known !== undefined) return known;
	const seen = new Set<Shape>();
	const pending: Shape[] = [shape];
	let found = false;
	while (pending.length > 0 && !found) {
		const at = pending.pop()!;
		if (seen.has(at)) continue;
		seen.add(at);
		if (at.sensitive) found = true;
		else if (at.kind === 'structure') pending.push(...at.members.values());
		else if (at.kind === 'list') pending.push(at.member);
		else if (at.kind === 'map') pending.push(at.value);
	}
	reaches.set(shape, found);
	return found;
}
