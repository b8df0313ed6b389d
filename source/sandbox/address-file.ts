import {readFileSync, renameSync, unlinkSync, writeFileSync} from 'node:fs';
import {hostname} from 'node:os';
import {dirname, join} from 'node:path';
import {isProcessAlive} from '../ports/process-probe.js';
import {makeDirs} from '../store/make-dirs.js';
import {trustedDir, trustedStateRoot} from '../store/trusted-dir.js';

/** What a running `belay sandbox` announces in the state dir, so sandbox environments find it. */
export type SandboxAddress = {
	readonly pid: number;
	readonly host: string;
	readonly startedAt: string;
	/** The region its clients should name (any works against the emulators; one for all). */
	readonly region: string;
	/** Runbook service name (dynamodb, s3, ...) → URL on this machine. */
	readonly endpoints: Readonly<Record<string, string>>;
	/**
	 * Where a call to any other AWS service goes (moto serves them all: SimpleDB, EC2, ...): shell
	 * steps of sandbox runs get it as AWS_ENDPOINT_URL, so the tools they run stay on this machine.
	 */
	readonly otherServices?: string;
};

/** The file a running sandbox writes its address to: `<state dir>/sandbox/address.json`. */
export function sandboxFile(stateRoot: string): string {
	return join(stateRoot, 'sandbox', 'address.json');
}

/** Writes the address whole (a temporary file renamed into place), readable by its owner only. */
export function writeSandboxAddress(stateRoot: string, address: SandboxAddress): string {
	makeDirs(dirname(stateRoot), stateRoot);
	trustedStateRoot(stateRoot);
	const file = sandboxFile(stateRoot);
	trustedDir(dirname(file));
	const temporary = `${file}.${process.pid}.tmp`;
	writeFileSync(temporary, `${JSON.stringify(address, null, 2)}\n`, {mode: 0o600});
	renameSync(temporary, file);
	return file;
}

/** The announced sandbox: none, one whose process is gone (a stale file), or one running. */
export type AnnouncedSandbox =
	| {readonly kind: 'none'}
	| {readonly kind: 'gone'; readonly address: SandboxAddress}
	| {readonly kind: 'running'; readonly address: SandboxAddress};

export function readSandboxAddress(stateRoot: string): AnnouncedSandbox {
	let address: SandboxAddress;
	try {
		address = JSON.parse(readFileSync(sandboxFile(stateRoot), 'utf8')) as SandboxAddress;
	} catch {
		return {kind: 'none'};
	}
	if (typeof address !== 'object' || address === null || typeof address.endpoints !== 'object' || address.endpoints === null) return {kind: 'none'};
	const alive = address.host !== hostname() || isProcessAlive(address.pid);
	return alive ? {kind: 'running', address} : {kind: 'gone', address};
}

/** Removes the address file when it is this process's (a later sandbox may have replaced it). */
export function removeSandboxAddress(stateRoot: string, pid = process.pid): void {
	const announced = readSandboxAddress(stateRoot);
	if (announced.kind === 'none' || announced.address.pid !== pid) return;
	try {
		unlinkSync(sandboxFile(stateRoot));
	} catch {}
}
