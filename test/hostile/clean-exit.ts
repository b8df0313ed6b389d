/**
 * What every hostile case checks: the documented exit code, an error a person can act on (the
 * expected lines, none of them a stack frame or belay's "unexpected" hint), and nothing run (a
 * canary file a shell step would have made is absent).
 */
import {chmodSync, existsSync} from 'node:fs';
import {expect} from 'vitest';
import {describeExit, type Exit} from '../cli/belay.js';

/** The lines of standard error, without the empty last one. */
export function stderrLines(exit: Exit): string[] {
	return exit.stderr.split('\n').filter(line => line !== '');
}

/**
 * The exit code, standard error of exactly `lines` lines (1: the cause and the next action on one
 * line), each of them text for a person: no `    at ` frame, no "BELAY_DEBUG=1 shows where" hint.
 */
export function expectClean(exit: Exit, code: number, {lines = 1, canary}: {lines?: number; canary?: string} = {}): string {
	const context = describeExit(exit);
	expect(exit.code, context).toBe(code);
	expect(exit.stderr, context).not.toMatch(/^\s+at /m);
	expect(exit.stderr, context).not.toContain('BELAY_DEBUG');
	expect(exit.stderr, context).not.toMatch(/RangeError|TypeError|Cannot read properties/);
	expect(stderrLines(exit), context).toHaveLength(lines);
	if (canary) expect(existsSync(canary), `${canary} exists: a step ran\n${context}`).toBe(false);
	return exit.stderr;
}

/** Whether this process runs as root (file modes do not stop root). */
export const isRoot = process.getuid?.() === 0;

/**
 * How to meet a permission check: as this user, or, when that is root (whom modes do not stop), as
 * nobody, with `dir` opened to it (readable and searchable).
 */
export function unprivileged(dir: string): {asUser?: number; env?: Record<string, string>} {
	if (!isRoot) return {};
	chmodSync(dir, 0o755);
	return {asUser: 65534, env: {HOME: dir}};
}
