import {readFile} from 'node:fs/promises';
import type {Plugin} from 'vite';
import {defineConfig} from 'vitest/config';
import {inkReplacementFor} from './scripts/ink-replacements.mjs';

/** Ink and the packages that import it (one Ink for all, its modules resolved by Vite). */
const inkPackages = /[\\/]node_modules[\\/](ink|ink-[^\\/]+|@inkjs[\\/]ui)[\\/]/;

/**
 * belay's Output and widest-line in place of Ink's, as in the bundle (scripts/ink-replacements.mjs),
 * so the UI tests draw their screens with them. Vite resolves imports only in the modules it
 * transforms: Ink's packages are inlined (test.server.deps.inline).
 */
const inkReplacements: Plugin = {
	name: 'ink-replacements',
	enforce: 'pre',
	resolveId(specifier, importer) {
		return inkReplacementFor(specifier, importer)?.path;
	},
	// Their source maps name sources the packages do not ship (Vite would warn of each file).
	async load(id) {
		if (!inkPackages.test(id) || !id.endsWith('.js')) return undefined;
		return (await readFile(id, 'utf8')).replace(/\n\/\/# sourceMappingURL=\S+\s*$/, '\n');
	},
};

export default defineConfig({
	plugins: [inkReplacements],
	test: {
		include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
		globalSetup: ['test/global-setup.ts'],
		testTimeout: 30_000,
		hookTimeout: 60_000,
		pool: 'forks',
		// Most tests wait on the processes they start (belay, bash, moto, terraform, PostgreSQL): three
		// files at once keep 2 cores busy (vitest's default on 2 cores is one file at a time).
		maxWorkers: 3,
		server: {deps: {inline: [inkPackages]}},
		env: {
			AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
			CHECKPOINT_DISABLE: '1',
		},
	},
});
