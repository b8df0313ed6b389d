import {dirname, join} from 'node:path';
import {fileURLToPath} from 'node:url';
import {onPath} from './moto-server.js';

/**
 * The folder of belay's stand-in `repoman-cli` (source/sandbox/repoman/, which scripts/build.mjs
 * copies beside the bundle as dist/repoman/): what an operator puts on the PATH to rehearse the
 * SimpleDB runbooks in the sandbox.
 */
export function repomanStandInDir(): string {
	// The launcher says where the bundle is (import.meta is empty in the CommonJS bundle).
	const bundleDir = (globalThis as {__belayBundleDir?: string}).__belayBundleDir;
	return join(bundleDir ?? dirname(fileURLToPath(import.meta.url)), 'repoman');
}

/** The stand-in itself (a bash script that runs its .mjs with node). */
export function repomanStandIn(): string {
	return join(repomanStandInDir(), 'repoman-cli');
}

/** The line that puts the stand-in on a shell's PATH, or undefined when a `repoman-cli` is already on it. */
export function repomanPathLine(path = process.env['PATH']): string | undefined {
	return onPath('repoman-cli', path) ? undefined : `export PATH="${repomanStandInDir()}:$PATH"`;
}
