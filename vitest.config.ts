import {defineConfig} from 'vitest/config';

export default defineConfig({
	test: {
		include: ['test/**/*.test.{ts,tsx}'],
		// Real ansible-playbook runs take seconds each; the machine has two cores.
		testTimeout: 120_000,
		hookTimeout: 60_000,
		fileParallelism: true,
		maxWorkers: 2,
		minWorkers: 1,
		// One retry for a test that fails once: real ansible runs on two loaded cores can miss a
		// timing window. Every retried test is named after the summary (test/reporters/retried.ts).
		retry: 1,
		reporters: ['default', './test/reporters/retried.ts'],
	},
});
