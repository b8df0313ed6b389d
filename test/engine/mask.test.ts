/**
 * `maskSecrets` and `maskWhole`: what is left of a secret in a value that is journaled or shown.
 */
import {describe, expect, it} from 'vitest';
import {MASK, maskSecrets, maskWhole} from '../../source/engine/mask.js';

describe('maskSecrets', () => {
	it('replaces every occurrence of a secret inside a string', () => {
		expect(maskSecrets('key=hunter2; again hunter2hunter2', ['hunter2'])).toBe('key=***; again ******');
	});

	it('masks strings at any depth of objects and lists, keeping the shape and the keys', () => {
		const value = {
			exitCode: 0,
			stdout: 'token hunter2 accepted',
			env: {API_KEY: 'hunter2', RETRIES: '3'},
			lines: ['one', 'hunter2', ['deeper hunter2']],
		};
		expect(maskSecrets(value, ['hunter2'])).toEqual({
			exitCode: 0,
			stdout: 'token *** accepted',
			env: {API_KEY: '***', RETRIES: '3'},
			lines: ['one', '***', ['deeper ***']],
		});
	});

	it('does not change the value it is given', () => {
		const value = {stdout: 'hunter2', list: ['hunter2']};
		maskSecrets(value, ['hunter2']);
		expect(value).toEqual({stdout: 'hunter2', list: ['hunter2']});
	});

	it('masks the longest of overlapping secrets first, so no part of it is left in clear', () => {
		// `pass` alone first would leave `word-2026` of the longer secret in clear.
		expect(maskSecrets('login pass then password-2026', ['pass', 'password-2026'])).toBe('login *** then ***');
		expect(maskSecrets('login pass then password-2026', ['password-2026', 'pass'])).toBe('login *** then ***');
	});

	// Once a bug: two secrets that overlap in a text without one holding the other (the end of one is the
	// start of the next) are masked one after the other, so the part of the second that is not in
	// the first is left in clear: 'tiger-2026-blue' with secrets 'tiger-2026' and '2026-blue' shows
	// '***-blue'. Masking the union of where every secret occurs would leave nothing.
	it('leaves no part in clear of two secrets that overlap', () => {
		expect(maskSecrets('login tiger-2026-blue', ['tiger-2026', '2026-blue'])).toBe('login ***');
		expect(maskSecrets('xabcdefx', ['abc', 'bcdef'])).toBe('x***x');
	});

	it('masks every secret given', () => {
		expect(maskSecrets('user admin, key AKIAEXAMPLE', ['admin', 'AKIAEXAMPLE'])).toBe('user ***, key ***');
	});

	it('ignores an empty secret instead of masking between every character', () => {
		expect(maskSecrets('plain text', [''])).toBe('plain text');
		expect(maskSecrets('key hunter2', ['', 'hunter2'])).toBe('key ***');
	});

	// Once a leak: a secret number (a `type: number` secret input, a number a secret step returned)
	// was journaled as it was, because only strings were masked.
	it('masks a number that is a secret, and leaves booleans, null and undefined untouched', () => {
		expect(maskSecrets({port: 1234, ok: true, none: null}, ['1234', 'true', 'null'])).toEqual({port: '***', ok: true, none: null});
		expect(maskSecrets(1234, ['1234'])).toBe('***');
		expect(maskSecrets(12345, ['1234'])).toBe(12345);
		expect(maskSecrets(undefined, ['x'])).toBeUndefined();
	});

	it('masks a secret in every form belay writes it: shell-quoted, JSON- and YAML-escaped, each line of a multi-line one', () => {
		const secret = `it's "$HOME" \\ \`x\``;
		expect(maskSecrets(`cmd 'it'\\''s "$HOME" \\ \`x\`'`, [secret])).not.toContain("it'\\''s");
		expect(maskSecrets(JSON.stringify({password: secret}), [secret])).toBe('{"password":"***"}');
		expect(maskSecrets(`pw: '${secret.replace(/'/g, "''")}'`, [secret])).toBe("pw: '***'");
		expect(maskSecrets(`echo "${secret.replace(/(["\\$`])/g, '\\$1')}"`, [secret])).toBe('echo "***"');
		const pem = '-----BEGIN KEY-----\nMIIBOgIBAAJBAKj34GkxFhD9\n0Tx2vQ==\n-----END KEY-----';
		expect(maskSecrets(['MIIBOgIBAAJBAKj34GkxFhD9', '0Tx2vQ==', 'nothing'], [pem])).toEqual(['***', '***', 'nothing']);
	});

	it('returns a value without secrets as it was', () => {
		expect(maskSecrets({stdout: 'nothing here'}, ['hunter2'])).toEqual({stdout: 'nothing here'});
		expect(maskSecrets('nothing here', [])).toBe('nothing here');
	});
});

describe('maskWhole', () => {
	it('shows a scalar or a list as *** whole', () => {
		expect(maskWhole('hunter2')).toBe(MASK);
		expect(maskWhole(42)).toBe('***');
		expect(maskWhole(false)).toBe('***');
		expect(maskWhole(null)).toBe('***');
		expect(maskWhole(['a', 'b'])).toBe('***');
	});

	it('keeps an object keys, with every value *** however deep it was', () => {
		expect(maskWhole({stdout: 'hunter2', exitCode: 0, nested: {deep: 'x'}})).toEqual({stdout: '***', exitCode: '***', nested: '***'});
		expect(maskWhole({})).toEqual({});
	});

	it('leaves no value as no value', () => {
		expect(maskWhole(undefined)).toBeUndefined();
	});
});
