import type {Shape} from './shape.js';

/**
 * The values of a request that its input shape marks sensitive (RDS's MasterUserPassword, Secrets
 * Manager's SecretString): every string and number under such a place, to be masked as secrets.
 */
export function sensitiveValues(value: unknown, shape: Shape): string[] {
	const found: string[] = [];
	const collect = (item: unknown): void => {
		if (typeof item === 'string' || typeof item === 'number') found.push(String(item));
		else if (Array.isArray(item)) item.forEach(collect);
		else if (item !== null && typeof item === 'object') Object.values(item).forEach(collect);
	};
	const walk = (item: unknown, at: Shape): void => {
		if (item === undefined || item === null) return;
		if (at.sensitive) return collect(item);
		if (at.kind === 'structure' && typeof item === 'object' && !Array.isArray(item)) {
			for (const [name, child] of Object.entries(item)) {
				const member = at.members.get(name);
				if (member) walk(child, member);
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
