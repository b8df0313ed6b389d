import {accessSync, constants, statSync} from 'node:fs';
import {delimiter, join} from 'node:path';

/** Linux's MAX_ARG_STRLEN: the most one argument, or one NAME=value of the environment, can hold. */
export const argumentLimit = 128 * 1024;

/** What a shell step is about to start, and where its values came from (for the messages). */
export type StartPlan = {
	readonly key: string;
	readonly cwd: string;
	/** The whole environment the command gets. */
	readonly env: Readonly<Record<string, string | undefined>>;
	/** The names set by the step's own `env:`. */
	readonly stepEnv: readonly string[];
	/** The one command line the shell is given (the script and every value, quoted). */
	readonly commandLine: string;
	/** Each value passed as an argument, with the `${{ }}` it came from. */
	readonly values: readonly {readonly source: string; readonly value: string}[];
};

const kib = (bytes: number): string => `${Math.ceil(bytes / 1024)} KiB`;
const toFile = 'write it to a file (edit step) and pass the path';

/** Where bash is on a PATH, or undefined. */
export function findBash(path: string | undefined): string | undefined {
	for (const dir of (path ?? '').split(delimiter)) {
		if (dir === '') continue;
		const candidate = join(dir, 'bash');
		try {
			accessSync(candidate, constants.X_OK);
			if (statSync(candidate).isFile()) return candidate;
		} catch {}
	}
	return undefined;
}

/**
 * Why the command cannot start, checked before it is spawned (so nothing runs): its directory, bash
 * on the PATH it gets, values too big for a command line or an environment variable. The bash to
 * use when it can.
 */
export function checkStart(plan: StartPlan): {readonly problem: string} | {readonly bash: string} {
	const where = `(cwd of step '${plan.key}')`;
	try {
		if (!statSync(plan.cwd).isDirectory()) return {problem: `${plan.cwd} is not a directory ${where}`};
		accessSync(plan.cwd, constants.X_OK);
	} catch (error) {
		const code = (error as NodeJS.ErrnoException).code;
		if (code === 'ENOENT' || code === 'ENOTDIR') return {problem: `the directory ${plan.cwd} does not exist ${where}`};
		return {problem: `the directory ${plan.cwd} cannot be entered (${code ?? 'error'}) ${where}`};
	}
	const bash = findBash(plan.env['PATH']);
	if (!bash) {
		return {problem: `bash was not found on the PATH (${plan.env['PATH'] || 'empty'}): install bash, or set PATH in the step's env:`};
	}
	for (const [name, value] of Object.entries(plan.env)) {
		const bytes = Buffer.byteLength(`${name}=${value ?? ''}`);
		if (bytes < argumentLimit) continue;
		const what = plan.stepEnv.includes(name) ? `the value of ${name} (env: of step '${plan.key}')` : `the environment variable ${name}`;
		return {problem: `${what} is ${kib(Buffer.byteLength(value ?? ''))}; an environment variable can hold at most ${kib(argumentLimit)} — ${toFile}`};
	}
	const total = Buffer.byteLength(plan.commandLine);
	if (total >= argumentLimit) {
		const biggest = [...plan.values].sort((a, b) => Buffer.byteLength(b.value) - Buffer.byteLength(a.value))[0];
		if (biggest && Buffer.byteLength(biggest.value) * 2 >= total) {
			return {problem: `the value passed as \${{ ${biggest.source.trim()} }} is ${kib(Buffer.byteLength(biggest.value))}; a command argument can hold at most ${kib(argumentLimit)} — ${toFile}`};
		}
		return {problem: `the command with its values is ${kib(total)}; a command line can hold at most ${kib(argumentLimit)} — write the big values or the script to a file (edit step) and pass the path`};
	}
	return {bash};
}

/** A spawn that failed after the checks (a race, a limit of the system): the cause, in words. */
export function startFailure(error: unknown, plan: Pick<StartPlan, 'cwd' | 'key'>): string {
	const {code, message} = error as NodeJS.ErrnoException;
	switch (code) {
		case 'E2BIG':
			return 'the arguments and environment of the command are too big for the system (E2BIG) — write the big values to a file (edit step) and pass the path';
		case 'ENOENT':
			return `bash or the directory ${plan.cwd} (cwd of step '${plan.key}') was not found`;
		case 'EACCES':
		case 'EPERM':
			return `permission denied (${code}) running bash in ${plan.cwd}`;
		case 'EAGAIN':
		case 'ENOMEM':
			return `the system has no room for another process (${code}); try again when it is less busy`;
		default:
			return `${code ?? 'error'}: ${message ?? String(error)}`;
	}
}
