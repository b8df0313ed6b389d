import {execFileSync} from 'node:child_process';
import {existsSync, readdirSync, statSync} from 'node:fs';
import {join} from 'node:path';
import {fileURLToPath} from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

/** The newest modification time of the files under `dir`. */
function newest(dir: string): number {
	let latest = 0;
	for (const entry of readdirSync(dir, {withFileTypes: true})) {
		const path = join(dir, entry.name);
		latest = Math.max(latest, entry.isDirectory() ? newest(path) : statSync(path).mtimeMs);
	}
	return latest;
}

/**
 * Builds dist/ once for the real-process tests (they spawn `node dist/belay.js`), when it is missing
 * or older than what it is built from.
 */
export default function setup(): void {
	const dist = join(root, 'dist');
	const sources = Math.max(newest(join(root, 'source')), newest(join(root, 'scripts')), statSync(join(root, 'package.json')).mtimeMs);
	if (existsSync(join(dist, 'belay.js'))) {
		const built = Math.max(...readdirSync(dist, {withFileTypes: true}).filter(entry => entry.isFile()).map(entry => statSync(join(dist, entry.name)).mtimeMs));
		if (built >= sources) return;
	}
	execFileSync('npm', ['run', '--silent', 'build'], {cwd: root, stdio: 'inherit'});
}
