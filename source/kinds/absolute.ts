import {isAbsolute, resolve} from 'node:path';

/** A path a step names, made absolute against the run's directory (an absolute one is kept as written). */
export function absolute(path: string, cwd: string): string {
	return isAbsolute(path) ? path : resolve(cwd, path);
}
