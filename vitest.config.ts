import {defineConfig} from 'vitest/config';

export default defineConfig({
	test: {
		include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
		globalSetup: ['test/global-setup.ts'],
		testTimeout: 30_000,
		hookTimeout: 60_000,
		pool: 'forks',
		// Most tests wait on the processes they start (belay, bash, moto, terraform, PostgreSQL): three
		// files at once keep 2 cores busy (vitest's default on 2 cores is one file at a time).
		maxWorkers: 3,
		env: {
			AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
			CHECKPOINT_DISABLE: '1',
		},
	},
});
