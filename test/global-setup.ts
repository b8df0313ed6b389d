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

/** Builds dist/belay.js once for the real-process tests, when it is missing or older than source/. */
export default function setup(): void {
	const bundle = join(root, 'dist', 'belay.js');
	const sources = Math.max(newest(join(root, 'source')), statSync(join(root, 'scripts', 'build.mjs')).mtimeMs);
	if (existsSync(bundle) && statSync(bundle).mtimeMs >= sources) return;
	execFileSync('npm', ['run', '--silent', 'build'], {cwd: root, stdio: 'inherit'});
}
